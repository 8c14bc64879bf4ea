import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) acknowledgments, each with its reason, placed next to the code that causes the finding.
 * A finding id names the exact wildcard (`AwsSolutions-IAM5[Resource::<Table.Arn>/index/*]`), so one
 * acknowledgment covers that wildcard only, never the rule as a whole.
 */

/** How cdk-nag prints a resolved value in a finding id: `Ref` as `<Id>`, `Fn::GetAtt` as `<Id.Attr>`, joins flat. */
const flattened = (node: unknown): string => {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattened).join(delimiter);
  }
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattened(resource)}.${flattened(attribute)}>`;
  }
  if (value.Ref) return `<${flattened(value.Ref)}>`;
  return JSON.stringify(node);
};

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::{resourceArn}]` (the ARN as cdk-nag prints it) on the principal of
 * `grantee` (a function's role, and the policies under it), with `reason`.
 */
export const acknowledgeWildcardResource = (
  grantee: iam.IGrantable,
  resourceArn: string,
  reason: string,
): void => {
  const principal: unknown = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  const scope = principal as IConstruct;
  const resource = flattened(Stack.of(scope).resolve(resourceArn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
};
