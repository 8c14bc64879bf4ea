import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { describe, expect, it } from 'vitest';
import { webSocketAccessLogFormat } from '../../lib/constructs/ocpp-gateway.ts';
import { refusalMetric } from '../../lib/constructs/operations-dashboard.ts';
import { functions, stateMachines, websocketRoutes } from '../../shared/topology/index.ts';
import { logicalIdOf, synthesizeCsms } from './synth.ts';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string };

describe('observability and TLS hardening', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });

  describe('WebSocket stage access logs', () => {
    const stages = Object.entries(
      template.findResources('AWS::ApiGatewayV2::Stage', {
        Properties: { ApiId: { Ref: Match.stringLikeRegexp('^GatewayApi') } },
      }) as Record<string, Resource>,
    );

    it('logs every event as one JSON line into a log group with retention', () => {
      // Prepare
      expect(stages).toHaveLength(1);
      const settings = stages[0]?.[1].Properties.AccessLogSettings as {
        DestinationArn: unknown;
        Format: string;
      };

      // Act
      const format = JSON.parse(settings.Format) as Record<string, string>;

      // Assess
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        connectionId: '$context.connectionId',
        eventType: '$context.eventType',
        routeKey: '$context.routeKey',
        status: '$context.status',
        error: '$context.error.message',
        authorizerError: '$context.authorizer.error',
      });
      expect(format).toEqual(webSocketAccessLogFormat);
      expect(settings.DestinationArn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^GatewayAccessLogs/), 'Arn'],
      });
      const [logGroupId] = (settings.DestinationArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'];
      expect(
        (template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>)[logGroupId]?.Properties
          .RetentionInDays,
      ).toBe(30);
    });

    it('sets the account CloudWatch role the stage logs need, before the stage, retained on deletion', () => {
      // Prepare
      const accounts = Object.entries(
        template.findResources('AWS::ApiGateway::Account') as Record<string, Resource>,
      );

      // Assess
      expect(accounts).toHaveLength(1);
      const [accountId, account] = accounts[0] as [string, Resource];
      expect(account.DeletionPolicy).toBe('Retain');
      expect(stages[0]?.[1].DependsOn).toContain(accountId);
      const roleId = (account.Properties.CloudWatchRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const role = (template.findResources('AWS::IAM::Role') as Record<string, Resource>)[roleId];
      expect(role?.DeletionPolicy).toBe('Retain');
      expect(JSON.stringify(role?.Properties.ManagedPolicyArns)).toContain(
        'service-role/AmazonAPIGatewayPushToCloudWatchLogs',
      );
    });

    it('leaves the account setting alone when told to', () => {
      // Act
      const { template: without } = synthesizeCsms({ setApiGatewayAccountCloudWatchRole: false });

      // Assess
      without.resourceCountIs('AWS::ApiGateway::Account', 0);
      without.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        ApiId: { Ref: Match.stringLikeRegexp('^GatewayApi') },
        AccessLogSettings: Match.objectLike({ Format: Match.anyValue() }),
      });
    });
  });

  describe('charger refusals and authorizer failures', () => {
    it('counts refusals from the authorizer log line that the handler writes', () => {
      // Assess
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('^WsAuthorizerLogGroup') },
        FilterPattern: `{ $.message = "${websocketRoutes.authorizer.refusedLogMessage}" }`,
        MetricTransformations: [
          {
            MetricNamespace: refusalMetric.namespace,
            MetricName: refusalMetric.metricName,
            MetricValue: '1',
          },
        ],
      });
    });

    it('alarms on authorizer errors that are not refusals, not on every refusal', () => {
      // Prepare
      const authorizer = functionLogicalId(websocketRoutes.authorizer.function);

      // Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: Match.stringLikeRegexp('errors other than refused chargers'),
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'FILL(errors, 0) - FILL(refusals, 0)', ReturnData: true }),
          Match.objectLike({
            Id: 'errors',
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Errors',
                Dimensions: [{ Name: 'FunctionName', Value: { Ref: authorizer } }],
              },
            }),
          }),
          Match.objectLike({
            Id: 'refusals',
            MetricStat: Match.objectLike({
              Metric: { Namespace: refusalMetric.namespace, MetricName: refusalMetric.metricName },
            }),
          }),
        ]),
      });
      // No plain Errors alarm is left on the authorizer.
      expect(
        Object.keys(
          template.findResources('AWS::CloudWatch::Alarm', {
            Properties: {
              MetricName: 'Errors',
              Dimensions: [{ Name: 'FunctionName', Value: { Ref: authorizer } }],
            },
          }),
        ),
      ).toEqual([]);
    });
  });

  it('alarms as soon as an event waits in the workflows dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowsDeadLetterQueue'), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(Object.keys(stateMachines))('logs state machine %s under /aws/vendedlogs/states/', (id) => {
    // Prepare
    const machine = logicalIdOf(template, 'AWS::StepFunctions::StateMachine', {
      DefinitionString: JSON.stringify(stateMachines[id as keyof typeof stateMachines].definition),
    });
    const config = (template.findResources('AWS::StepFunctions::StateMachine') as Record<string, Resource>)[
      machine
    ]?.Properties.LoggingConfiguration as {
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }];
    };
    const logGroupId = config.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];

    // Assess
    expect(
      (template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>)[logGroupId]?.Properties
        .LogGroupName,
    ).toBe(`/aws/vendedlogs/states/Csms-${id}`);
  });

  describe('CloudFront viewer TLS', () => {
    it('is HTTPS only on the default certificate (whose TLSv1 policy CloudFront does not let anyone raise)', () => {
      // Assess
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
          ViewerCertificate: Match.absent(),
          Aliases: Match.absent(),
        }),
      });
    });

    it('requires TLS 1.2 (TLSv1.2_2021, SNI) on a custom domain, which chargers are then given', () => {
      // Prepare
      const certificateArn =
        'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
      const certificate = acm.Certificate.fromCertificateArn(
        new Stack(new App(), 'Certificates'),
        'Certificate',
        certificateArn,
      );

      // Act
      const { template: custom, stack } = synthesizeCsms({
        chargerDomain: { domainName: 'ocpp.example.com', certificate },
      });

      // Assess
      custom.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['ocpp.example.com'],
          ViewerCertificate: {
            AcmCertificateArn: certificateArn,
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          },
        }),
      });
      expect(stack.gateway.ocppBaseUrl).toBe('wss://ocpp.example.com/ocpp');
    });
  });
});
