import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.ts';
import { OcppError } from '../../../shared/ocpp/errors.ts';
import type {
  MeterValuesRequest,
  StartTransactionRequest,
  StopTransactionRequest,
} from '../../../shared/ocpp/generated/ocpp16.ts';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import { getSession, listSessions } from '../../../shared/slices/transactions/sessions.ts';
import {
  meterValuesSeqNo,
  stopSeqNo,
  toSampledValue16,
} from '../../../shared/slices/transactions/transactions-16.ts';
import { everyoneListens } from '../../../shared/slices/webhooks/progress-audience.ts';
import { createV16Handlers, createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aTransactionEventRequest } from './session-builders.ts';

type Deps = TestDependencies;
type SampledValue16 = MeterValuesRequest['meterValue'][number]['sampledValue'][number];

const ctx = aMessageContext();
const otherCharger = aMessageContext({ chargerId: 'cp-2', connectionId: 'conn-2' });

const aStart = (overrides: Partial<StartTransactionRequest> = {}): StartTransactionRequest => ({
  connectorId: 1,
  idTag: 'TAG-1',
  meterStart: 1000,
  timestamp: '2024-05-01T10:00:00.000Z',
  ...overrides,
});

const aStop = (
  transactionId: number,
  overrides: Partial<StopTransactionRequest> = {},
): StopTransactionRequest => ({
  transactionId,
  meterStop: 9000,
  timestamp: '2024-05-01T11:00:00.000Z',
  ...overrides,
});

const register = (value: string, overrides: Partial<SampledValue16> = {}): SampledValue16 => ({
  value,
  measurand: 'Energy.Active.Import.Register',
  ...overrides,
});

const aMeterValues = (
  transactionId: number | undefined,
  timestamp: string,
  sampledValue: SampledValue16[],
  connectorId = 1,
): MeterValuesRequest => ({
  connectorId,
  ...(transactionId !== undefined && { transactionId }),
  meterValue: [{ timestamp, sampledValue }],
});

const givenToken = (
  deps: Deps,
  idToken: string,
  overrides: { status?: 'Accepted' | 'Blocked'; expiresAt?: string; groupId?: string } = {},
) => putIdToken(deps, { tenantId: 'tenant-a', idToken, status: 'Accepted', actor: 'key-1', ...overrides });

const sessionsOf = async (deps: Deps) =>
  (await listSessions(deps, { tenantId: 'tenant-a', limit: 10 })).items.map((session) => session.sessionId);

const sessionOf = async (deps: Deps, transactionId: number, chargerId = 'cp-1') => {
  const sessionId = await deps.sessions.findSessionId('tenant-a', chargerId, String(transactionId));
  return sessionId ? getSession(deps, { tenantId: 'tenant-a', sessionId }) : undefined;
};

const eventNames = (deps: Deps) => deps.events.published.map((event) => event.name);

