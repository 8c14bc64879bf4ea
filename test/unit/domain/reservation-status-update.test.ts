import { describe, expect, it } from 'vitest';
import type { Command } from '../../../shared/slices/commands/model.ts';
import {
  getReservation,
  recordCancelReservationAnswer,
  recordReservationStatusUpdate,
  recordReserveNowAnswer,
} from '../../../shared/slices/reservations/reservations.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext, at } from './builders.ts';

/** OCPP 2.0.1 reservations: ReserveNow answers recorded, ReservationStatusUpdate ending them (dynalite). */

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;
const inOneHour = '2024-05-01T13:00:00.000Z';

const aCommand = (action: string, payload: Record<string, unknown>): Command => ({
  tenantId,
  commandId: `cmd-${action}`,
  chargerId,
  siteId: 'site-1',
  ocppVersion: 'ocpp2.0.1',
  action,
  payload,
  messageId: `m-${action}`,
  status: 'completed',
  requestedAt: at,
  requestedBy: 'key-1',
  expiresAt: inOneHour,
});

const givenReserved = async (deps: TestDependencies, id = 7, status = 'Accepted') =>
  recordReserveNowAnswer(deps, {
    command: aCommand('ReserveNow', {
      id,
      expiryDateTime: inOneHour,
      idToken: { idToken: 'TAG-1', type: 'ISO14443' },
      groupIdToken: { idToken: 'GROUP-1', type: 'Central' },
      evseId: 2,
    }),
    response: { status },
  });

const reservation = (deps: TestDependencies, reservationId = 7) =>
  getReservation(deps, { tenantId, chargerId, reservationId });

const statusChanges = (deps: TestDependencies) =>
  deps.events.published
    .filter((event) => event.name === 'reservationStatusChanged')
    .map((event) => [(event.detail as { previousStatus?: string }).previousStatus, event.detail.status]);

describe('OCPP 2.0.1 reservations', () => {
  it('records an accepted 2.0.1 ReserveNow: its id, EVSE, id token and group', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    await givenReserved(deps);

    // Assess
    expect(await reservation(deps)).toMatchObject({
      reservationId: 7,
      connectorId: 2,
      idToken: 'TAG-1',
      parentIdTag: 'GROUP-1',
      expiresAt: inOneHour,
      status: 'Active',
      commandId: 'cmd-ReserveNow',
    });
  });

  it.each(['Expired', 'Removed'] as const)(
    'ends an active reservation the charger says is %s',
    async (status) => {
      // Prepare
      const deps = await createTestDependencies();
      await givenReserved(deps);

      // Act
      const outcome = await recordReservationStatusUpdate(deps, ctx, {
        reservationId: 7,
        reservationUpdateStatus: status,
      });

      // Assess
      expect(outcome).toBe(status);
      expect(await reservation(deps)).toMatchObject({ status, updatedBy: `charger:${chargerId}` });
      expect(statusChanges(deps)).toEqual([
        [undefined, 'Active'],
        ['Active', status],
      ]);
      expect(deps.events.published.at(-1)?.detail).toMatchObject({ correlationId: 'corr-1', connectorId: 2 });
    },
  );

  it('changes nothing for a reservation id the CSMS never gave', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenReserved(deps);

    // Act
    const outcome = await recordReservationStatusUpdate(deps, ctx, {
      reservationId: 8,
      reservationUpdateStatus: 'Removed',
    });

    // Assess
    expect(outcome).toBe('unknown');
    expect(await reservation(deps, 8)).toBeUndefined();
    expect(await reservation(deps)).toMatchObject({ status: 'Active' });
    expect(statusChanges(deps)).toEqual([[undefined, 'Active']]);
  });

  it('leaves a reservation that is over as it is (cancelled, then said expired)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenReserved(deps);
    await recordCancelReservationAnswer(deps, {
      command: aCommand('CancelReservation', { reservationId: 7 }),
      response: { status: 'Accepted' },
    });

    // Act
    const outcome = await recordReservationStatusUpdate(deps, ctx, {
      reservationId: 7,
      reservationUpdateStatus: 'Expired',
    });

    // Assess
    expect(outcome).toBe('Cancelled');
    expect(await reservation(deps)).toMatchObject({ status: 'Cancelled' });
    expect(statusChanges(deps)).toEqual([
      [undefined, 'Active'],
      ['Active', 'Cancelled'],
    ]);
  });

  it('leaves a refused reservation as it is', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenReserved(deps, 7, 'Occupied');

    // Act
    await recordReservationStatusUpdate(deps, ctx, { reservationId: 7, reservationUpdateStatus: 'Removed' });

    // Assess
    expect(await reservation(deps)).toMatchObject({ status: 'Rejected', chargerStatus: 'Occupied' });
  });
});
