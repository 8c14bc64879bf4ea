import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tenantItemActions } from '../../lib/constructs/tenant-data-role.ts';
import { configEnv } from '../../shared/config.ts';
import { functions } from '../../shared/topology/index.ts';
import { logicalIdOf, roleOfFunction, statementsOfRole, synthesizeCsms } from './synth.ts';

type Statement = {
  Effect: string;
  Action: string | string[];
  Principal?: { AWS?: unknown };
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
};
const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
// The IAM policy variable, literally.
const tag = `\${aws:PrincipalTag/tenant}`;

describe('the tenant role', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: string): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', {
      Description: functions[id as keyof typeof functions].description,
    });
  const tenantRoleId = logicalIdOf(template, 'AWS::IAM::Role', {
    Description: Match.stringLikeRegexp('^Data of one tenant'),
  });
  const tableId = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0]!;
  const bucketId = Object.keys(template.findResources('AWS::S3::Bucket'))[0]!;
  const tenantServing = Object.entries(functions)
    .filter(([, spec]) => spec.access.tenantData)
    .map(([id]) => id);

  it('is assumed by the tenant API, $default, the workflow tasks, the webhook functions and the liveness sweep', () => {
    // Assess
    expect(tenantServing.sort()).toEqual(
      [
        'api',
        'sweep-silent-chargers',
        'balance-site',
        'heal-charger',
        'call-queue-timer',
        'check-site-managed',
        'bill-session',
        'webhook-delivery',
        'webhook-fan-out',
        'ws-default',
      ].sort(),
    );
  });

  it('trusts exactly the tenant-serving functions, only with a tenant session tag and no other', () => {
    // Act
    const role = template.findResources('AWS::IAM::Role')[tenantRoleId]!;
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;

    // Assess
    const trusted = trust.flatMap((statement) => [statement.Principal?.AWS].flat());
    expect(trusted).toHaveLength(tenantServing.length);
    expect(trusted).toEqual(
      expect.arrayContaining(
        tenantServing.map((id) => ({
          'Fn::GetAtt': [roleOfFunction(template, functionLogicalId(id)), 'Arn'],
        })),
      ),
    );
    for (const statement of trust) {
      expect(statement.Effect).toBe('Allow');
      expect(actionsOf(statement).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(statement.Condition).toEqual({
        StringLike: { 'aws:RequestTag/tenant': '?*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenant'] },
      });
    }
  });

  it("reaches only keys led by the session's tenant, in the table and GSI1, without Scan or PartiQL", () => {
    // Act
    const statements = statementsOfRole(template, tenantRoleId) as Statement[];
    const dynamo = statements.filter((statement) =>
      actionsOf(statement).some((a) => a.startsWith('dynamodb:')),
    );

    // Assess
    expect(dynamo).toHaveLength(1);
    const [statement] = dynamo as [Statement];
    expect(statement.Effect).toBe('Allow');
    expect(actionsOf(statement).sort()).toEqual([...tenantItemActions].sort());
    expect(actionsOf(statement)).not.toContain('dynamodb:Scan');
    expect(actionsOf(statement).filter((action) => action.includes('PartiQL'))).toEqual([]);
    expect(statement.Resource).toEqual([
      { 'Fn::GetAtt': [tableId, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/GSI1']] },
    ]);
    expect(statement.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`TENANT#${tag}`, `TENANT#${tag}#*`] },
    });
  });

  it("reaches only the tenant's prefix of the files bucket", () => {
    // Act
    const statements = statementsOfRole(template, tenantRoleId) as Statement[];
    const s3 = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith('s3:')));

    // Assess
    expect(s3).toHaveLength(1);
    expect(actionsOf(s3[0]!).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(s3[0]!.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${tag}/*`]],
    });
    expect(statements).toHaveLength(2);
  });

  it.each(Object.keys(functions))('%s may assume it exactly when it serves a tenant', (id) => {
    // Act
    const statements = statementsOfRole(
      template,
      roleOfFunction(template, functionLogicalId(id)),
    ) as Statement[];
    const assume = statements.filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));

    // Assess
    if (!tenantServing.includes(id)) return expect(assume).toEqual([]);
    expect(assume).toHaveLength(1);
    expect(actionsOf(assume[0]!).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(assume[0]!.Resource).toEqual({ 'Fn::GetAtt': [tenantRoleId, 'Arn'] });
  });

  it.each(['ws-default', 'call-queue-timer', 'check-site-managed', 'bill-session'])(
    '%s has no table access of its own',
    (id) => {
      // Act
      const statements = statementsOfRole(
        template,
        roleOfFunction(template, functionLogicalId(id)),
      ) as Statement[];

      // Assess
      expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    },
  );

  it('is named to every function in TENANT_ROLE_ARN', () => {
    // Assess
    for (const id of Object.keys(functions)) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: functions[id as keyof typeof functions].description,
        Environment: {
          Variables: Match.objectLike({ [configEnv.tenantRoleArn]: { 'Fn::GetAtt': [tenantRoleId, 'Arn'] } }),
        },
      });
    }
  });
});
