import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDependencies } from '../../shared/composition-root.ts';
import { readConfig } from '../../shared/config.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import { createFixedClock } from '../support/fakes/clock.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** The dependencies a Lambda function builds from this environment (the stack's wiring, and `settings`). */
const dependenciesWith = (settings: Record<string, string> = {}) =>
  createDependencies({
    ...readConfig({
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'csms',
      EVENT_BUS_NAME: 'bus',
      CONNECTIONS_ENDPOINT: 'https://example.test/ocpp',
      CALL_QUEUE_TIMER_URL: 'https://sqs.example.test/1/wakes',
      ...settings,
    }),
    clock: createFixedClock('2024-05-01T12:00:00.000Z'),
  });

const ended: DomainEvent = {
  name: 'transactionEnded',
  detail: {
    tenantId: 'tenant-a',
    chargerId: 'cp-1',
    correlationId: 'corr-1',
    sessionId: 'S-1',
    chargerTransactionId: '17',
    startedAt: '2024-05-01T10:00:00.000Z',
    endedAt: '2024-05-01T11:00:00.000Z',
    energyWh: 4000,
    occurredAt: '2024-05-01T11:00:00.000Z',
  },
};

const aMeterValue = {
  at: '2024-05-01T10:00:00.000Z',
  seqNo: 3,
  sampledValues: [{ value: 1200, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
};

const publishedTypes = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => (call.args[0].input.Entries ?? []).map((entry) => entry.DetailType));

const storedTtls = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.ttl);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(PutCommand).resolves({});
  // Publishing reads the tenant's webhooks once (which events the fan-out gets): here it has none.
  ddb.on(QueryCommand).resolves({ Items: [] });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
});

describe('PUBLISH_PREVIOUS_EVENT_VERSIONS', () => {
  it('publishes the current version only by default', async () => {
    // Act
    await dependenciesWith().events.publish([ended]);

    // Assess
    expect(publishedTypes()).toEqual(['TransactionEnded.v2']);
  });

  it('publishes the v1 twin too when set to 1', async () => {
    // Act
    await dependenciesWith({ PUBLISH_PREVIOUS_EVENT_VERSIONS: '1' }).events.publish([ended]);

    // Assess
    expect(publishedTypes()).toEqual(['TransactionEnded.v2', 'TransactionEnded.v1']);
  });
});

describe('METER_VALUE_RETENTION_DAYS', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z') / 1000;

  it('expires raw meter values 7 days after they are stored by default, whatever their own time', async () => {
    // Act
    await dependenciesWith().sessions.recordMeterValues('tenant-a', 'S-1', [aMeterValue]);

    // Assess
    expect(storedTtls()).toEqual([now + 7 * 86_400]);
  });

  it('takes the days set, and keeps the values with 0', async () => {
    // Act
    await dependenciesWith({ METER_VALUE_RETENTION_DAYS: '30' }).sessions.recordMeterValues(
      'tenant-a',
      'S-1',
      [aMeterValue],
    );
    await dependenciesWith({ METER_VALUE_RETENTION_DAYS: '0' }).sessions.recordMeterValues(
      'tenant-a',
      'S-1',
      [aMeterValue],
    );

    // Assess
    expect(storedTtls()).toEqual([now + 30 * 86_400, undefined]);
  });

  it('leaves the session itself without a TTL', async () => {
    // Act
    await dependenciesWith().sessions.save({
      tenantId: 'tenant-a',
      sessionId: 'S-1',
      chargerId: 'cp-1',
      chargerTransactionId: '17',
      status: 'Completed',
      startedAt: '2024-05-01T10:00:00.000Z',
      energyWh: 4000,
      revision: 0,
      createdAt: '2024-05-01T10:00:00.000Z',
      createdBy: 'charger:cp-1',
      updatedAt: '2024-05-01T11:00:00.000Z',
      updatedBy: 'charger:cp-1',
    } as never);

    // Assess
    expect(storedTtls()).toEqual([undefined]);
  });
});
