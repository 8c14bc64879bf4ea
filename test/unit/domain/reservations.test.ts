import { describe, expect, it } from 'vitest';
import { findCommandTarget, sendOcppCall } from '../../../shared/slices/commands/remote-commands.ts';
import { cancelReservation, reserveNow } from '../../../shared/slices/reservations/reservation-commands.ts';
import {
  consumeReservation,
  getReservation,
  listReservations,
} from '../../../shared/slices/reservations/reservations.ts';
import { startTransaction16 } from '../../../shared/slices/transactions/transactions-16.ts';
import type { TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext, at } from './builders.ts';
import { type Answerer, accepted, chargerId, givenAnsweringCharger, tenantId } from './ocpp16-charger.ts';

const inOneHour = '2024-05-01T13:00:00.000Z';

const reserve = async (
  charger: Awaited<ReturnType<typeof givenAnsweringCharger>>,
  overrides: { connectorId?: number; idToken?: string; expiresAt?: string; waitSeconds?: number } = {},
) =>
  reserveNow(charger.deps, {
    tenantId,
    view: await charger.view(),
    connectorId: overrides.connectorId ?? 1,
    idToken: overrides.idToken ?? 'TAG-1',
    expiresAt: overrides.expiresAt ?? inOneHour,
    requestedBy: 'key-1',
    waitSeconds: overrides.waitSeconds ?? 25,
  });

const reservationEvents = (deps: TestDependencies) =>
  deps.events.published
    .filter((event) => event.name === 'reservationStatusChanged')
    .map((event) => event.detail);

const answering =
  (answers: Record<string, Record<string, unknown>>): Answerer =>
  (action) =>
    answers[action] ? { result: answers[action] } : 'never';

