import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createEventBridgePublisher,
  EventPublishError,
} from '../../shared/adapters/eventbridge/event-publisher.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';

const eventBridge = mockClient(EventBridgeClient);
const publisher = () =>
  createEventBridgePublisher(new EventBridgeClient({ region: 'eu-west-1' }), 'csms-bus');

const aConnectedEvent = (overrides: Record<string, unknown> = {}): DomainEvent => ({
  name: 'chargerConnected',
  detail: {
    tenantId: 'tenant-a',
    chargerId: 'cp-1',
    siteId: 'site-1',
    connectionId: 'conn-1',
    correlationId: 'corr-1',
    ocppVersion: 'ocpp1.6',
    occurredAt: '2024-05-01T12:00:00.000Z',
    ...overrides,
  },
});

const sentEntries = () =>
  eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
});

describe('EventBridge publisher', () => {
  it('puts an event with its source, detail type, detail and time', async () => {
    // Act
    await publisher().publish([aConnectedEvent()]);

    // Assess
    expect(sentEntries()).toEqual([
      [
        {
          EventBusName: 'csms-bus',
          Source: 'csms.ocpp',
          DetailType: 'ChargerConnected.v1',
          Detail: expect.any(String),
          Time: new Date('2024-05-01T12:00:00.000Z'),
        },
      ],
    ]);
    expect(JSON.parse(sentEntries()[0]?.[0]?.Detail ?? '')).toEqual(aConnectedEvent().detail);
  });

  it('puts a transaction event in its current version, then in its v1 form for existing consumers', async () => {
    // Prepare
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

    // Act
    await publisher().publish([ended]);

    // Assess
    const [entries] = sentEntries();
    expect(entries?.map((entry) => [entry.DetailType, entry.Time])).toEqual([
      ['TransactionEnded.v2', new Date('2024-05-01T11:00:00.000Z')],
      ['TransactionEnded.v1', new Date('2024-05-01T11:00:00.000Z')],
    ]);
    const { sessionId, ...rest } = ended.detail as { sessionId: string };
    expect(JSON.parse(entries?.[0]?.Detail ?? '')).toEqual(ended.detail);
    expect(JSON.parse(entries?.[1]?.Detail ?? '')).toEqual({ ...rest, transactionId: sessionId });
  });

  it('sends only what the schema knows', async () => {
    // Act
    await publisher().publish([aConnectedEvent({ internalNote: 'not for consumers' })]);

    // Assess
    expect(JSON.parse(sentEntries()[0]?.[0]?.Detail ?? '')).not.toHaveProperty('internalNote');
  });

  it.each([
    ['a missing tenant', { tenantId: undefined }],
    ['an empty correlation id', { correlationId: '' }],
    ['a time without a zone', { occurredAt: '2024-05-01T12:00:00' }],
    ['an unknown OCPP version', { ocppVersion: 'ocpp2.1' }],
  ])('refuses a detail with %s before sending anything', async (_, overrides) => {
    // Act
    const publishing = publisher().publish([aConnectedEvent(), aConnectedEvent(overrides)]);

    // Assess
    await expect(publishing).rejects.toThrow();
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('sends at most 10 entries per call', async () => {
    // Prepare
    const events = Array.from({ length: 23 }, (_, i) => aConnectedEvent({ connectionId: `conn-${i}` }));

    // Act
    await publisher().publish(events);

    // Assess
    expect(sentEntries().map((entries) => entries.length)).toEqual([10, 10, 3]);
    const connectionIds = sentEntries()
      .flat()
      .map((entry) => JSON.parse(entry.Detail ?? '').connectionId);
    expect(connectionIds).toEqual(events.map((_, i) => `conn-${i}`));
  });

  it('sends nothing for no events', async () => {
    // Act
    await publisher().publish([]);

    // Assess
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('fails with the rejected entries and stops there', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolvesOnce({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'e-1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    const events = Array.from({ length: 12 }, () => aConnectedEvent());

    // Act
    const publishing = publisher().publish(events);

    // Assess
    const error = await publishing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventPublishError);
    expect((error as EventPublishError).failures).toEqual([
      { detailType: 'ChargerConnected.v1', code: 'InternalFailure', message: 'try again' },
    ]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});
