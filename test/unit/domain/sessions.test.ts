import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.ts';
import { defaultSelfHealingSettings } from '../../../shared/slices/self-healing/model.ts';
import { createSampleEventGate } from '../../../shared/slices/transactions/adapters/sample-event-gate.ts';
import type { Session } from '../../../shared/slices/transactions/model.ts';
import {
  energyRegisterWh,
  getSession,
  listSessions,
  recordSessionEvent,
  type SessionEvent,
} from '../../../shared/slices/transactions/sessions.ts';
import { webhookAudienceTtlMs } from '../../../shared/slices/webhooks/adapters/cached-webhook-audience.ts';
import type { Webhook } from '../../../shared/slices/webhooks/model.ts';
import { everyoneListens } from '../../../shared/slices/webhooks/progress-audience.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aReading, aSessionEvent } from './session-builders.ts';

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

const aWebhook = (overrides: Partial<Webhook>): Webhook => ({
  tenantId: 'tenant-a',
  webhookId: 'wh-1',
  url: 'https://hooks.example.com/csms',
  events: ['*'],
  secrets: [{ secret: 'whsec_dGVzdA==', createdAt: '2024-05-01T00:00:00.000Z' }],
  createdAt: '2024-05-01T00:00:00.000Z',
  ...overrides,
});

/** A whole transaction: Started with a token and a reading, an Updated, and Ended. */
const aTransaction = (chargerTransactionId = 'tx-1'): SessionEvent[] => [
  aSessionEvent({
    chargerTransactionId,
    eventType: 'Started',
    at: '2024-05-01T10:00:00.000Z',
    seqNo: 0,
    evseId: 1,
    connectorId: 2,
    idToken: { idToken: 'Tag-1', type: 'ISO14443' },
    meterValues: [aReading('2024-05-01T10:00:00.000Z', 500)],
  }),
  aSessionEvent({
    chargerTransactionId,
    eventType: 'Updated',
    at: '2024-05-01T10:30:00.000Z',
    seqNo: 1,
    meterValues: [aReading('2024-05-01T10:30:00.000Z', 2500)],
  }),
  aSessionEvent({
    chargerTransactionId,
    eventType: 'Ended',
    at: '2024-05-01T11:00:00.000Z',
    seqNo: 2,
    stoppedReason: 'EVDisconnected',
    idToken: { idToken: 'Other-Tag', type: 'ISO14443' },
    meterValues: [aReading('2024-05-01T11:00:00.000Z', 4500)],
  }),
];

const recordAll = async (deps: TestDependencies, events: readonly SessionEvent[]) => {
  for (const event of events) await recordSessionEvent(deps, ctx, event);
};

/**
 * The stored session without what depends on the order of writes: bookkeeping, the heads kept (an Updated that
 * came first is one) and the version (late data corrects an ended session).
 */
const comparable = ({
  sessionId: _id,
  revision: _r,
  version: _v,
  heads: _h,
  updatedAt: _u,
  ...rest
}: Session) => rest;

describe('energyRegisterWh', () => {
  it.each([
    ['a reading without fields (Wh register by default)', { value: 1234 }, 1234],
    ['kWh', { value: 12.345, unit: 'kWh' }, 12_345],
    ['a multiplier', { value: 12, unit: 'Wh', multiplier: 3 }, 12_000],
    ['kWh with a negative multiplier', { value: 1234, unit: 'kWh', multiplier: -3 }, 1234],
    ['the outlet', { value: 7, location: 'Outlet' }, 7],
    ['a per-phase value', { value: 7, phase: 'L1' }, undefined],
    ['the inlet', { value: 7, location: 'Inlet' }, undefined],
    ['another measurand', { value: 7, measurand: 'Power.Active.Import' }, undefined],
    ['export energy', { value: 7, measurand: 'Energy.Active.Export.Register' }, undefined],
    ['a unit that is no energy', { value: 7, unit: 'varh' }, undefined],
  ])('reads %s', (_name, value, expected) => {
    // Act & Assess
    expect(energyRegisterWh(value)).toBe(expected);
  });
});

