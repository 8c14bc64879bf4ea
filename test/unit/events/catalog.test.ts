import { describe, expect, it } from 'vitest';
import { busEventsOf, type DomainEvent, eventCatalog } from '../../../shared/events/catalog.ts';

const session = {
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  siteId: 'site-1',
  correlationId: 'corr-1',
  sessionId: 'S-1',
  chargerTransactionId: 'tx-1',
  evseId: 1,
  connectorId: 1,
  idToken: 'TAG-1',
  startedAt: '2024-05-01T10:00:00.000Z',
};

const anAuthorization = (overrides: Record<string, unknown> = {}): DomainEvent => ({
  name: 'idTokenAuthorized',
  detail: {
    tenantId: 'tenant-a',
    chargerId: 'cp-1',
    correlationId: 'corr-1',
    ocppVersion: 'ocpp1.6',
    idToken: 'TAG-1',
    action: 'StartTransaction',
    status: 'Accepted',
    occurredAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  },
});

describe('event catalog', () => {
  it.each([
    ['transactionStarted', { ...session, occurredAt: '2024-05-01T10:00:00.000Z' }],
    ['transactionUpdated', { ...session, energyWh: 10, occurredAt: '2024-05-01T10:05:00.000Z' }],
    [
      'transactionEnded',
      {
        ...session,
        endedAt: '2024-05-01T11:00:00.000Z',
        energyWh: 10,
        occurredAt: '2024-05-01T11:00:00.000Z',
      },
    ],
  ] as const)('publishes %s as v2 (sessionId) and v1 (the session id as transactionId)', (name, detail) => {
    // Act
    const [current, v1, ...more] = busEventsOf({ name, detail } as DomainEvent);

    // Assess
    const { sessionId, ...rest } = detail;
    expect(current).toEqual({ source: 'csms.ocpp', detailType: eventCatalog[name].detailType, detail });
    expect(current?.detailType).toMatch(/\.v2$/);
    expect(v1).toEqual({
      source: 'csms.ocpp',
      detailType: current?.detailType.replace(/\.v2$/, '.v1'),
      detail: { ...rest, transactionId: sessionId },
    });
    expect(more).toEqual([]);
  });

  it('says nothing of a session in v1 when the authorization belongs to none', () => {
    // Act
    const [current, v1] = busEventsOf(anAuthorization());

    // Assess
    expect(current?.detailType).toBe('IdTokenAuthorized.v2');
    expect(v1?.detailType).toBe('IdTokenAuthorized.v1');
    expect(v1?.detail).toEqual(anAuthorization().detail);
  });

  it('names the session of an authorization sessionId in v2, transactionId in v1', () => {
    // Act
    const [current, v1] = busEventsOf(anAuthorization({ sessionId: 'S-1' }));

    // Assess
    expect(current?.detail).toMatchObject({ sessionId: 'S-1' });
    expect(current?.detail).not.toHaveProperty('transactionId');
    expect(v1?.detail).toMatchObject({ transactionId: 'S-1' });
    expect(v1?.detail).not.toHaveProperty('sessionId');
  });

  it('publishes an event without previous versions once', () => {
    // Act
    const published = busEventsOf({
      name: 'chargerDisconnected',
      detail: {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        connectionId: 'conn-1',
        correlationId: 'corr-1',
        occurredAt: '2024-05-01T10:00:00.000Z',
      },
    });

    // Assess
    expect(published.map((event) => event.detailType)).toEqual(['ChargerDisconnected.v1']);
  });

  it('refuses a detail that breaks the current schema before deriving any other version', () => {
    // Act
    const publishing = () => busEventsOf(anAuthorization({ sessionId: '' }));

    // Assess
    expect(publishing).toThrow();
  });

  it('gives every detail type once, previous versions included', () => {
    // Act
    const detailTypes = Object.values(eventCatalog).flatMap((entry) => [
      entry.detailType,
      ...('previous' in entry ? entry.previous.map((version) => version.detailType) : []),
    ]);

    // Assess
    expect(new Set(detailTypes).size).toBe(detailTypes.length);
    expect(detailTypes).toEqual(expect.arrayContaining(['TransactionEnded.v1', 'TransactionEnded.v2']));
  });
});