describe('OCPP 1.6 StartTransaction', () => {
  it('numbers transactions per charger from 1, apart for other chargers and tenants', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { StartTransaction } = createV16Handlers(deps);

    // Act
    const ids = [
      await StartTransaction!(ctx, aStart()),
      await StartTransaction!(ctx, aStart({ connectorId: 2, idTag: 'TAG-2' })),
      await StartTransaction!(ctx, aStart({ timestamp: '2024-05-01T11:00:00.000Z' })),
      await StartTransaction!(otherCharger, aStart()),
      await StartTransaction!(aMessageContext({ tenantId: 'tenant-b' }), aStart()),
    ].map((response) => response.transactionId);

    // Assess
    expect(ids).toEqual([1, 2, 3, 1, 1]);
    expect(await sessionsOf(deps)).toHaveLength(4);
  });

  it('gives a start repeated after a lost answer the same transaction id, storing nothing new', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { StartTransaction } = createV16Handlers(deps);
    const first = await StartTransaction!(ctx, aStart());
    const before = await deps.table.scan();

    // Act
    const repeated = await StartTransaction!(ctx, aStart());
    const sameTimeOtherOffset = await StartTransaction!(
      ctx,
      aStart({ timestamp: '2024-05-01T12:00:00+02:00' }),
    );
    const stored = await deps.table.scan();
    const otherMeterStart = await StartTransaction!(ctx, aStart({ meterStart: 1001 }));

    // Assess
    expect(repeated).toEqual(first);
    expect(sameTimeOtherOffset).toEqual(first);
    expect(stored).toEqual(before);
    expect(otherMeterStart.transactionId).toBe(2);
    // At least once: the repeat publishes the start again.
    expect(eventNames(deps).filter((name) => name === 'transactionStarted')).toHaveLength(4);
  });

  it('records the session as a 2.0.1 one: EVSE = connector, token, start time (UTC), meterStart reading', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { StartTransaction } = createV16Handlers(deps);

    // Act
    const response = await StartTransaction!(
      ctx,
      aStart({ connectorId: 2, idTag: 'tag-1', timestamp: '2024-05-01T12:00:00+02:00', meterStart: 5 }),
    );

    // Assess
    expect(response).toEqual({ transactionId: 1, idTagInfo: { status: 'Invalid' } });
    const found = await sessionOf(deps, 1);
    expect(found?.session).toMatchObject({
      chargerId: 'cp-1',
      siteId: 'site-1',
      chargerTransactionId: '1',
      status: 'Active',
      startedAt: '2024-05-01T10:00:00.000Z',
      evseId: 2,
      connectorId: 1,
      idToken: 'tag-1',
      energyWh: 0,
    });
    expect(found?.meterValues).toEqual([
      {
        at: '2024-05-01T10:00:00.000Z',
        seqNo: 0,
        sampledValues: [
          { value: 5, measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Transaction.Begin' },
        ],
      },
    ]);
    expect(deps.events.published.find((event) => event.name === 'transactionStarted')?.detail).toMatchObject({
      sessionId: found?.session.sessionId,
      chargerTransactionId: '1',
      evseId: 2,
      connectorId: 1,
      idToken: 'tag-1',
    });
  });

  it('refuses connector 0 with a CALLERROR and stores nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { StartTransaction } = createV16Handlers(deps);

    // Act
    const starting = StartTransaction!(ctx, aStart({ connectorId: 0 }));

    // Assess
    await expect(starting).rejects.toBeInstanceOf(OcppError);
    expect(await deps.table.scan()).toEqual([]);
  });

  it('never gives a number beyond a 32-bit signed integer', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await deps.table.put({
      ...keys.transactionCounter('tenant-a', 'cp-1'),
      lastChargerTransactionId: 2 ** 31 - 2,
    });
    const { StartTransaction } = createV16Handlers(deps);

    // Act
    const last = await StartTransaction!(ctx, aStart());
    const beyond = StartTransaction!(ctx, aStart({ meterStart: 2 }));

    // Assess
    expect(last.transactionId).toBe(2 ** 31 - 1);
    await expect(beyond).rejects.toThrow(/every 1.6 transaction id/);
  });
});