describe('reservations', () => {
  it.each([
    ['recorded after the call went out', false],
    ['recorded while the call was being sent', true],
  ])(
    'reserves a connector: ReserveNow with a new id, Active once accepted (answer %s)',
    async (_, immediately) => {
      // Prepare
      const charger = await givenAnsweringCharger(() => accepted, { immediately });

      // Act
      const result = await reserve(charger, { connectorId: 2 });

      // Assess
      expect(result.kind).toBe('sent');
      expect(charger.calls).toEqual([
        {
          action: 'ReserveNow',
          payload: { connectorId: 2, expiryDate: inOneHour, idTag: 'TAG-1', reservationId: 1 },
          frame: expect.any(String),
        },
      ]);
      const stored = await getReservation(charger.deps, { tenantId, chargerId, reservationId: 1 });
      expect(stored).toMatchObject({
        reservationId: 1,
        chargerId,
        siteId: 'site-1',
        connectorId: 2,
        idToken: 'TAG-1',
        expiresAt: inOneHour,
        status: 'Active',
        createdBy: 'key-1',
      });
      expect(reservationEvents(charger.deps).at(-1)).toMatchObject({
        reservationId: 1,
        connectorId: 2,
        status: 'Active',
        siteId: 'site-1',
        expiresAt: inOneHour,
      });
      expect(charger.failures).toEqual([]);
    },
  );

  it('numbers reservations per charger and never reuses an id', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    const other = await givenAnsweringCharger(() => accepted, { charger: { chargerId: 'cp-2' } });

    // Act
    await reserve(charger);
    await reserve(charger);
    await reserve(other);

    // Assess
    expect(charger.calls.map((call) => call.payload.reservationId)).toEqual([1, 2]);
    expect(other.calls.map((call) => call.payload.reservationId)).toEqual([1]);
    const listed = await listReservations(charger.deps, { tenantId, chargerId });
    expect(listed.map((reservation) => reservation.reservationId)).toEqual([2, 1]);
  });

  it("records a refusal as Rejected with the charger's status", async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ ReserveNow: { status: 'Occupied' } }));

    // Act
    const result = await reserve(charger);

    // Assess
    expect(result).toMatchObject({
      kind: 'sent',
      reservation: { status: 'Rejected', chargerStatus: 'Occupied' },
    });
    expect(reservationEvents(charger.deps).at(-1)).toMatchObject({
      status: 'Rejected',
      chargerStatus: 'Occupied',
    });
  });

  it('fails a reservation the charger answers with a CALLERROR', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => ({
      error: { code: 'NotSupported', description: 'no reservations here' },
    }));

    // Act
    const result = await reserve(charger);

    // Assess
    expect(result).toMatchObject({
      kind: 'sent',
      command: { status: 'failed' },
      reservation: { status: 'Failed' },
    });
    expect(reservationEvents(charger.deps).map((event) => event.status)).toEqual(['Requested', 'Failed']);
  });

  it('keeps a reservation Requested while its answer is pending, and fails it once the call timed out', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => 'never');

    // Act
    const pending = await reserve(charger, { waitSeconds: 0 });
    charger.deps.clock.advance(61_000);
    const later = await getReservation(charger.deps, { tenantId, chargerId, reservationId: 1 });

    // Assess
    expect(pending).toMatchObject({
      kind: 'sent',
      command: { status: 'pending' },
      reservation: { status: 'Requested' },
    });
    expect(later?.status).toBe('Failed');
  });

  it('shows an active reservation past its expiry as Expired, without changing it', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    await reserve(charger, { expiresAt: '2024-05-01T12:10:00.000Z' });

    // Act
    charger.deps.clock.set('2024-05-01T12:10:00.000Z');
    const shown = await getReservation(charger.deps, { tenantId, chargerId, reservationId: 1 });
    const listed = await listReservations(charger.deps, { tenantId, chargerId });
    const stored = await charger.deps.reservations.get(tenantId, chargerId, 1);

    // Assess
    expect(shown?.status).toBe('Expired');
    expect(listed.map((reservation) => reservation.status)).toEqual(['Expired']);
    expect(stored?.status).toBe('Active');
  });

  it('cancels an active reservation with CancelReservation', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    await reserve(charger);

    // Act
    const result = await cancelReservation(charger.deps, {
      tenantId,
      view: await charger.view(),
      reservationId: 1,
      requestedBy: 'key-2',
      waitSeconds: 25,
    });

    // Assess
    expect(charger.calls.at(-1)).toMatchObject({
      action: 'CancelReservation',
      payload: { reservationId: 1 },
    });
    expect(result).toMatchObject({ kind: 'sent', reservation: { status: 'Cancelled', updatedBy: 'key-2' } });
    expect(reservationEvents(charger.deps).at(-1)).toMatchObject({
      status: 'Cancelled',
      previousStatus: 'Active',
    });
  });

  it('keeps a reservation whose cancellation the charger rejected', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(
      answering({ ReserveNow: { status: 'Accepted' }, CancelReservation: { status: 'Rejected' } }),
    );
    await reserve(charger);

    // Act
    const result = await cancelReservation(charger.deps, {
      tenantId,
      view: await charger.view(),
      reservationId: 1,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toMatchObject({ kind: 'sent', reservation: { status: 'Active' } });
  });

  it.each([
    ['expired', async (deps: TestDependencies) => deps.clock.set('2024-05-01T14:00:00.000Z'), 'notActive'],
    [
      'used',
      async (deps: TestDependencies) =>
        void (await consumeReservation(deps, { tenantId, chargerId, reservationId: 1 })),
      'notActive',
    ],
  ])('does not send a cancellation of a reservation that is %s', async (_, make, kind) => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    await reserve(charger);
    await make(charger.deps);

    // Act
    const result = await cancelReservation(charger.deps, {
      tenantId,
      view: await charger.view(),
      reservationId: 1,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result.kind).toBe(kind);
    expect(charger.calls.map((call) => call.action)).toEqual(['ReserveNow']);
  });

  it('answers notFound for a reservation that does not exist', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);

    // Act
    const result = await cancelReservation(charger.deps, {
      tenantId,
      view: await charger.view(),
      reservationId: 7,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toEqual({ kind: 'notFound' });
    expect(charger.calls).toEqual([]);
  });

  it('marks a reservation Used when a transaction starts with it, once', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    await reserve(charger);

    // Act
    const first = await consumeReservation(charger.deps, {
      tenantId,
      chargerId,
      reservationId: 1,
      sessionId: 'S-17',
      correlationId: 'corr-start',
    });
    const second = await consumeReservation(charger.deps, { tenantId, chargerId, reservationId: 1 });
    const unknown = await consumeReservation(charger.deps, { tenantId, chargerId, reservationId: 99 });

    // Assess
    expect(first).toMatchObject({
      consumed: true,
      reservation: { status: 'Used', sessionId: 'S-17', updatedBy: `charger:${chargerId}` },
    });
    expect(second).toMatchObject({ consumed: false, reason: 'notActive', reservation: { status: 'Used' } });
    expect(unknown).toEqual({ consumed: false, reason: 'notFound' });
    expect(reservationEvents(charger.deps).at(-1)).toMatchObject({
      status: 'Used',
      previousStatus: 'Active',
      correlationId: 'corr-start',
    });
  });

  it('records a ReserveNow sent through the raw passthrough from its command', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    const target = await findCommandTarget(charger.deps, { tenantId, chargerId });
    if (target.kind !== 'online') throw new Error('online expected');

    // Act
    await sendOcppCall(charger.deps, {
      tenantId,
      charger: target.charger,
      connection: target.connection,
      action: 'ReserveNow',
      payload: { connectorId: 0, expiryDate: inOneHour, idTag: 'RAW-TAG', reservationId: 500 },
      requestedBy: 'key-raw',
    });
    await charger.answered();

    // Assess
    expect(await getReservation(charger.deps, { tenantId, chargerId, reservationId: 500 })).toMatchObject({
      status: 'Active',
      connectorId: 0,
      idToken: 'RAW-TAG',
      createdBy: 'key-raw',
      createdAt: at,
    });
  });

  it.each([
    ['a 2.0.1 charger', { version: 'ocpp2.0.1' as const }, {}, /OCPP 1\.6 chargers/],
    ['an id tag longer than 20 characters', {}, { idToken: 'X'.repeat(21) }, /at most 20 characters/],
    ['an expiry in the past', {}, { expiresAt: '2024-05-01T11:59:59.000Z' }, /in the future/],
  ])('refuses %s without sending anything', async (_, options, overrides, message) => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted, options);

    // Act
    const result = await reserve(charger, overrides);

    // Assess
    expect(result).toMatchObject({ kind: 'refused', message: expect.stringMatching(message) });
    expect(charger.calls).toEqual([]);
  });

  it('answers offline for a charger without a connection', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    const { connection: _connection, ...offline } = await charger.view();

    // Act
    const result = await reserveNow(charger.deps, {
      tenantId,
      view: offline,
      connectorId: 1,
      idToken: 'TAG-1',
      expiresAt: inOneHour,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toEqual({ kind: 'offline' });
    expect(charger.calls).toEqual([]);
  });
});

describe('a StartTransaction on a reservation', () => {
  it('uses the reservation up and links it to the new session', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => accepted);
    await reserve(charger);
    const ctx = aMessageContext({ tenantId, chargerId, siteId: undefined });

    // Act
    const started = await startTransaction16(charger.deps, ctx, {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: at,
      reservationId: 1,
    });

    // Assess
    const reservation = await getReservation(charger.deps, { tenantId, chargerId, reservationId: 1 });
    expect(reservation).toMatchObject({ status: 'Used', sessionId: started.sessionId });
    expect(JSON.stringify(reservation)).toContain(started.sessionId);
  });
});
