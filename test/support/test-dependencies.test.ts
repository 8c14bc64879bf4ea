import { describe, expect, it } from 'vitest';
import { defaultApiRateLimitPerSecond, defaultHeartbeatIntervalSeconds } from '../../shared/config.ts';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import { aCharger } from '../unit/domain/builders.ts';
import { createFixedClock } from './fakes/clock.ts';
import { createRecordingEventPublisher } from './fakes/event-publisher.ts';
import { createSequentialIds } from './fakes/ids.ts';
import { createTestDependencies, defaultTestSettings } from './test-dependencies.ts';

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

describe('recording event publisher', () => {
  it('records events as consumers would see them', async () => {
    // Prepare
    const events = createRecordingEventPublisher();

    // Act
    await events.publish([aBootedEvent({ extra: 'dropped' })]);

    // Assess
    expect(events.published).toEqual([aBootedEvent()]);
  });

  it('records nothing of a batch with an event that breaks its schema', async () => {
    // Prepare
    const events = createRecordingEventPublisher();

    // Act
    const publishing = events.publish([aBootedEvent(), aBootedEvent({ occurredAt: 'yesterday' })]);

    // Assess
    await expect(publishing).rejects.toThrow();
    expect(events.published).toEqual([]);
  });
});

describe('fixed clock and sequential ids', () => {
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

describe('createTestDependencies', () => {
  it('gives each call a table of its own', async () => {
    // Prepare
    const first = await createTestDependencies();
    await first.chargers.create(aCharger());
    expect(await first.table.scan()).toEqual([
      expect.objectContaining({ PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' }),
    ]);

    // Act
    const second = await createTestDependencies();

    // Assess
    expect(await second.table.scan()).toEqual([]);
    expect(await second.chargers.getView('tenant-a', 'cp-1', second.clock.now())).toBeUndefined();
  });

  it('shares a table when given one', async () => {
    // Prepare
    const first = await createTestDependencies();

    // Act
    const second = await createTestDependencies({ table: first.table });
    await second.chargers.create(aCharger());

    // Assess
    expect(await first.chargers.getView('tenant-a', 'cp-1', first.clock.now())).toBeDefined();
  });

  it('refuses ids that cannot be key segments, as DynamoDB keys do', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const creating = deps.chargers.create(aCharger({ chargerId: 'cp#1' }));

    // Assess
    await expect(creating).rejects.toThrow('invalid chargerId for a key');
  });

  it('merges settings into the defaults and keeps overridden parts', async () => {
    // Prepare
    const clock = createFixedClock('2030-01-01T00:00:00.000Z');

    // Act
    const deps = await createTestDependencies({ clock, settings: { heartbeatIntervalSeconds: 42 } });

    // Assess
    expect(deps.clock).toBe(clock);
    expect(deps.settings).toEqual({ ...defaultTestSettings, heartbeatIntervalSeconds: 42 });
    expect(defaultTestSettings).toMatchObject({
      heartbeatIntervalSeconds: defaultHeartbeatIntervalSeconds,
      apiRateLimitPerSecond: defaultApiRateLimitPerSecond,
    });
  });
});