describe('OCPP 1.6 MeterValues and StopTransaction', () => {
  it('folds a whole transaction: energy from Wh and kWh registers, phases and other measurands aside', async () => {
    // Prepare: a session someone follows (its progress events are published)
    const deps = await createTestDependencies({ progressAudience: everyoneListens });
    await givenToken(deps, 'TAG-1');
    const handlers = createV16Handlers(deps);
    const { transactionId } = await handlers.StartTransaction!(ctx, aStart());

    // Act
    const answers = [
      await handlers.MeterValues!(
        ctx,
        aMeterValues(transactionId, '2024-05-01T10:15:00.000Z', [
          register('2.5', { unit: 'kWh', context: 'Sample.Periodic' }),
          register('900', { phase: 'L1', context: 'Sample.Periodic' }),
          { value: '11000', measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
        ]),
      ),
      await handlers.MeterValues!(
        ctx,
        aMeterValues(transactionId, '2024-05-01T10:30:00Z', [
          register('4000', { context: 'Sample.Clock', location: 'Outlet' }),
          register('99999', { context: 'Sample.Clock', location: 'Inlet' }),
        ]),
      ),
      await handlers.StopTransaction!(
        ctx,
        aStop(transactionId, {
          idTag: 'TAG-1',
          meterStop: 8250,
          reason: 'EVDisconnected',
          transactionData: [
            {
              timestamp: '2024-05-01T10:00:00.000Z',
              sampledValue: [register('1', { unit: 'kWh', context: 'Transaction.Begin' })],
            },
            { timestamp: '2024-05-01T10:45:00.000Z', sampledValue: [register('6.1', { unit: 'kWh' })] },
            {
              timestamp: '2024-05-01T11:00:00.000Z',
              sampledValue: [register('8.25', { unit: 'kWh', context: 'Transaction.End' })],
            },
          ],
        }),
      ),
    ];

    // Assess
    expect(answers).toEqual([{}, {}, { idTagInfo: { status: 'Accepted' } }]);
    const found = await sessionOf(deps, transactionId);
    expect(found?.session).toMatchObject({
      status: 'Completed',
      startedAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T11:00:00.000Z',
      stoppedReason: 'EVDisconnected',
      idToken: 'TAG-1',
      energyWh: 7250,
      meterStart: { at: '2024-05-01T10:00:00.000Z', seqNo: 0, wh: 1000 },
      meterStop: { at: '2024-05-01T11:00:00.000Z', seqNo: stopSeqNo, wh: 8250 },
    });
    expect(found?.meterValues.map((value) => [value.at, value.sampledValues.length])).toEqual([
      ['2024-05-01T10:00:00.000Z', 1],
      ['2024-05-01T10:00:00.000Z', 1],
      ['2024-05-01T10:15:00.000Z', 3],
      ['2024-05-01T10:30:00.000Z', 2],
      ['2024-05-01T10:45:00.000Z', 1],
      ['2024-05-01T11:00:00.000Z', 2],
    ]);
    const updates = deps.events.published.filter((event) => event.name === 'transactionUpdated');
    expect(updates.map((event) => [event.detail.energyWh, event.detail.meterReadAt])).toEqual([
      [1500, '2024-05-01T10:15:00.000Z'],
      [3000, '2024-05-01T10:30:00.000Z'],
    ]);
    const ended = deps.events.published.find((event) => event.name === 'transactionEnded');
    expect(ended?.detail).toMatchObject({ energyWh: 7250, endedAt: '2024-05-01T11:00:00.000Z' });
  });

  it('takes energy from meterStart and meterStop alone, and assumes a Local stop without a reason', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);
    const { transactionId } = await handlers.StartTransaction!(ctx, aStart({ meterStart: 123_456 }));

    // Act
    const answer = await handlers.StopTransaction!(ctx, aStop(transactionId, { meterStop: 135_789 }));

    // Assess
    expect(answer).toEqual({});
    expect((await sessionOf(deps, transactionId))?.session).toMatchObject({
      energyWh: 12_333,
      stoppedReason: 'Local',
      status: 'Completed',
    });
  });

  it('changes nothing for a repeated StopTransaction, but publishes its end again', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);
    const { transactionId } = await handlers.StartTransaction!(ctx, aStart());
    const stop = aStop(transactionId, {
      transactionData: [{ timestamp: '2024-05-01T10:30:00.000Z', sampledValue: [register('5000')] }],
    });
    await handlers.StopTransaction!(ctx, stop);
    const before = await deps.table.scan();
    deps.clock.advance(60_000);

    // Act
    const answer = await handlers.StopTransaction!(ctx, stop);

    // Assess
    expect(answer).toEqual({});
    expect(await deps.table.scan()).toEqual(before);
    expect(eventNames(deps).filter((name) => name === 'transactionEnded')).toHaveLength(2);
  });

  it('orders messages delivered late by their timestamps, not by arrival', async () => {
    // Prepare
    const messages = (transactionId: number) => ({
      early: aMeterValues(transactionId, '2024-05-01T10:20:00.000Z', [register('2000')]),
      late: aMeterValues(transactionId, '2024-05-01T10:40:00.000Z', [register('3.5', { unit: 'kWh' })]),
      stop: aStop(transactionId, { meterStop: 6000, timestamp: '2024-05-01T10:50:00.000Z' }),
    });
    const inOrder = await createTestDependencies();
    const outOfOrder = await createTestDependencies();
    const run = async (deps: Deps, order: ('early' | 'late' | 'stop')[]) => {
      const handlers = createV16Handlers(deps);
      const { transactionId } = await handlers.StartTransaction!(ctx, aStart());
      const byName = messages(transactionId);
      for (const name of order) {
        const message = byName[name];
        if (name === 'stop') await handlers.StopTransaction!(ctx, message as StopTransactionRequest);
        else await handlers.MeterValues!(ctx, message as MeterValuesRequest);
      }
      return (await sessionOf(deps, transactionId))!;
    };

    // Act
    const expected = await run(inOrder, ['early', 'late', 'stop']);
    const actual = await run(outOfOrder, ['stop', 'late', 'early']);

    // Assess
    const { updatedAt: _a, revision: _v, ...session } = actual.session;
    const { updatedAt: _b, revision: _w, ...expectedSession } = expected.session;
    expect(session).toEqual(expectedSession);
    expect(actual.meterValues).toEqual(expected.meterValues);
    expect(actual.session).toMatchObject({ energyWh: 5000, endedAt: '2024-05-01T10:50:00.000Z' });
    // Values of an ended transaction are kept, but it is no longer "updated".
    expect(eventNames(outOfOrder)).not.toContain('transactionUpdated');
  });

  it('keeps two messages with values of the same time, and a repeated one once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);
    const { transactionId } = await handlers.StartTransaction!(ctx, aStart());
    const clock = aMeterValues(transactionId, '2024-05-01T10:15:00.000Z', [
      register('1500', { context: 'Sample.Clock' }),
    ]);
    const periodic = aMeterValues(transactionId, '2024-05-01T10:15:00.000Z', [
      { value: '16', measurand: 'Current.Import', unit: 'A', context: 'Sample.Periodic' },
    ]);

    // Act
    await handlers.MeterValues!(ctx, clock);
    await handlers.MeterValues!(ctx, periodic);
    await handlers.MeterValues!(ctx, clock);

    // Assess
    const found = await sessionOf(deps, transactionId);
    expect(found?.meterValues.filter((value) => value.at === '2024-05-01T10:15:00.000Z')).toEqual(
      [
        {
          at: '2024-05-01T10:15:00.000Z',
          seqNo: meterValuesSeqNo(clock),
          sampledValues: [
            { value: 1500, measurand: 'Energy.Active.Import.Register', context: 'Sample.Clock' },
          ],
        },
        {
          at: '2024-05-01T10:15:00.000Z',
          seqNo: meterValuesSeqNo(periodic),
          sampledValues: [{ value: 16, measurand: 'Current.Import', unit: 'A', context: 'Sample.Periodic' }],
        },
      ].sort((a, b) => a.seqNo - b.seqNo),
    );
    expect(meterValuesSeqNo(clock)).toBeGreaterThan(0);
    expect(meterValuesSeqNo(clock)).toBeLessThan(stopSeqNo);
  });

  it.each([
    ['without a transaction id (connector-level sampling)', undefined, 1],
    ['of the main meter (connector 0)', undefined, 0],
    ['of a transaction the CSMS never numbered', 42, 1],
  ])('keeps no values %s', async (_name, transactionId, connectorId) => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const answer = await handlers.MeterValues!(
      ctx,
      aMeterValues(transactionId, '2024-05-01T10:15:00.000Z', [register('1500')], connectorId),
    );

    // Assess
    expect(answer).toEqual({});
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('answers a stop of a transaction the CSMS never numbered, keeping nothing that a later start could meet', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenToken(deps, 'TAG-1');
    const handlers = createV16Handlers(deps);

    // Act
    const answer = await handlers.StopTransaction!(ctx, aStop(1, { idTag: 'TAG-1' }));
    const started = await handlers.StartTransaction!(ctx, aStart());

    // Assess
    expect(answer).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(started.transactionId).toBe(1);
    expect((await sessionOf(deps, 1))?.session).toMatchObject({ status: 'Active', energyWh: 0 });
    expect(eventNames(deps)).not.toContain('transactionEnded');
  });

  it('refuses a negative connector id in MeterValues', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const recording = handlers.MeterValues!(
      ctx,
      aMeterValues(undefined, '2024-05-01T10:15:00.000Z', [register('1')], -1),
    );

    // Assess
    await expect(recording).rejects.toBeInstanceOf(OcppError);
  });
});