describe('recordSessionEvent', () => {
  it('makes a transaction a session: times, token, EVSE, energy, status', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    await recordAll(deps, aTransaction());

    // Assess
    const { items } = await listSessions(deps, { tenantId: 'tenant-a', limit: 10 });
    expect(items).toEqual([
      {
        tenantId: 'tenant-a',
        sessionId: 'ID000001',
        chargerId: 'cp-1',
        siteId: 'site-1',
        chargerTransactionId: 'tx-1',
        status: 'Completed',
        startedAt: '2024-05-01T10:00:00.000Z',
        endedAt: '2024-05-01T11:00:00.000Z',
        stoppedReason: 'EVDisconnected',
        evseId: 1,
        connectorId: 2,
        idToken: 'Tag-1',
        idTokenType: 'ISO14443',
        energyWh: 4000,
        meterStart: { at: '2024-05-01T10:00:00.000Z', seqNo: 0, wh: 500 },
        meterStop: { at: '2024-05-01T11:00:00.000Z', seqNo: 2, wh: 4500 },
        createdAt: '2024-05-01T12:00:00.000Z',
        createdBy: 'charger:cp-1',
        updatedAt: '2024-05-01T12:00:00.000Z',
        updatedBy: 'charger:cp-1',
        heads: [
          {
            eventType: 'Started',
            at: '2024-05-01T10:00:00.000Z',
            seqNo: 0,
            evseId: 1,
            connectorId: 2,
            idToken: 'Tag-1',
            idTokenType: 'ISO14443',
            readingsFrom: '2024-05-01T10:00:00.000Z',
          },
          {
            eventType: 'Ended',
            at: '2024-05-01T11:00:00.000Z',
            seqNo: 2,
            idToken: 'Other-Tag',
            idTokenType: 'ISO14443',
            stoppedReason: 'EVDisconnected',
            readingsTo: '2024-05-01T11:00:00.000Z',
            fingerprint: expect.any(String),
          },
        ],
        // Started and Ended: the periodic sample in between only appended its meter value.
        revision: 2,
        version: 1,
      },
    ]);
  });

  it('publishes transactionStarted, transactionUpdated and transactionEnded with the session id as sessionId', async () => {
    // Prepare
    const deps = await createTestDependencies({ progressAudience: everyoneListens });

    // Act
    await recordAll(deps, aTransaction());

    // Assess
    expect(deps.events.published).toEqual([
      {
        name: 'transactionStarted',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          sessionId: 'ID000001',
          chargerTransactionId: 'tx-1',
          evseId: 1,
          connectorId: 2,
          idToken: 'Tag-1',
          startedAt: '2024-05-01T10:00:00.000Z',
          occurredAt: '2024-05-01T10:00:00.000Z',
        },
      },
      {
        name: 'transactionUpdated',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          sessionId: 'ID000001',
          chargerTransactionId: 'tx-1',
          evseId: 1,
          connectorId: 2,
          idToken: 'Tag-1',
          startedAt: '2024-05-01T10:00:00.000Z',
          energyWh: 2000,
          meterReadAt: '2024-05-01T10:30:00.000Z',
          occurredAt: '2024-05-01T10:30:00.000Z',
        },
      },
      {
        name: 'transactionEnded',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          sessionId: 'ID000001',
          chargerTransactionId: 'tx-1',
          evseId: 1,
          connectorId: 2,
          idToken: 'Tag-1',
          startedAt: '2024-05-01T10:00:00.000Z',
          endedAt: '2024-05-01T11:00:00.000Z',
          energyWh: 4000,
          stoppedReason: 'EVDisconnected',
          version: 1,
          metered: true,
          occurredAt: '2024-05-01T11:00:00.000Z',
        },
      },
    ]);
  });

  it('changes nothing for an event it has seen (same seqNo), but publishes an Ended again', async () => {
    // Prepare
    const deps = await createTestDependencies({ progressAudience: everyoneListens });
    const events = aTransaction();
    await recordAll(deps, events);
    const before = await deps.table.scan();
    deps.clock.advance(60_000);

    // Act
    const results = [];
    for (const event of events) results.push(await recordSessionEvent(deps, ctx, event));

    // Assess
    expect(results.map((result) => result.changed)).toEqual([false, false, false]);
    expect(await deps.table.scan()).toEqual(before);
    // The charger repeats an event it got no answer to: maybe publishing failed after the session was stored.
    // An Updated one of an ended session is not published again: the transaction is over.
    expect(deps.events.published.map((event) => event.name)).toEqual([
      'transactionStarted',
      'transactionUpdated',
      'transactionEnded',
      'transactionStarted',
      'transactionEnded',
    ]);
  });

  it.each([
    ['reversed', [2, 1, 0]],
    ['Ended first', [2, 0, 1]],
    ['Updated first', [1, 2, 0]],
  ])('ends with the same session whatever the order events arrive in (%s)', async (_name, order) => {
    // Prepare
    const inOrder = await createTestDependencies();
    await recordAll(inOrder, aTransaction());
    const deps = await createTestDependencies();
    const events = aTransaction();

    // Act
    await recordAll(
      deps,
      order.map((i) => events[i]!),
    );

    // Assess
    const [expected] = (await listSessions(inOrder, { tenantId: 'tenant-a', limit: 1 })).items;
    const [actual] = (await listSessions(deps, { tenantId: 'tenant-a', limit: 1 })).items;
    expect(comparable(actual!)).toEqual(comparable(expected!));
  });

  it('creates a completed session from an Ended event of a transaction it never saw', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const { session } = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        eventType: 'Ended',
        at: '2024-05-01T11:00:00.000Z',
        seqNo: 7,
        evseId: 2,
        stoppedReason: 'Local',
        meterValues: [aReading('2024-05-01T10:00:00.000Z', 100), aReading('2024-05-01T11:00:00.000Z', 350)],
      }),
    );

    // Assess
    expect(session).toMatchObject({
      status: 'Completed',
      startedAt: '2024-05-01T11:00:00.000Z',
      endedAt: '2024-05-01T11:00:00.000Z',
      evseId: 2,
      energyWh: 250,
    });
    expect(deps.events.published.map((event) => event.name)).toEqual(['transactionEnded']);
  });

  it.each([
    ['on, an authorised session: its end says so', true, true, true],
    ['on, a session without a token: ghost detection counts none', true, false, false],
    ['off, an authorised session', false, true, false],
  ] as const)(
    'marks only the end for self-healing, when the tenant has it on (%s)',
    async (_, on, authorised, marked) => {
      // Prepare
      const deps = await createTestDependencies();
      await deps.selfHealing.putSettings({ ...defaultSelfHealingSettings('tenant-a'), enabled: on });
      const events = authorised
        ? aTransaction()
        : aTransaction().map((event) => ({ ...event, idToken: undefined }));

      // Act
      await recordAll(deps, events);

      // Assess
      const byName = (name: string) => deps.events.published.filter((event) => event.name === name);
      const [ended] = byName('transactionEnded');
      expect(ended?.detail).toMatchObject(authorised ? { idToken: 'Tag-1' } : {});
      expect('selfHealing' in (ended?.detail ?? {})).toBe(marked);
      if (marked) expect(ended?.detail).toMatchObject({ selfHealing: true });
      expect(byName('transactionStarted').map((event) => 'selfHealing' in event.detail)).toEqual([false]);
    },
  );

  it('keeps one session per charger transaction, apart for other chargers and tenants', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    await recordSessionEvent(deps, ctx, aSessionEvent({ eventType: 'Started' }));
    await recordSessionEvent(deps, ctx, aSessionEvent({ seqNo: 1 }));
    await recordSessionEvent(
      deps,
      aMessageContext({ chargerId: 'cp-2' }),
      aSessionEvent({ eventType: 'Started' }),
    );
    await recordSessionEvent(
      deps,
      aMessageContext({ tenantId: 'tenant-b' }),
      aSessionEvent({ eventType: 'Started' }),
    );

    // Assess
    const ofA = await listSessions(deps, { tenantId: 'tenant-a', limit: 10 });
    const ofB = await listSessions(deps, { tenantId: 'tenant-b', limit: 10 });
    expect(ofA.items.map((s) => [s.sessionId, s.chargerId, s.chargerTransactionId])).toEqual([
      ['ID000003', 'cp-2', 'tx-1'],
      ['ID000001', 'cp-1', 'tx-1'],
    ]);
    expect(ofB.items.map((s) => [s.sessionId, s.chargerId])).toEqual([['ID000004', 'cp-1']]);
    expect(await getSession(deps, { tenantId: 'tenant-b', sessionId: 'ID000001' })).toBeUndefined();
  });

  it('takes the token of the earliest event that carried one, even if it arrives last', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const [started, updated, ended] = aTransaction();
    const startedWithoutToken = { ...started!, idToken: undefined };
    const authorized = { ...updated!, idToken: { idToken: 'First', type: 'Central' } };

    // Act
    await recordAll(deps, [startedWithoutToken, ended!, authorized]);

    // Assess
    const [session] = (await listSessions(deps, { tenantId: 'tenant-a', limit: 1 })).items;
    expect(session).toMatchObject({ idToken: 'First', idTokenType: 'Central' });
  });

  it('keeps the meter values of every event, once each, in time order', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const [started, updated, ended] = aTransaction();

    // Act
    await recordAll(deps, [ended!, started!, updated!, updated!]);

    // Assess
    const found = await getSession(deps, { tenantId: 'tenant-a', sessionId: 'ID000001' });
    expect(found?.meterValues).toEqual([
      { at: '2024-05-01T10:00:00.000Z', seqNo: 0, sampledValues: [{ value: 500 }] },
      { at: '2024-05-01T10:30:00.000Z', seqNo: 1, sampledValues: [{ value: 2500 }] },
      { at: '2024-05-01T11:00:00.000Z', seqNo: 2, sampledValues: [{ value: 4500 }] },
    ]);
  });

  it('merges meter values of one event with the same timestamp', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const at = '2024-05-01T10:00:00.000Z';

    // Act
    await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        meterValues: [
          { at, sampledValues: [{ value: 1 }] },
          { at, sampledValues: [{ value: 230, measurand: 'Voltage', unit: 'V' }] },
        ],
      }),
    );

    // Assess
    const found = await getSession(deps, { tenantId: 'tenant-a', sessionId: 'ID000001' });
    expect(found?.meterValues).toEqual([
      { at, seqNo: 0, sampledValues: [{ value: 1 }, { value: 230, measurand: 'Voltage', unit: 'V' }] },
    ]);
  });

  it('folds the event again when another write came first', async () => {
    // Prepare
    const other = await createTestDependencies();
    const { table, sessions: repository } = other;
    let conflicts = 1;
    const deps = await createTestDependencies({
      table,
      sessions: {
        ...repository,
        async save(session) {
          if (conflicts > 0) {
            conflicts -= 1;
            // Another event of the transaction is stored between our read and our write.
            await recordSessionEvent(
              other,
              ctx,
              aSessionEvent({ seqNo: 1, meterValues: [aReading('2024-05-01T10:30:00.000Z', 50)] }),
            );
            return false;
          }
          return repository.save(session);
        },
      },
    });

    // Act
    const { session } = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        eventType: 'Started',
        evseId: 3,
        meterValues: [aReading('2024-05-01T10:00:00.000Z', 5)],
      }),
    );

    // Assess
    expect(session.revision).toBe(2);
    expect(await repository.get('tenant-a', session.sessionId)).toMatchObject({
      evseId: 3,
      meterStart: { wh: 5 },
      meterStop: { wh: 50 },
      energyWh: 45,
    });
  });

  it('gives up after repeated concurrent writes', async () => {
    // Prepare
    const { table, sessions: repository } = await createTestDependencies();
    const deps = await createTestDependencies({
      table,
      sessions: { ...repository, save: async () => false },
    });

    // Act
    const recording = recordSessionEvent(deps, ctx, aSessionEvent());

    // Assess
    await expect(recording).rejects.toThrow(/kept changing/);
    expect(deps.events.published).toEqual([]);
  });
});

