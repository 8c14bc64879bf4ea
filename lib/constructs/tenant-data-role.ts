import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tenantSessionTag } from '../../shared/topology/tenant-role.ts';
import { acknowledgeWildcardResource } from '../nag.ts';

export interface TenantDataRoleProps {
  /** The single table; the role reaches the items of one tenant in it. */
  readonly table: dynamodb.ITableV2;
  /** The table's indexes a tenant may query (`GSI1`); their partition keys are tenant first too. */
  readonly indexNames: readonly string[];
  /** The bucket of charger files, keyed `<tenantId>/…`. */
  readonly filesBucket: s3.IBucket;
  /** The roles of the functions that serve a tenant: the only principals trusted to assume this role. */
  readonly assumedBy: readonly iam.IRole[];
}

/** The tenant the session is tagged with, as an IAM policy variable. */
export const tenantTagVariable = `\${aws:PrincipalTag/${tenantSessionTag}}`;

/**
 * Item actions a tenant's data needs. Transactions are authorized per item by these; Scan and the PartiQL
 * actions are left out on purpose: they name no leading key, and `ForAllValues` over no key would be true.
 */
export const tenantItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * The tenant role (AWS SaaS pattern, attribute-based): one role for every tenant, assumed by the tenant-serving
 * functions with the tenant as session tag (`shared/adapters/tenant-credentials.ts`). Its DynamoDB statement
 * allows only partition keys `TENANT#<tag>` and `TENANT#<tag>#*` (`dynamodb:LeadingKeys`: the table's PK for
 * item operations, the index's partition key for a Query on `GSI1`), its S3 statement only `<tag>/*`. The trust
 * policy admits the listed function roles, only with a non-empty tenant tag and no other tag. Sessions last an
 * hour: the most role chaining (a Lambda role assuming another) allows.
 */
export class TenantDataRole extends Construct {
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string, props: TenantDataRoleProps) {
    super(scope, id);
    if (props.assumedBy.length === 0) throw new Error('TenantDataRole needs at least one role to trust');

    const trusted = new iam.CompositePrincipal(
      ...props.assumedBy.map((role) => new iam.ArnPrincipal(role.roleArn)),
    );
    this.role = new iam.Role(this, 'Role', {
      description:
        'Data of one tenant: assumed by the tenant-serving functions with the tenant as session tag',
      assumedBy: new iam.PrincipalWithConditions(trusted, {
        StringLike: { [`aws:RequestTag/${tenantSessionTag}`]: '?*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [tenantSessionTag] },
      }).withSessionTags(),
    });

    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TenantItems',
        actions: [...tenantItemActions],
        resources: [
          props.table.tableArn,
          ...props.indexNames.map((indexName) => `${props.table.tableArn}/index/${indexName}`),
        ],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [`TENANT#${tenantTagVariable}`, `TENANT#${tenantTagVariable}#*`],
          },
        },
      }),
    );
    acknowledgeWildcardResource(
      this.role,
      props.filesBucket.arnForObjects(`${tenantTagVariable}/*`),
      "the objects under the session's own tenant prefix: the wildcard is the tenant's keys, never another's",
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TenantFiles',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.filesBucket.arnForObjects(`${tenantTagVariable}/*`)],
      }),
    );
  }

  /** Lets `grantee` assume the role with a session tag; its role must also be among `assumedBy`. */
  public grantAssume(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      resourceArns: [this.role.roleArn],
    });
  }
}