describe('toSampledValue16', () => {
  it.each([
    [
      'a decimal',
      register('12.5', { unit: 'kWh' }),
      { value: 12.5, measurand: 'Energy.Active.Import.Register', unit: 'kWh' },
    ],
    ['an exponent and a sign', { value: '-1.5e3' }, { value: -1500 }],
    [
      'every field',
      {
        value: '7',
        measurand: 'Voltage',
        unit: 'V',
        phase: 'L1-N',
        location: 'Outlet',
        context: 'Trigger',
        format: 'Raw',
      },
      { value: 7, measurand: 'Voltage', unit: 'V', phase: 'L1-N', location: 'Outlet', context: 'Trigger' },
    ],
    ['signed data', { value: '1234', format: 'SignedData' }, undefined],
    ['a value that is no number', { value: 'abc' }, undefined],
    ['an empty value', { value: ' ' }, undefined],
    ['a hexadecimal value', { value: '0x10' }, undefined],
  ] as [string, SampledValue16, unknown][])('maps %s', (_name, value, expected) => {
    // Act & Assess
    expect(toSampledValue16(value)).toEqual(expected);
  });
});

describe('OCPP 1.6 authorization', () => {
  it.each([
    [
      'an accepted token with expiry and parent id tag',
      'TAG-OK',
      { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET-1' },
    ],
    [
      'a token known case-insensitively',
      'tag-ok',
      { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET-1' },
    ],
    ['a blocked token', 'TAG-BLOCKED', { status: 'Blocked', parentIdTag: 'FLEET-1' }],
    ['an expired token', 'TAG-EXPIRED', { status: 'Expired' }],
    ['a token not allowed in a way 1.6 cannot say', 'TAG-NOCREDIT', { status: 'Invalid' }],
    ['an unknown token', 'NOBODY', { status: 'Invalid' }],
    ['a token the CSMS could not even store', 'a b', { status: 'Invalid' }],
    ['a token whose group is too long for a parent id tag', 'TAG-LONGGROUP', { status: 'Accepted' }],
  ])('answers Authorize for %s', async (_name, idTag, idTagInfo) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenToken(deps, 'TAG-OK', { expiresAt: '2030-01-01T00:00:00Z', groupId: 'FLEET-1' });
    await givenToken(deps, 'TAG-BLOCKED', { status: 'Blocked', groupId: 'FLEET-1' });
    await givenToken(deps, 'TAG-EXPIRED', { expiresAt: '2024-05-01T11:59:59Z' });
    await putIdToken(deps, {
      tenantId: 'tenant-a',
      idToken: 'TAG-NOCREDIT',
      status: 'NoCredit',
      actor: 'key-1',
    });
    await givenToken(deps, 'TAG-LONGGROUP', { groupId: 'A-GROUP-OF-MORE-THAN-20' });
    const handlers = createV16Handlers(deps);

    // Act
    const response = await handlers.Authorize!(ctx, { idTag });

    // Assess
    expect(response).toEqual({ idTagInfo });
  });

  it('publishes each answer as idTokenAuthorized, with the session for a start', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenToken(deps, 'TAG-1', { groupId: 'FLEET-1' });
    const handlers = createV16Handlers(deps);

    // Act
    await handlers.Authorize!(ctx, { idTag: 'TAG-1' });
    await handlers.StartTransaction!(ctx, aStart({ idTag: 'nobody', connectorId: 3 }));

    // Assess
    const sessionId = await deps.sessions.findSessionId('tenant-a', 'cp-1', '1');
    const authorized = deps.events.published.filter((event) => event.name === 'idTokenAuthorized');
    expect(authorized.map((event) => event.detail)).toEqual([
      {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        siteId: 'site-1',
        correlationId: 'corr-1',
        ocppVersion: 'ocpp1.6',
        idToken: 'TAG-1',
        action: 'Authorize',
        status: 'Accepted',
        groupId: 'FLEET-1',
        occurredAt: '2024-05-01T12:00:00.000Z',
      },
      {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        siteId: 'site-1',
        correlationId: 'corr-1',
        ocppVersion: 'ocpp1.6',
        idToken: 'nobody',
        action: 'StartTransaction',
        status: 'Unknown',
        sessionId,
        evseId: 3,
        occurredAt: '2024-05-01T12:00:00.000Z',
      },
    ]);
  });

  describe('ConcurrentTx', () => {
    const given = async () => {
      const deps = await createTestDependencies();
      await givenToken(deps, 'TAG-1');
      const handlers = createV16Handlers(deps);
      const { transactionId } = await handlers.StartTransaction!(ctx, aStart({ idTag: 'tag-1' }));
      return { deps, handlers, transactionId };
    };

    it('answers ConcurrentTx for a token busy on another charger, to Authorize and StartTransaction', async () => {
      // Prepare
      const { handlers } = await given();

      // Act
      const authorized = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });
      const started = await handlers.StartTransaction!(otherCharger, aStart());

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
      expect(started).toEqual({ transactionId: 1, idTagInfo: { status: 'ConcurrentTx' } });
    });

    it('answers a start on another connector of the same charger ConcurrentTx, but not Authorize there', async () => {
      // Prepare
      const { handlers } = await given();

      // Act
      const authorized = await handlers.Authorize!(ctx, { idTag: 'TAG-1' });
      const started = await handlers.StartTransaction!(ctx, aStart({ connectorId: 2 }));

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'Accepted' } });
      expect(started).toEqual({ transactionId: 2, idTagInfo: { status: 'ConcurrentTx' } });
    });

    it('answers a repeated start and a new start on the same connector Accepted', async () => {
      // Prepare
      const { handlers } = await given();

      // Act
      const repeated = await handlers.StartTransaction!(ctx, aStart({ idTag: 'tag-1' }));
      const sameConnector = await handlers.StartTransaction!(
        ctx,
        aStart({ timestamp: '2024-05-01T11:00:00Z' }),
      );

      // Assess
      expect(repeated).toEqual({ transactionId: 1, idTagInfo: { status: 'Accepted' } });
      expect(sameConnector).toEqual({ transactionId: 2, idTagInfo: { status: 'Accepted' } });
    });

    it('frees the token when its session ends', async () => {
      // Prepare
      const { deps, handlers, transactionId } = await given();
      await handlers.StopTransaction!(ctx, aStop(transactionId));

      // Act
      const authorized = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'Accepted' } });
      expect(
        (await deps.table.scan()).filter((item) => item.SK.startsWith(keys.idTokenSessionPrefix)),
      ).toEqual([]);
    });

    it('ignores a session the CSMS has known for a day without an end', async () => {
      // Prepare
      const { deps, handlers } = await given();
      deps.clock.set('2024-05-02T11:59:59.999Z');
      const justBefore = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });
      deps.clock.set('2024-05-02T12:00:00.000Z');

      // Act
      const afterADay = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });

      // Assess
      expect(justBefore).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
      expect(afterADay).toEqual({ idTagInfo: { status: 'Accepted' } });
    });

    it('counts a start delivered late with an old timestamp, by when the CSMS got it', async () => {
      // Prepare
      const deps = await createTestDependencies();
      await givenToken(deps, 'TAG-1');
      const handlers = createV16Handlers(deps);
      await handlers.StartTransaction!(ctx, aStart({ timestamp: '2024-04-20T10:00:00.000Z' }));

      // Act
      const authorized = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
    });

    it('ignores a marker that outlived its session (a failed removal)', async () => {
      // Prepare
      const { deps, handlers, transactionId } = await given();
      const markers = await deps.activeSessions.list('tenant-a', 'TAG-1');
      await handlers.StopTransaction!(ctx, aStop(transactionId));
      for (const marker of markers) await deps.activeSessions.add(marker);

      // Act
      const authorized = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });

      // Assess
      expect(markers).toHaveLength(1);
      expect(await deps.activeSessions.list('tenant-a', 'TAG-1')).toEqual(markers);
      expect(authorized).toEqual({ idTagInfo: { status: 'Accepted' } });
    });

    it('leaves a refused token its own status', async () => {
      // Prepare
      const { deps, handlers } = await given();
      await givenToken(deps, 'TAG-1', { status: 'Blocked' });

      // Act
      const authorized = await handlers.Authorize!(otherCharger, { idTag: 'TAG-1' });

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'Blocked' } });
    });

    it('sees a token busy in a 2.0.1 transaction', async () => {
      // Prepare
      const deps = await createTestDependencies();
      await givenToken(deps, 'TAG-1');
      await createV201Handlers(deps).TransactionEvent!(
        aMessageContext({ chargerId: 'cp-201', ocppVersion: 'ocpp2.0.1' }),
        aTransactionEventRequest({ evse: { id: 1 }, idToken: { idToken: 'tag-1', type: 'ISO14443' } }),
      );

      // Act
      const authorized = await createV16Handlers(deps).Authorize!(ctx, { idTag: 'TAG-1' });

      // Assess
      expect(authorized).toEqual({ idTagInfo: { status: 'ConcurrentTx' } });
    });
  });
});

