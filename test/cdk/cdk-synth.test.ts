import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../shared/topology/functions.ts';

const run = promisify(execFile);

type Template = {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
};

/** `npx cdk synth` exactly as a user runs it, offline, with real esbuild bundling of every function. */
describe('npx cdk synth', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'csms-cdk-out-'));
  let template: Template;

  beforeAll(async () => {
    await run('npx', ['cdk', 'synth', '--quiet', '--output', outDir], {
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CI: 'true' },
      timeout: 240_000,
    });
    template = JSON.parse(readFileSync(join(outDir, 'Csms.template.json'), 'utf8')) as Template;
  }, 240_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const resourcesOf = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

  it('synthesizes every architectural element', () => {
    // Assess
    const counts = Object.fromEntries(
      [
        'AWS::CloudFront::Distribution',
        'AWS::CloudFront::Function',
        'AWS::ApiGatewayV2::Api',
        'AWS::ApiGatewayV2::Authorizer',
        'AWS::DynamoDB::GlobalTable',
        'AWS::Events::EventBus',
        'AWS::Events::Rule',
        'AWS::StepFunctions::StateMachine',
        'AWS::CloudWatch::Dashboard',
        'AWS::Lambda::Function',
      ].map((type) => [type, resourcesOf(type).length]),
    );
    expect(counts).toMatchObject({
      'AWS::CloudFront::Distribution': 1,
      'AWS::CloudFront::Function': 1,
      'AWS::ApiGatewayV2::Api': 2,
      'AWS::ApiGatewayV2::Authorizer': 2,
      'AWS::DynamoDB::GlobalTable': 1,
      'AWS::Events::EventBus': 1,
      'AWS::Events::Rule': 8, // billing, load balancing (status, sessions, limit changes), webhooks, self-healing, ghost detection, the sweep's schedule
      'AWS::StepFunctions::StateMachine': 4,
      'AWS::CloudWatch::Dashboard': 1,
    });
    const handlers = resourcesOf('AWS::Lambda::Function').filter(
      (fn) => fn.Properties?.Runtime === 'nodejs24.x',
    );
    expect(handlers).toHaveLength(Object.keys(functions).length);
  });

  it('bundles every function into an ESM file that loads on Node 24 with the stack’s environment', async () => {
    // Prepare
    const bundles = resourcesOf('AWS::Lambda::Function')
      .filter((fn) => fn.Properties?.Runtime === 'nodejs24.x')
      .map((fn) => join(outDir, String(fn.Metadata?.['aws:asset:path']), 'index.mjs'));
    expect(bundles.every((bundle) => existsSync(bundle))).toBe(true);
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'csms',
      EVENT_BUS_NAME: 'csms',
      CONNECTIONS_ENDPOINT: 'https://example.execute-api.eu-west-1.amazonaws.com/ocpp',
      OCPP_BASE_URL: 'wss://example.cloudfront.net/ocpp',
      CALL_QUEUE_TIMER_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/call-queue-timer',
      AWS_ACCESS_KEY_ID: 'none',
      AWS_SECRET_ACCESS_KEY: 'none',
    };

    // Act: importing runs the cold start (config, clients, schemas), but calls no AWS service.
    const loaded = await Promise.all(
      bundles.map((bundle) =>
        run(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
          ],
          { env, timeout: 30_000 },
        ).then(({ stdout }) => stdout.trim()),
      ),
    );

    // Assess
    expect(loaded).toEqual(bundles.map(() => 'function'));
  });
});