describe('periodic samples', () => {
  const started = aSessionEvent({
    eventType: 'Started',
    at: '2024-05-01T10:00:00.000Z',
    seqNo: 0,
    evseId: 1,
    idToken: { idToken: 'Tag-1', type: 'ISO14443' },
    meterValues: [aReading('2024-05-01T10:00:00.000Z', 500)],
  });
  const sample = (minute: number, wh: number, overrides: Partial<SessionEvent> = {}) =>
    aSessionEvent({
      eventType: 'Updated',
      at: `2024-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
      seqNo: minute,
      meterValues: [aReading(`2024-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`, wh)],
      ...overrides,
    });

  it('append their meter values without writing the session, and publish the energy so far', async () => {
    // Prepare
    const deps = await createTestDependencies({
      sampleEvents: createSampleEventGate(0),
      progressAudience: everyoneListens,
    });
    const { session: first } = await recordSessionEvent(deps, ctx, started);

    // Act
    const { changed } = await recordSessionEvent(deps, ctx, sample(1, 800));
    await recordSessionEvent(deps, ctx, sample(2, 1100));

    // Assess
    expect(changed).toBe(false);
    expect(await deps.sessions.get('tenant-a', first.sessionId)).toEqual(first);
    expect(deps.events.published.at(-1)).toMatchObject({
      name: 'transactionUpdated',
      detail: { energyWh: 600, meterReadAt: '2024-05-01T10:02:00.000Z', idToken: 'Tag-1', evseId: 1 },
    });
  });

  it('publish at most one transactionUpdated per interval of the charger clock', async () => {
    // Prepare
    const deps = await createTestDependencies({
      sampleEvents: createSampleEventGate(5 * 60),
      progressAudience: everyoneListens,
    });
    await recordSessionEvent(deps, ctx, started);

    // Act
    for (let minute = 1; minute <= 12; minute += 1)
      await recordSessionEvent(deps, ctx, sample(minute, minute));

    // Assess
    const updates = deps.events.published.filter((event) => event.name === 'transactionUpdated');
    expect(updates.map((event) => event.detail.occurredAt)).toEqual([
      '2024-05-01T10:01:00.000Z',
      '2024-05-01T10:06:00.000Z',
      '2024-05-01T10:11:00.000Z',
    ]);
    expect((await deps.sessions.latestMeterValues('tenant-a', updates[0]!.detail.sessionId, 20)).length).toBe(
      13,
    );
  });

  it.each([
    ['nobody listens (no webhook, no load management)', [], false, false],
    ['a webhook of the tenant for TransactionUpdated.v2', ['TransactionUpdated.v2'], false, true],
    ['a webhook of the tenant for TransactionUpdated.v1', ['TransactionUpdated.v1'], false, true],
    ['a webhook of the tenant for "*"', ['*'], false, true],
    ['a webhook of the tenant for other events only', ['TransactionEnded.v2'], false, false],
    ['a session of a load-managed site', [], true, true],
  ] as const)(
    'publish their transactionUpdated only to listeners: %s',
    async (_, events, loadManaged, published) => {
      // Prepare
      const deps = await createTestDependencies({ sampleEvents: createSampleEventGate(0) });
      if (events.length > 0) await deps.webhooks.create(aWebhook({ events: [...events] }));
      const context = loadManaged ? { ...ctx, loadManaged: true as const } : ctx;
      await recordSessionEvent(deps, context, started);

      // Act
      await recordSessionEvent(deps, context, sample(1, 800));

      // Assess
      const names = deps.events.published.map((event) => event.name);
      expect(names.includes('transactionUpdated')).toBe(published);
      expect(names).toContain('transactionStarted');
    },
  );

  it("publish for a tenant's new webhook once the container's memory of the tenant lapses", async () => {
    // Prepare
    const deps = await createTestDependencies({ sampleEvents: createSampleEventGate(0) });
    await recordSessionEvent(deps, ctx, started);
    await recordSessionEvent(deps, ctx, sample(1, 800));
    await deps.webhooks.create(aWebhook({ events: ['TransactionUpdated.v2'] }));

    // Act
    await recordSessionEvent(deps, ctx, sample(2, 900));
    const beforeLapse = deps.events.published.filter((event) => event.name === 'transactionUpdated').length;
    deps.clock.advance(webhookAudienceTtlMs + 1);
    await recordSessionEvent(deps, ctx, sample(3, 1000));

    // Assess
    expect(beforeLapse).toBe(0);
    expect(deps.events.published.filter((event) => event.name === 'transactionUpdated')).toHaveLength(1);
  });

  it('are folded in by readers: the session, and active sessions in a listing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { session } = await recordSessionEvent(deps, ctx, started);

    // Act
    await recordSessionEvent(deps, ctx, sample(1, 800));
    await recordSessionEvent(deps, ctx, sample(2, 1100));

    // Assess
    const live = { energyWh: 600, meterStop: { at: '2024-05-01T10:02:00.000Z', seqNo: 2, wh: 1100 } };
    expect((await getSession(deps, { tenantId: 'tenant-a', sessionId: session.sessionId }))?.session).toEqual(
      {
        ...session,
        ...live,
      },
    );
    const { items } = await listSessions(deps, { tenantId: 'tenant-a', limit: 10 });
    expect(items).toEqual([{ ...session, ...live }]);
  });

  it('count at the end even when the end carries no reading', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordSessionEvent(deps, ctx, started);
    await recordSessionEvent(deps, ctx, sample(1, 800));
    await recordSessionEvent(deps, ctx, sample(2, 1100));

    // Act
    const { session } = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({ eventType: 'Ended', at: '2024-05-01T10:03:00.000Z', seqNo: 3, stoppedReason: 'Local' }),
    );

    // Assess
    expect(session).toMatchObject({
      status: 'Completed',
      energyWh: 600,
      meterStop: { wh: 1100 },
      revision: 2,
    });
    expect(deps.events.published.at(-1)).toMatchObject({
      name: 'transactionEnded',
      detail: { energyWh: 600 },
    });
  });

  const { idToken: _token, ...startedWithoutToken } = started;
  it.each([
    ['a token the session has not', startedWithoutToken, sample(1, 800, { idToken: { idToken: 'Tag-2' } })],
    // Without a Started (not delivered yet) the window has no start.
    ['a reading before the first one', sample(5, 900), sample(1, 400)],
    ['no session yet', undefined, sample(1, 800)],
  ])('are folded into the session when they bring more: %s', async (_case, first, update) => {
    // Prepare
    const deps = await createTestDependencies();
    const before = first && (await recordSessionEvent(deps, ctx, first)).session;

    // Act
    const { session, changed } = await recordSessionEvent(deps, ctx, update);

    // Assess
    expect(changed).toBe(true);
    expect(session.revision).toBe((before?.revision ?? 0) + 1);
    expect(await deps.sessions.get('tenant-a', session.sessionId)).toEqual(session);
  });

  it('of a completed session are folded into it (a late message)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordSessionEvent(deps, ctx, started);
    await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({ eventType: 'Ended', at: '2024-05-01T10:05:00.000Z', seqNo: 9, stoppedReason: 'Local' }),
    );

    // Act
    const { session, changed } = await recordSessionEvent(deps, ctx, sample(4, 1500));

    // Assess: the end carried no reading, so the late one is the last of the window: a new version.
    expect(changed).toBe(true);
    expect(session).toMatchObject({
      status: 'Completed',
      energyWh: 1000,
      meterStop: { wh: 1500 },
      version: 2,
    });
    expect(deps.events.published.at(-1)).toMatchObject({
      name: 'sessionCorrected',
      detail: { version: 2, energyWh: 1000, previous: { version: 1, energyWh: 0 } },
    });
  });

  it('before the start or after the end are kept but change nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordSessionEvent(deps, ctx, started);
    await recordSessionEvent(deps, ctx, sample(2, 1100));
    const ended = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        eventType: 'Ended',
        at: '2024-05-01T10:05:00.000Z',
        seqNo: 9,
        stoppedReason: 'Local',
        meterValues: [aReading('2024-05-01T10:05:00.000Z', 1500)],
      }),
    );

    // Act
    const before = await recordSessionEvent(
      deps,
      ctx,
      sample(1, 0, {
        at: '2024-05-01T09:30:00.000Z',
        meterValues: [aReading('2024-05-01T09:30:00.000Z', 0)],
      }),
    );
    const after = await recordSessionEvent(deps, ctx, sample(30, 9000));
    const afterBySeqNo = await recordSessionEvent(deps, ctx, sample(4, 9500, { seqNo: 10 }));

    // Assess
    expect([before.changed, after.changed, afterBySeqNo.changed]).toEqual([false, false, false]);
    const found = await getSession(deps, { tenantId: 'tenant-a', sessionId: ended.session.sessionId });
    expect(found?.session).toEqual(ended.session);
    expect(found?.session).toMatchObject({ startedAt: started.at, energyWh: 1000, version: 1 });
    expect(found?.meterValues.map((value) => value.at)).toEqual([
      '2024-05-01T09:30:00.000Z',
      '2024-05-01T10:00:00.000Z',
      '2024-05-01T10:02:00.000Z',
      '2024-05-01T10:04:00.000Z',
      '2024-05-01T10:05:00.000Z',
      '2024-05-01T10:30:00.000Z',
    ]);
    expect(deps.events.published.map((event) => event.name)).not.toContain('sessionCorrected');
  });

  it('a second end that differs from the first is a discrepancy: published, not applied', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordSessionEvent(deps, ctx, started);
    const end = aSessionEvent({
      eventType: 'Ended',
      at: '2024-05-01T10:05:00.000Z',
      seqNo: 9,
      stoppedReason: 'Local',
      meterValues: [aReading('2024-05-01T10:05:00.000Z', 1500)],
    });
    const { session } = await recordSessionEvent(deps, ctx, end);
    const stored = await deps.table.scan();

    // Act
    const second = await recordSessionEvent(deps, ctx, {
      ...end,
      at: '2024-05-01T10:06:00.000Z',
      seqNo: 10,
      meterValues: [aReading('2024-05-01T10:06:00.000Z', 99_000)],
    });
    const repeated = await recordSessionEvent(deps, ctx, end);

    // Assess
    expect(second).toEqual({ session, changed: false, discrepancy: true });
    expect(repeated).toMatchObject({ session, changed: false });
    expect(await deps.table.scan()).toEqual(stored);
    expect(deps.events.published.slice(-2)).toEqual([
      {
        name: 'sessionDiscrepancyDetected',
        detail: expect.objectContaining({
          sessionId: session.sessionId,
          kind: 'conflictingEnd',
          version: 1,
          recorded: { at: '2024-05-01T10:05:00.000Z', seqNo: 9, stoppedReason: 'Local', meterStopWh: 1500 },
          received: {
            at: '2024-05-01T10:06:00.000Z',
            seqNo: 10,
            stoppedReason: 'Local',
            meterStopWh: 99_000,
          },
        }),
      },
      // The identical one is a repeat: its end is published again, as before.
      { name: 'transactionEnded', detail: expect.objectContaining({ energyWh: 1000, version: 1 }) },
    ]);
  });
});

/** What DynamoDB's TTL does once METER_VALUE_RETENTION_DAYS have passed: the session's raw values are gone. */
const expireMeterValues = async (deps: TestDependencies, sessionId: string) => {
  const { documentClient, name } = deps.table;
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mv)',
      ExpressionAttributeValues: {
        ':pk': keys.session('tenant-a', sessionId).PK,
        ':mv': keys.meterValuePrefix,
      },
    }),
  );
  for (const item of Items)
    await documentClient.send(new DeleteCommand({ TableName: name, Key: { PK: item.PK, SK: item.SK } }));
  return Items.length;
};

describe('raw meter values expired (retention)', () => {
  it('a session read after its raw values expired keeps its readings and energy', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordAll(deps, aTransaction());
    const { session: ended } = await recordSessionEvent(deps, ctx, aTransaction()[2]!);
    expect(await expireMeterValues(deps, ended.sessionId)).toBe(3);

    // Act
    const read = await getSession(deps, { tenantId: 'tenant-a', sessionId: ended.sessionId });

    // Assess
    expect(read?.meterValues).toEqual([]);
    expect(read?.session).toMatchObject({
      energyWh: 4000,
      meterStart: { wh: 500, at: '2024-05-01T10:00:00.000Z' },
      meterStop: { wh: 4500, at: '2024-05-01T11:00:00.000Z' },
    });
  });

  it('late data after the raw values expired folds with the readings the session kept, not from nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordAll(deps, aTransaction());
    const { session: ended } = await recordSessionEvent(deps, ctx, aTransaction()[2]!);
    await expireMeterValues(deps, ended.sessionId);
    const publishedBefore = deps.events.published.length;

    // Act: a reading inside the window, delivered late.
    const late = await recordSessionEvent(
      deps,
      ctx,
      aSessionEvent({
        eventType: 'Updated',
        at: '2024-05-01T10:45:00.000Z',
        seqNo: 3,
        meterValues: [aReading('2024-05-01T10:45:00.000Z', 3500)],
      }),
    );

    // Assess: the first and last readings are still the session's; nothing to correct.
    expect(late.changed).toBe(false);
    expect(late.session).toMatchObject({ energyWh: 4000, version: ended.version });
    expect(deps.events.published.slice(publishedBefore).map((event) => event.name)).not.toContain(
      'sessionCorrected',
    );
  });
});

describe('listSessions', () => {
  it('filters by charger, status and sites, newest first, in pages', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const start = (
      chargerId: string,
      siteId: string | undefined,
      chargerTransactionId: string,
      hour: number,
    ) =>
      recordSessionEvent(
        deps,
        aMessageContext({ chargerId, siteId }),
        aSessionEvent({
          chargerTransactionId,
          eventType: 'Started',
          at: `2024-05-01T${String(hour).padStart(2, '0')}:00:00.000Z`,
        }),
      );
    await start('cp-1', 'site-1', 't1', 1);
    await start('cp-2', 'site-2', 't2', 2);
    await start('cp-1', 'site-1', 't3', 3);
    await start('cp-3', undefined, 't4', 4);
    await recordSessionEvent(
      deps,
      aMessageContext({ chargerId: 'cp-1' }),
      aSessionEvent({ chargerTransactionId: 't3', eventType: 'Ended', at: '2024-05-01T03:30:00.000Z' }),
    );
    const ids = async (query: Partial<Parameters<typeof listSessions>[1]>) => {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listSessions(deps, {
          tenantId: 'tenant-a',
          limit: 1,
          ...query,
          ...(cursor && { cursor }),
        });
        all.push(...page.items.map((session) => session.chargerTransactionId));
        cursor = page.cursor;
      } while (cursor);
      return all;
    };

    // Act
    const results = {
      all: await ids({}),
      ofCharger: await ids({ chargerId: 'cp-1' }),
      active: await ids({ status: 'Active' }),
      completedOfCharger: await ids({ chargerId: 'cp-1', status: 'Completed' }),
      ofSite2: await ids({ siteIds: ['site-2'] }),
      ofNoSites: await ids({ siteIds: [] }),
    };

    // Assess
    expect(results).toEqual({
      all: ['t4', 't3', 't2', 't1'],
      ofCharger: ['t3', 't1'],
      active: ['t4', 't2', 't1'],
      completedOfCharger: ['t3'],
      ofSite2: ['t2'],
      ofNoSites: [],
    });
  });
});
