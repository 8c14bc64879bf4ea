import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CsmsStack } from '../../lib/csms-stack.ts';
import { configEnv } from '../../shared/config.ts';
import { defaultSettings, tunableSettingSpecs, validateSettings } from '../../shared/settings.ts';
import { functions, queues, stateMachines, websocketRoutes } from '../../shared/topology/index.ts';
import {
  actionsOfRole,
  appWithoutBundling,
  logicalIdOf,
  roleOfFunction,
  statementsOfRole,
  synthesizeCsms,
} from './synth.ts';

const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('CsmsStack', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });

  describe('least privilege from each function access', () => {
    it.each(Object.entries(functions))('%s can touch the table only as its access says', (id, spec) => {
      // Act
      const actions = actionsOfRole(
        template,
        roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
      );

      // Assess
      expect(actions.includes('dynamodb:GetItem')).toBe(spec.access.table !== undefined);
      for (const write of tableWriteActions) {
        expect(actions.includes(write)).toBe(spec.access.table === 'readWrite');
      }
    });

    it.each(Object.entries(functions))('%s can publish events only if its access says so', (id, spec) => {
      // Act
      const actions = actionsOfRole(
        template,
        roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
      );

      // Assess
      expect(actions.includes('events:PutEvents')).toBe(spec.access.publishEvents === true);
    });

    it('keeps the charger authorizer read-only: no write, no events, no connections', () => {
      // Act
      const actions = actionsOfRole(template, roleOfFunction(template, functionLogicalId('ws-authorizer')));

      // Assess
      expect(actions.filter((action) => tableWriteActions.includes(action))).toEqual([]);
      expect(actions).not.toContain('events:PutEvents');
      expect(actions).not.toContain('execute-api:ManageConnections');
    });

    it.each(Object.keys(functions))(
      '%s writes logs to its own log group only, with no managed policy (no AWSLambdaBasicExecutionRole)',
      (id) => {
        // Prepare
        const fnId = functionLogicalId(id as keyof typeof functions);
        const role = roleOfFunction(template, fnId);
        const fn = template.findResources('AWS::Lambda::Function')[fnId] as {
          Properties: { LoggingConfig: { LogGroup: { Ref: string } } };
        };

        // Act
        const logStatements = statementsOfRole(template, role).filter((s) =>
          [s.Action].flat().some((action) => action.startsWith('logs:')),
        );

        // Assess
        expect(
          (template.findResources('AWS::IAM::Role')[role] as { Properties: Record<string, unknown> })
            .Properties.ManagedPolicyArns,
        ).toBeUndefined();
        expect(logStatements).toEqual([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] },
          },
        ]);
      },
    );

    it('grants nothing beyond tables, bus, connections, X-Ray, charger files, the call-queue timer and the tenant role to any function', () => {
      // Prepare: the files bucket grants are checked in files-bucket.test.ts, the timer's in call-queue-timer.test.ts,
      // the tenant role's in tenant-data-role.test.ts.
      const allowedPrefixes = [
        'dynamodb:',
        'events:PutEvents',
        'execute-api:ManageConnections',
        'xray:',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        'sqs:',
        'sts:AssumeRole',
        'sts:TagSession',
      ];

      // Act
      const unexpected = Object.keys(functions).flatMap((id) =>
        actionsOfRole(
          template,
          roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
        ).filter((action) => !allowedPrefixes.some((prefix) => action.startsWith(prefix))),
      );

      // Assess
      expect(unexpected).toEqual([]);
    });
  });

  it('asks for the admin key hash as a hidden, optional, validated parameter', () => {
    // Assess
    template.hasParameter('AdminKeySha256', {
      Type: 'String',
      NoEcho: true,
      Default: '',
      AllowedPattern: '^([0-9a-f]{64})?$',
    });
    expect(/^([0-9a-f]{64})?$/.test('')).toBe(true);
    expect(/^([0-9a-f]{64})?$/.test('a'.repeat(64))).toBe(true);
    expect(/^([0-9a-f]{64})?$/.test('A'.repeat(64))).toBe(false);
  });

  it('outputs the charger URL base, API URL, table, bus and dashboard names', () => {
    // Assess
    template.hasOutput('ChargerUrlBase', {
      Value: {
        'Fn::Join': [
          '',
          [
            'wss://',
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayDistribution'), 'DomainName'] },
            '/ocpp',
          ],
        ],
      },
    });
    template.hasOutput('HttpApiUrl', {
      Value: {
        'Fn::Join': ['', Match.arrayWith(['https://', { Ref: Match.stringLikeRegexp('^TenantApi') }])],
      },
    });
    template.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^DataTable') } });
    template.hasOutput('EventBusName', { Value: { Ref: Match.stringLikeRegexp('^WorkflowsBus') } });
    template.hasOutput('DashboardName', { Value: { Ref: Match.stringLikeRegexp('^OperationsDashboard') } });
  });

  describe('heartbeat interval', () => {
    it('reaches every function', () => {
      // Act
      const { template: custom } = synthesizeCsms({ heartbeatIntervalSeconds: 120 });

      // Assess
      const withInterval = custom.findResources('AWS::Lambda::Function', {
        Properties: {
          Environment: { Variables: Match.objectLike({ [configEnv.heartbeatIntervalSeconds]: '120' }) },
        },
      });
      expect(Object.keys(withInterval)).toHaveLength(Object.keys(functions).length);
    });

    it.each([600, 541, 9, 0, -1, 300.5, Number.NaN])('refuses %s seconds', (seconds) => {
      // Act
      const create = () => new CsmsStack(appWithoutBundling(), 'Csms', { heartbeatIntervalSeconds: seconds });

      // Assess
      expect(create).toThrow(/heartbeatIntervalSeconds/);
    });

    it.each([10, 540])('accepts %s seconds', (seconds) => {
      // Act
      const create = () => new CsmsStack(appWithoutBundling(), 'Csms', { heartbeatIntervalSeconds: seconds });

      // Assess
      expect(create).not.toThrow();
    });
  });

  describe('TransactionUpdated interval', () => {
    it('passes the interval to every function, 900 s by default', () => {
      // Prepare
      const { template: custom } = synthesizeCsms({ transactionUpdatedIntervalSeconds: 0 });

      // Assess
      for (const [stackTemplate, expected] of [
        [template, '900'],
        [custom, '0'],
      ] as const) {
        const matching = stackTemplate.findResources('AWS::Lambda::Function', {
          Properties: {
            Environment: {
              Variables: Match.objectLike({ [configEnv.transactionUpdatedIntervalSeconds]: expected }),
            },
          },
        });
        expect(Object.keys(matching)).toHaveLength(Object.keys(functions).length);
      }
    });

    it.each([-1, 3601, 1.5, Number.NaN])('refuses %s seconds', (seconds) => {
      // Act
      const create = () =>
        new CsmsStack(appWithoutBundling(), 'Csms', { transactionUpdatedIntervalSeconds: seconds });

      // Assess
      expect(create).toThrow(/transactionUpdatedIntervalSeconds/);
    });
  });

  describe('settings', () => {
    it.each([
      ['heartbeatIntervalSeconds', 600],
      ['transactionUpdatedIntervalSeconds', -1],
      ['apiRateLimitPerSecond', 0],
      ['apiRateLimitPerSecond', 10_001],
      ['commandWaitSeconds', 26],
      ['commandTimeoutSeconds', 0],
      ['commandTimeoutSeconds', 1.5],
    ] as const)('refuses %s = %s with the message of the handlers’ schema', (name, value) => {
      // Prepare
      const expected = (() => {
        try {
          validateSettings({ [name]: value });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('the premise: the schema refuses the value');
      })();

      // Act
      const create = () => new CsmsStack(appWithoutBundling(), 'Csms', { [name]: value });

      // Assess
      expect(expected).toContain(`${name} must be a whole number from ${tunableSettingSpecs[name].min} to`);
      expect(create).toThrow(expected);
    });

    it('sets every setting of the schema on every function, the props’ values included', () => {
      // Act
      const { template: custom } = synthesizeCsms({
        apiRateLimitPerSecond: 7,
        commandWaitSeconds: 3,
        commandTimeoutSeconds: 90,
      });

      // Assess
      const lambdas = Object.values(custom.findResources('AWS::Lambda::Function')) as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      }[];
      const csmsFunctions = lambdas.filter(
        (fn) => configEnv.tableName in fn.Properties.Environment.Variables,
      );
      expect(csmsFunctions).toHaveLength(Object.keys(functions).length);
      for (const fn of csmsFunctions) {
        const variables = fn.Properties.Environment.Variables;
        expect(Object.values(configEnv).filter((name) => !(name in variables))).toEqual([]);
        expect(variables).toMatchObject({
          [configEnv.apiRateLimitPerSecond]: '7',
          [configEnv.commandWaitSeconds]: '3',
          [configEnv.commandTimeoutSeconds]: '90',
          [configEnv.heartbeatIntervalSeconds]: String(defaultSettings.heartbeatIntervalSeconds),
        });
      }
    });
  });

  describe('operations', () => {
    it('has one dashboard covering gateway, functions, table, workflows and rules', () => {
      // Prepare
      const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
      const body = JSON.stringify(Object.values(dashboards)[0]);

      // Assess
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      for (const metric of [
        'ConnectCount',
        'MessageCount',
        'IntegrationError',
        'Errors',
        'Throttles',
        'Duration',
        'p99',
        'ReadThrottleEvents',
        'WriteThrottleEvents',
        'ConsumedReadCapacityUnits',
        'ConsumedWriteCapacityUnits',
        'ExecutionsFailed',
        'FailedInvocations',
      ]) {
        expect(body).toContain(metric);
      }
    });

    // The charger authorizer's alarm leaves its refusals out (observability.test.ts).
    const plainErrorAlarms = Object.keys(functions).filter(
      (id) => id !== websocketRoutes.authorizer.function,
    );
    it.each(plainErrorAlarms)('alarms on errors of %s', (id) => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: functionLogicalId(id as keyof typeof functions) } },
        ],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms on DynamoDB throttles of the table and its index', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: Match.stringLikeRegexp('readThrottles \\+ writeThrottles') }),
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({
                Namespace: 'AWS/DynamoDB',
                MetricName: 'WriteThrottleEvents',
                Dimensions: Match.arrayWith([{ Name: 'GlobalSecondaryIndexName', Value: 'GSI1' }]),
              }),
            }),
          }),
        ]),
      });
    });

    it('alarms on failed executions of every state machine', () => {
      // Assess
      const failedAlarms = template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed' },
      });
      expect(Object.keys(failedAlarms)).toHaveLength(Object.keys(stateMachines).length);
      template.resourceCountIs(
        'AWS::CloudWatch::Alarm',
        // functions, table throttles, the events' dead-letter queue, the call-queue wakes' and each slice
        // queue's dead-letter queue, state machines, webhook delivery (oldest attempt, dead-lettered)
        Object.keys(functions).length +
          1 +
          1 +
          1 +
          Object.keys(queues).filter((id) => id !== 'call-queue-timer').length +
          Object.keys(stateMachines).length +
          2,
      );
    });
  });
});
