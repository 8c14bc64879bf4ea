import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { configEnv } from '../../shared/config.ts';
import { functions, queues } from '../../shared/topology/index.ts';
import { logicalIdOf, roleOfFunction, statementsOfRole, synthesizeCsms } from './synth.ts';

const spec = queues['call-queue-timer'];
const consumerTimeout = functions[spec.consumer].timeoutSeconds ?? 10;

describe('CallQueueTimer', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });
  const queueLogicalId = (): string =>
    logicalIdOf(template, 'AWS::SQS::Queue', { VisibilityTimeout: consumerTimeout * 6 });

  it('creates the wake queue, encrypted, with six times the consumer timeout as visibility and a dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: consumerTimeout * 6,
      MessageRetentionPeriod: 24 * 60 * 60,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^CallQueueWakesDeadLetterQueue'), 'Arn'],
        },
        maxReceiveCount: spec.maxReceiveCount,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
      SqsManagedSseEnabled: true,
    });
  });

  it('refuses requests without TLS on the wake queue', () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueLogicalId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('hands the wakes to the topology consumer in batches, reporting failed items one by one', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueLogicalId(), 'Arn'] },
      FunctionName: { Ref: functionLogicalId(spec.consumer) },
      BatchSize: spec.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('gives every function the queue URL and the queue length', () => {
    // Assess
    for (const id of Object.keys(functions) as (keyof typeof functions)[]) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: functions[id].description,
        Environment: {
          Variables: Match.objectLike({
            [configEnv.callQueueTimerUrl]: { Ref: queueLogicalId() },
            [configEnv.maxQueuedCalls]: '20',
          }),
        },
      });
    }
  });

  it.each(Object.entries(functions))('%s may set wakes only if its access says so', (id, fnSpec) => {
    // Act
    const sends = statementsOfRole(
      template,
      roleOfFunction(template, functionLogicalId(id as keyof typeof functions)),
    )
      .filter((statement) => [statement.Action].flat().includes('sqs:SendMessage'))
      .flatMap((statement) => [statement.Resource].flat())
      // Other queues (the webhook deliveries) have tests of their own.
      .filter((resource) => JSON.stringify(resource).includes(`"${queueLogicalId()}"`));

    // Assess
    expect(sends).toEqual(
      fnSpec.access.scheduleCallQueue ? [{ 'Fn::GetAtt': [queueLogicalId(), 'Arn'] }] : [],
    );
  });

  it('lets only the consumer receive and delete wakes', () => {
    // Act
    const receivers = (Object.keys(functions) as (keyof typeof functions)[]).filter((id) =>
      statementsOfRole(template, roleOfFunction(template, functionLogicalId(id))).some(
        (statement) =>
          [statement.Action].flat().includes('sqs:DeleteMessage') &&
          JSON.stringify(statement.Resource).includes(`"${queueLogicalId()}"`),
      ),
    );

    // Assess
    expect(receivers).toEqual([spec.consumer]);
  });

  it('makes ws-default able to send the next queued call (it hears the answers)', () => {
    // Assess
    expect(functions['ws-default'].access).toMatchObject({
      manageConnections: ['POST'],
      scheduleCallQueue: true,
    });
  });

  it('refuses a queue length outside 0..100', () => {
    // Act & Assess
    expect(() => synthesizeCsms({ maxQueuedCalls: 101 })).toThrow(/maxQueuedCalls must be a whole number/);
    expect(() => synthesizeCsms({ maxQueuedCalls: 1.5 })).toThrow(/maxQueuedCalls/);
  });
});
