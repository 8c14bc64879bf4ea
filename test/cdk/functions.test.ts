import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CsmsFunction } from '../../lib/constructs/csms-function.ts';
import { configEnv, defaultHeartbeatIntervalSeconds } from '../../shared/config.ts';
import { functions, observabilityOf, websocketRoutes } from '../../shared/topology/index.ts';
import { appWithoutBundling, logicalIdOf, synthesizeCsms } from './synth.ts';

const functionSpecs = Object.entries(functions);

describe('Lambda functions', () => {
  const { stack, template } = synthesizeCsms();

  it('skips bundling in these tests (no esbuild run, handler code not needed)', () => {
    // Assess
    expect(stack.bundlingRequired).toBe(false);
  });

  it('creates one function per topology entry', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', functionSpecs.length);
    expect(functionSpecs).toHaveLength(14);
  });

  it.each(functionSpecs)('%s runs Node.js 24 on arm64 with the tracing mode of the topology', (_id, spec) => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: spec.description,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: spec.tracing.mode },
      Handler: 'index.handler',
      MemorySize: spec.memoryMb ?? 256,
      Timeout: spec.timeoutSeconds ?? 10,
    });
  });

  it.each(functionSpecs)('%s gets the whole configuration environment', (_id, spec) => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: spec.description,
      Environment: {
        Variables: Match.objectLike({
          [configEnv.tableName]: { Ref: Match.stringLikeRegexp('^DataTable') },
          [configEnv.eventBusName]: { Ref: Match.stringLikeRegexp('^WorkflowsBus') },
          [configEnv.connectionsEndpoint]: {
            'Fn::Join': [
              '',
              [
                'https://',
                { Ref: Match.stringLikeRegexp('^GatewayApi') },
                '.execute-api.',
                { Ref: 'AWS::Region' },
                '.',
                { Ref: 'AWS::URLSuffix' },
                '/ocpp',
              ],
            ],
          },
          [configEnv.adminKeySha256]: { Ref: 'AdminKeySha256' },
          [configEnv.heartbeatIntervalSeconds]: String(defaultHeartbeatIntervalSeconds),
          [configEnv.apiRateLimitPerSecond]: '50',
          [configEnv.commandWaitSeconds]: '25',
          [configEnv.commandTimeoutSeconds]: '60',
          [configEnv.filesBucket]: { Ref: Match.stringLikeRegexp('^FilesBucket') },
          [configEnv.ocppBaseUrl]: {
            'Fn::Join': [
              '',
              [
                'wss://',
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayDistribution'), 'DomainName'] },
                '/ocpp',
              ],
            ],
          },
          POWERTOOLS_SERVICE_NAME: 'csms',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it.each(functionSpecs)(
    '%s logs JSON at its declared levels, and Powertools at the same application level',
    (id, spec) => {
      // Prepare
      const { logLevel, systemLogLevel } = observabilityOf(id as keyof typeof functions);

      // Assess
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: logLevel,
          SystemLogLevel: systemLogLevel,
          LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') },
        },
        Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: logLevel }) },
      });
    },
  );

  it('drops the platform lines of every function and samples none of the charger message path', () => {
    // Prepare
    const chargerPath = [websocketRoutes.authorizer.function, ...Object.values(websocketRoutes.routes)];

    // Assess
    expect(new Set(chargerPath)).toEqual(
      new Set(['ws-authorizer', 'ws-connect', 'ws-default', 'ws-disconnect']),
    );
    for (const id of chargerPath) {
      expect(observabilityOf(id)).toMatchObject({ tracing: 'PassThrough', logLevel: 'WARN' });
    }
    for (const [id, spec] of functionSpecs) {
      expect(observabilityOf(id as keyof typeof functions).systemLogLevel).toBe('WARN');
      expect(spec.tracing.why).not.toBe('');
    }
    expect(observabilityOf('api').tracing).toBe('Active');
  });

  it.each(functionSpecs)('%s logs to its own log group with a retention', (_id, spec) => {
    // Prepare
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', { Description: spec.description });
    const logGroupRef = (
      template.findResources('AWS::Lambda::Function')[functionId] as {
        Properties: { LoggingConfig: { LogGroup: { Ref: string } } };
      }
    ).Properties.LoggingConfig.LogGroup.Ref;

    // Assess
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupRef]).toMatchObject({
      Properties: { RetentionInDays: 30 },
    });
  });
});

describe('CsmsFunction defaults', () => {
  it('applies the defaults and lets a prop override them', () => {
    // Prepare
    const stack = new Stack(appWithoutBundling(), 'Fn');

    // Act
    new CsmsFunction(stack, 'Probe', {
      entry: 'functions/api.ts',
      memorySize: 1024,
      logRetention: logs.RetentionDays.ONE_WEEK,
      environment: { EXTRA: 'yes' },
    });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 10,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'WARN' },
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'csms',
          POWERTOOLS_METRICS_NAMESPACE: 'Csms',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          NODE_OPTIONS: '--enable-source-maps',
          EXTRA: 'yes',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('states PassThrough in the template and keeps the log levels of Lambda and Powertools in step', () => {
    // Prepare
    const stack = new Stack(appWithoutBundling(), 'Fn');

    // Act
    new CsmsFunction(stack, 'Probe', {
      entry: 'functions/api.ts',
      tracing: lambda.Tracing.PASS_THROUGH,
      applicationLogLevel: lambda.ApplicationLogLevel.FATAL,
      systemLogLevel: lambda.SystemLogLevel.INFO,
    });

    // Assess: Powertools calls Lambda's FATAL CRITICAL.
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'PassThrough' },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'FATAL', SystemLogLevel: 'INFO' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'CRITICAL' }) },
    });
  });
});
