import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CsmsStack, type CsmsStackProps } from '../../lib/csms-stack.ts';

/** Feature flags of cdk.json, so that tests synthesize what `cdk synth` would. */
const cdkJsonContext = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * An app that skips asset bundling: NodejsFunction does not run esbuild (the handlers' code is not needed to
 * check the template), which keeps these tests fast and independent of the handler code.
 */
export const appWithoutBundling = (): App =>
  new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });

export interface Synthesized {
  readonly stack: CsmsStack;
  readonly template: Template;
}

export const synthesizeCsms = (props: CsmsStackProps = {}): Synthesized => {
  const stack = new CsmsStack(appWithoutBundling(), 'Csms', props);
  return { stack, template: Template.fromStack(stack) };
};

type Resources = Record<string, { Properties?: Record<string, unknown> }>;

/** Logical id of the one resource of `type` matching `props`; fails if there is not exactly one. */
export const logicalIdOf = (template: Template, type: string, props: Record<string, unknown>): string => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} matching ${JSON.stringify(props)}, found ${ids.length}`);
  }
  return ids[0] as string;
};

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every statement of the identity policies attached to the role `roleLogicalId`. */
export const statementsOfRole = (template: Template, roleLogicalId: string): PolicyStatement[] => {
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  return Object.values(policies)
    .filter((policy) =>
      ((policy.Properties?.Roles ?? []) as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap(
      (policy) =>
        (policy.Properties?.PolicyDocument as { Statement: PolicyStatement[] } | undefined)?.Statement ?? [],
    );
};

/** Actions granted to the role `roleLogicalId`, flattened. */
export const actionsOfRole = (template: Template, roleLogicalId: string): string[] =>
  statementsOfRole(template, roleLogicalId).flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

/** Logical id of the execution role of the Lambda function `functionLogicalId`. */
export const roleOfFunction = (template: Template, functionLogicalId: string): string => {
  const fn = (template.findResources('AWS::Lambda::Function') as Resources)[functionLogicalId];
  const role = fn?.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined;
  if (role === undefined) {
    throw new Error(`no role for ${functionLogicalId}`);
  }
  return role['Fn::GetAtt'][0];
};