describe('OCPP 1.6 DataTransfer, SecurityEventNotification, SignCertificate', () => {
  it('answers DataTransfer UnknownVendorId, keeping and publishing nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const response = await handlers.DataTransfer!(ctx, { vendorId: 'com.acme', messageId: 'x', data: '{}' });

    // Assess
    expect(response).toEqual({ status: 'UnknownVendorId' });
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('publishes a security event with its time in UTC', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const response = await handlers.SecurityEventNotification!(ctx, {
      type: 'InvalidCentralSystemCertificate',
      timestamp: '2024-05-01T12:00:00+02:00',
      techInfo: 'chain incomplete',
    });

    // Assess
    expect(response).toEqual({});
    expect(deps.events.published).toEqual([
      {
        name: 'securityEventReceived',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          ocppVersion: 'ocpp1.6',
          type: 'InvalidCentralSystemCertificate',
          techInfo: 'chain incomplete',
          occurredAt: '2024-05-01T10:00:00.000Z',
        },
      },
    ]);
  });

  const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n';

  it('accepts a PEM certificate signing request and publishes it for a signer', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const response = await handlers.SignCertificate!(ctx, { csr });

    // Assess
    expect(response).toEqual({ status: 'Accepted' });
    expect(deps.events.published).toEqual([
      {
        name: 'certificateSigningRequested',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          ocppVersion: 'ocpp1.6',
          csr,
          occurredAt: '2024-05-01T12:00:00.000Z',
        },
      },
    ]);
  });

  it.each([
    ['empty', ''],
    ['not PEM', 'MIIBfake'],
  ])('rejects a signing request that is %s', async (_name, value) => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16Handlers(deps);

    // Act
    const response = await handlers.SignCertificate!(ctx, { csr: value });

    // Assess
    expect(response).toEqual({ status: 'Rejected' });
    expect(deps.events.published).toEqual([]);
  });
});
