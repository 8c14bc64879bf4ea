import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../shared/adapters/memory/clock.ts';
import { createMemoryDependencies } from '../../shared/adapters/memory/dependencies.ts';
import { createMemoryEventPublisher } from '../../shared/adapters/memory/event-publisher.ts';
import { createSequentialIds } from '../../shared/adapters/memory/ids.ts';
import { MemoryTable } from '../../shared/adapters/memory/table.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import { aCharger } from '../unit/domain/builders.ts';

const aBootedEvent = (overrides: Record<string, unknown> = {}): DomainEvent => ({
  name: 'chargerBooted',
  detail: {
    tenantId: 'tenant-a',
    chargerId: 'cp-1',
    correlationId: 'corr-1',
    ocppVersion: 'ocpp1.6',
    vendor: 'Acme',
    model: 'Wallbox-22',
    occurredAt: '2024-05-01T12:00:00.000Z',
    ...overrides,
  },
});

describe('memory event publisher', () => {
  it('records events as consumers would see them', async () => {
    // Prepare
    const events = createMemoryEventPublisher();

    // Act
    await events.publish([aBootedEvent({ extra: 'dropped' })]);

    // Assess
    expect(events.published).toEqual([aBootedEvent()]);
  });

  it('records nothing of a batch with an event that breaks its schema', async () => {
    // Prepare
    const events = createMemoryEventPublisher();

    // Act
    const publishing = events.publish([aBootedEvent(), aBootedEvent({ occurredAt: 'yesterday' })]);

    // Assess
    await expect(publishing).rejects.toThrow();
    expect(events.published).toEqual([]);
  });
});

describe('memory clock and ids', () => {
  it('stands still until set or advanced', () => {
    // Prepare
    const clock = createFixedClock('2024-05-01T12:00:00.000Z');

    // Act
    const first = clock.now().toISOString();
    clock.advance(1500);
    const advanced = clock.now().toISOString();
    clock.set('2025-01-01T00:00:00.000Z');
    const set = clock.now().toISOString();

    // Assess
    expect([first, advanced, set]).toEqual([
      '2024-05-01T12:00:00.000Z',
      '2024-05-01T12:00:01.500Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });

  it('hands out a copy of the time, not the clock itself', () => {
    // Prepare
    const clock = createFixedClock('2024-05-01T12:00:00.000Z');

    // Act
    clock.now().setUTCFullYear(1999);

    // Assess
    expect(clock.now().toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });

  it('makes sortable ids in sequence', () => {
    // Prepare
    const ids = createSequentialIds('T');

    // Act
    const made = Array.from({ length: 12 }, () => ids.next());

    // Assess
    expect(made.slice(0, 2)).toEqual(['T000001', 'T000002']);
    expect([...made].sort()).toEqual(made);
  });
});

describe('memory table', () => {
  it('keeps what it stores apart from the caller', async () => {
    // Prepare
    const deps = createMemoryDependencies();
    await deps.chargers.create(aCharger());
    const read = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());

    // Act
    (read?.charger as { siteId?: string }).siteId = 'changed';

    // Assess
    const again = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(again?.charger.siteId).toBe('site-1');
  });

  it('refuses ids that cannot be key segments, as DynamoDB keys do', async () => {
    // Prepare
    const deps = createMemoryDependencies();

    // Act
    const creating = deps.chargers.create(aCharger({ chargerId: 'cp#1' }));

    // Assess
    await expect(creating).rejects.toThrow('invalid chargerId for a key');
  });

  it('shares one table between all repositories', async () => {
    // Prepare
    const table = new MemoryTable();
    const deps = createMemoryDependencies({ table });

    // Act
    await deps.chargers.create(aCharger());

    // Assess
    expect(table.scan()).toEqual([expect.objectContaining({ PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' })]);
  });
});

describe('createMemoryDependencies', () => {
  it('merges settings into the defaults and keeps overridden parts', async () => {
    // Prepare
    const clock = createFixedClock('2030-01-01T00:00:00.000Z');

    // Act
    const deps = createMemoryDependencies({ clock, settings: { heartbeatIntervalSeconds: 42 } });

    // Assess
    expect(deps.clock).toBe(clock);
    expect(deps.settings).toEqual({
      heartbeatIntervalSeconds: 42,
      ocppBaseUrl: 'wss://ocpp.example.test/ocpp',
      adminKeySha256: '',
      apiRateLimitPerSecond: 50,
      commandWaitSeconds: 25,
      commandTimeoutSeconds: 60,
      maxQueuedCalls: 20,
    });
  });
});
