import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEventBridge, startLocalEventBridge } from '../../local/eventbridge.ts';
import { LocalStepFunctions } from '../../local/stepfunctions.ts';
import { eventBusName, eventRules } from '../../shared/topology/event-rules.ts';
import type { FunctionId } from '../../shared/topology/functions.ts';
import { stateMachines } from '../../shared/topology/state-machines.ts';

const logger = { info: () => {}, error: () => {} };
const busArn = `arn:aws:events:us-east-1:000000000000:event-bus/${eventBusName}`;

describe('startLocalEventBridge', () => {
  const calls: [FunctionId, unknown][] = [];
  let stepFunctions: LocalStepFunctions;
  let emulator: LocalEventBridge;
  let client: EventBridgeClient;

  beforeAll(async () => {
    stepFunctions = new LocalStepFunctions({
      stateMachines,
      logger,
      invokeFunction: async (id, payload) => {
        calls.push([id, payload]);
        return { ok: true };
      },
    });
    emulator = await startLocalEventBridge({
      rules: eventRules,
      stepFunctions,
      busName: eventBusName,
      logger,
    });
    client = new EventBridgeClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    await stepFunctions.waitForIdle();
    calls.length = 0;
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
    await stepFunctions?.close();
  });

  it('delivers a matching event to its rule target as AWS would', async () => {
    // Prepare
    const detail = { tenantId: 't-1', chargerId: 'cp-1', sessionId: 'S-1', energyWh: 1200 };
    const time = new Date('2024-05-01T12:34:56.789Z');

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: 'csms.ocpp',
            DetailType: 'TransactionEnded.v2',
            Detail: JSON.stringify(detail),
            Resources: ['cp-1'],
            Time: time,
          },
        ],
      }),
    );
    await stepFunctions.waitForIdle();

    // Assess
    const eventId = result.Entries?.[0]?.EventId;
    const expectedEvent = {
      version: '0',
      id: eventId,
      'detail-type': 'TransactionEnded.v2',
      source: 'csms.ocpp',
      account: '000000000000',
      time: '2024-05-01T12:34:56Z',
      region: 'us-east-1',
      resources: ['cp-1'],
      detail,
    };
    expect(result.FailedEntryCount).toBe(0);
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.events.at(-1)).toEqual(expectedEvent);
    expect(stepFunctions.listExecutions('billing').at(-1)).toMatchObject({
      input: expectedEvent,
      status: 'SUCCEEDED',
    });
    expect(calls).toEqual([
      ['bill-session', { detail, executionId: expect.stringContaining(':execution:billing:') }],
    ]);
  });

  it('accepts the bus ARN and starts nothing for an event no rule matches', async () => {
    // Prepare
    const executionsBefore = stepFunctions.listExecutions().length;

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busArn,
            Source: 'csms.ocpp',
            // No siteId: load balancing only runs for chargers of a site.
            DetailType: 'ChargerBooted.v1',
            Detail: JSON.stringify({ tenantId: 't-1', chargerId: 'cp-1' }),
          },
        ],
      }),
    );
    await stepFunctions.waitForIdle();

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(stepFunctions.listExecutions()).toHaveLength(executionsBefore);
    expect(calls).toEqual([]);
    expect(emulator.events.at(-1)?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('reports malformed entries per entry and still delivers the valid ones', async () => {
    // Prepare
    const valid = {
      EventBusName: eventBusName,
      Source: 'csms.ocpp',
      DetailType: 'ConnectorStatusChanged.v1',
      Detail: JSON.stringify({ tenantId: 't-1', chargerId: 'cp-1', siteId: 's-1', loadManaged: true }),
    };

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...valid, Detail: 'not json' },
          { ...valid, Detail: '[1, 2]' },
          { ...valid, Source: undefined },
          { ...valid, DetailType: undefined },
          { ...valid, Detail: undefined },
          { ...valid, EventBusName: 'default' },
          { ...valid, EventBusName: undefined },
          { ...valid, Source: 'aws.ec2' },
          valid,
        ],
      }),
    );
    await stepFunctions.waitForIdle();

    // Assess
    expect(result.FailedEntryCount).toBe(8);
    expect(result.Entries?.map((entry) => entry.ErrorCode ?? 'ok')).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'ResourceNotFoundException',
      'ResourceNotFoundException',
      'NotAuthorizedForSourceException',
      'ok',
    ]);
    expect(result.Entries?.[2]?.ErrorMessage).toMatch(/Source/);
    expect(calls).toEqual([['check-site-managed', JSON.parse(valid.Detail)]]);
  });

  it.each([
    ['no entries', [], /between 1 and 10/],
    [
      'more than 10 entries',
      Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' })),
      /between 1 and 10/,
    ],
    [
      'entries over 256 KB',
      [
        {
          EventBusName: eventBusName,
          Source: 's',
          DetailType: 'd',
          Detail: JSON.stringify({ x: 'x'.repeat(262_144) }),
        },
      ],
      /over the limit/,
    ],
  ])('rejects a request with %s as a ValidationException', async (_name, entries, message) => {
    // Prepare
    const command = new PutEventsCommand({ Entries: entries });

    // Act
    const sent = client.send(command);

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(message),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers an operation it does not emulate with an error the SDK raises', async () => {
    // Prepare
    const command = new ListRulesCommand({ EventBusName: eventBusName });

    // Act
    const sent = client.send(command);

    // Assess
    await expect(sent).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringContaining('AWSEvents.ListRules'),
      $metadata: { httpStatusCode: 400 },
    });
  });
});
