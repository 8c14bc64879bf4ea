import { describe, expect, it } from 'vitest';
import { functions, httpRoutes } from '../../shared/topology/index.ts';
import { logicalIdOf, synthesizeCsms } from './synth.ts';

/**
 * A function's resource policy is capped at 20 KB; one `AWS::Lambda::Permission` per route breaks it at about 30
 * routes (aws-cdk#19535, `PolicyLengthExceededException`). Every function must stay within a small, fixed number
 * of statements however many routes it serves.
 */
const maxPermissionsPerFunction = 3;

type Resources = Record<string, { Properties: { FunctionName: unknown; SourceArn?: unknown } }>;

describe('Lambda resource policies', () => {
  const { template } = synthesizeCsms();
  const permissions = Object.values(template.findResources('AWS::Lambda::Permission') as Resources);
  const permissionsOf = (id: keyof typeof functions) => {
    const logicalId = logicalIdOf(template, 'AWS::Lambda::Function', {
      Description: functions[id].description,
    });
    return permissions.filter(
      (permission) =>
        JSON.stringify(permission.Properties.FunctionName) ===
        JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }),
    );
  };

  it('has the premise: the api function serves many more routes than the bound', () => {
    // Assess
    expect(httpRoutes.filter((route) => route.function === 'api').length).toBeGreaterThan(
      maxPermissionsPerFunction * 10,
    );
  });

  it.each(Object.keys(functions))(`%s has at most ${maxPermissionsPerFunction} permissions`, (id) => {
    // Assess
    expect(permissionsOf(id as keyof typeof functions).length).toBeLessThanOrEqual(maxPermissionsPerFunction);
  });

  it('lets the HTTP API invoke the api function through one API-wide permission', () => {
    // Act
    const apiPermissions = permissionsOf('api');

    // Assess
    expect(apiPermissions).toHaveLength(1);
    const sourceArn = JSON.stringify(apiPermissions[0]?.Properties.SourceArn);
    expect(sourceArn).toContain('TenantApi');
    expect(sourceArn).toContain('/*/*/*');
  });
});
