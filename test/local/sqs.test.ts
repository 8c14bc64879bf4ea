import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../local/clock.ts';
import { type LocalSqs, startLocalSqs } from '../../local/sqs.ts';
import type { FunctionId } from '../../shared/topology/functions.ts';
import { queues } from '../../shared/topology/queues.ts';

const logger = { info: () => {}, error: () => {} };

describe('startLocalSqs', () => {
  const clock = new SettableClock();
  const deliveries: [FunctionId, SQSEvent][] = [];
  let answer: (event: SQSEvent) => SQSBatchResponse = () => ({ batchItemFailures: [] });
  let emulator: LocalSqs;
  let client: SQSClient;

  beforeAll(async () => {
    emulator = await startLocalSqs({
      queues,
      clock,
      logger,
      invokeFunction: async (id, event) => {
        deliveries.push([id, event]);
        return answer(event);
      },
    });
    client = new SQSClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    await emulator.settled();
    deliveries.length = 0;
    answer = () => ({ batchItemFailures: [] });
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
  });

  const sendWake = (body: string, delaySeconds: number) =>
    client.send(
      new SendMessageCommand({
        QueueUrl: emulator.queueUrl('call-queue-timer'),
        MessageBody: body,
        DelaySeconds: delaySeconds,
      }),
    );

  it('accepts SendMessage from the unmodified SDK client (its MD5 check included)', async () => {
    // Act
    const sent = await sendWake('{"hello":1}', 0);
    await emulator.settled();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await emulator.settled();

    // Assess
    expect(sent.MessageId).toEqual(expect.any(String));
    expect(deliveries.map(([id, event]) => [id, event.Records[0]?.body])).toEqual([
      ['call-queue-timer', '{"hello":1}'],
    ]);
    expect(deliveries[0]![1].Records[0]).toMatchObject({
      messageId: sent.MessageId,
      eventSource: 'aws:sqs',
      attributes: { ApproximateReceiveCount: '1' },
    });
  });

  it('holds a delayed message until the clock reaches its due time', async () => {
    // Prepare
    await sendWake('later', 120);
    await emulator.settled();
    expect(deliveries).toEqual([]);
    expect(emulator.delayed('call-queue-timer')).toBe(1);

    // Act
    clock.advance(119_000);
    await emulator.settled();
    const beforeDue = deliveries.length;
    clock.advance(1_000);
    await emulator.settled();

    // Assess
    expect(beforeDue).toBe(0);
    expect(deliveries.map(([, event]) => event.Records[0]?.body)).toEqual(['later']);
    expect(emulator.delayed('call-queue-timer')).toBe(0);
  });

  it('retries a reported batch item failure, then keeps it as a dead letter after maxReceiveCount', async () => {
    // Prepare
    answer = (event) => ({
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
    });
    await sendWake('poison', 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await emulator.settled();

    // Act
    for (let attempt = 1; attempt < (queues['call-queue-timer'].maxReceiveCount ?? 5); attempt++) {
      clock.advance(1_000);
      await emulator.settled();
    }

    // Assess
    expect(deliveries.map(([, event]) => event.Records[0]?.attributes.ApproximateReceiveCount)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(emulator.deadLetters).toEqual([{ queue: 'call-queue-timer', body: 'poison' }]);
  });

  it('refuses a delay beyond 900 seconds, as SQS does', async () => {
    // Act & Assess
    await expect(sendWake('too late', 901)).rejects.toThrow(/DelaySeconds/);
  });

  it('refuses an unknown queue', async () => {
    // Act & Assess
    await expect(
      client.send(
        new SendMessageCommand({ QueueUrl: `${emulator.endpoint}/000000000000/nope`, MessageBody: 'x' }),
      ),
    ).rejects.toThrow(/does not exist/);
  });
});
