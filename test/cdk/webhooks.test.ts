import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { configEnv } from '../../shared/config.ts';
import { eventRules, functions, queues } from '../../shared/topology/index.ts';
import { logicalIdOf, roleOfFunction, statementsOfRole, synthesizeCsms } from './synth.ts';

const deliveries = queues['webhook-deliveries'];
const fanOut = queues['webhook-events'];
const visibilityOf = (spec: typeof deliveries) => (functions[spec.consumer].timeoutSeconds ?? 10) * 6;
const rule = eventRules.find((candidate) => candidate.id === 'TenantEventsToWebhooks')!;

describe('webhook delivery on AWS: EventBridge → SQS → fan-out → SQS → delivery', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });
  const queueLogicalId = (spec: typeof deliveries): string =>
    logicalIdOf(template, 'AWS::SQS::Queue', { VisibilityTimeout: visibilityOf(spec) });
  const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

  it.each([
    ['webhook-events', fanOut, 'WebhookEventsQueueDeadLetterQueue'],
    ['webhook-deliveries', deliveries, 'WebhookDeliveriesQueueDeadLetterQueue'],
  ] as const)(
    'creates %s, encrypted, with six times its consumer timeout as visibility and a DLQ',
    (_id, spec, dlq) => {
      // Assess
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: visibilityOf(spec),
        MessageRetentionPeriod: 24 * 60 * 60,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${dlq}`), 'Arn'] },
          maxReceiveCount: spec.maxReceiveCount,
        },
      });
    },
  );

  it('routes the tenant events a webhook subscribes to to the fan-out queue, with retries and a dead-letter queue', () => {
    // Assess
    expect(rule.pattern).toEqual({
      source: ['csms.ocpp', 'csms.api', 'csms.billing'],
      detail: { webhook: [true] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: rule.description,
      EventBusName: { Ref: Match.stringLikeRegexp('^WorkflowsBus') },
      EventPattern: Match.objectEquals(rule.pattern as Record<string, unknown>),
      Targets: [
        Match.objectLike({
          Arn: arnOf(queueLogicalId(fanOut)),
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowsDeadLetterQueue'), 'Arn'] },
          },
          RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 8 },
        }),
      ],
    });
  });

  it('lets only that rule send to the fan-out queue, and only over TLS', () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueLogicalId(fanOut) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Condition: {
              ArnEquals: {
                'aws:SourceArn': {
                  'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowsTenantEventsToWebhooks'), 'Arn'],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it.each([
    ['webhook-fan-out', fanOut],
    ['webhook-delivery', deliveries],
  ] as const)(
    '%s consumes its queue in batches, reporting failed messages one by one, concurrency capped',
    (id, spec) => {
      // Assess
      expect(spec.consumer).toBe(id);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(queueLogicalId(spec)),
        FunctionName: { Ref: functionLogicalId(id) },
        BatchSize: spec.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
        MaximumBatchingWindowInSeconds: spec.batchingWindowSeconds ?? Match.absent(),
      });
    },
  );

  it('batches the fan-out for up to 5 s (a tenth of a receive per event), never the deliveries', () => {
    // Assess
    expect(queues['webhook-events'].batchingWindowSeconds).toBe(5);
    expect(queues['webhook-deliveries'].batchingWindowSeconds).toBeUndefined();
  });

  it('gives the delivery function 30 s: a batch runs at once, each attempt at most 10 s of HTTP', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: functions['webhook-delivery'].description,
      Timeout: 30,
    });
  });

  it('gives every function the delivery queue URL, and none of them loopback webhooks', () => {
    // Assess
    for (const id of Object.keys(functions) as (keyof typeof functions)[]) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: functions[id].description,
        Environment: {
          Variables: Match.objectLike({
            [configEnv.webhookDeliveryQueueUrl]: { Ref: queueLogicalId(deliveries) },
            [configEnv.webhookAllowLoopback]: '0',
            [configEnv.webhookRetryBaseSeconds]: '30',
          }),
        },
      });
    }
  });

  it.each(Object.entries(functions))('%s may queue deliveries only if its access says so', (id, spec) => {
    // Act
    const sends = statementsOfRole(
      template,
      roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
    )
      .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
      .flatMap((statement) => [statement.Resource].flat())
      .filter((resource) => JSON.stringify(resource).includes(`"${queueLogicalId(deliveries)}"`));

    // Assess
    expect(sends).toEqual(spec.access.sendWebhookDeliveries ? [arnOf(queueLogicalId(deliveries))] : []);
  });

  it('has the fan-out, the deliveries and redeliveries (the API) queue attempts, nothing else', () => {
    // Assess
    expect(
      Object.entries(functions)
        .filter(([, spec]) => spec.access.sendWebhookDeliveries)
        .map(([id]) => id)
        .sort(),
    ).toEqual(['api', 'webhook-delivery', 'webhook-fan-out']);
  });
});
