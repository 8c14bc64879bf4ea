import { describe, expect, it } from 'vitest';
import type { StatusNotificationRequest } from '../../../shared/ocpp/generated/ocpp16.ts';
import { getSession } from '../../../shared/slices/transactions/sessions.ts';
import { createV16Handlers, createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext, givenCharger } from './builders.ts';
import { aTransactionEventRequest } from './session-builders.ts';

/*
 * The charging state a session keeps (billing's parking time): 1.6 StatusNotification of the transaction's
 * connector, 2.0.1 TransactionEvent `chargingState` — each change once, at no write of its own where the
 * event's own write can carry it.
 */

const ctx16 = aMessageContext();
const ctx201 = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const t = (hhmm: string) => `2024-05-01T${hhmm}:00.000Z`;

const status16 = (
  connectorId: number,
  status: StatusNotificationRequest['status'],
  hhmm: string,
): StatusNotificationRequest => ({ connectorId, errorCode: 'NoError', status, timestamp: t(hhmm) });

const sessionOf = async (deps: TestDependencies, chargerTransactionId: string) => {
  const sessionId = await deps.sessions.findSessionId('tenant-a', 'cp-1', chargerTransactionId);
  return sessionId ? (await getSession(deps, { tenantId: 'tenant-a', sessionId }))?.session : undefined;
};

describe('OCPP 1.6: StatusNotification during a transaction', () => {
  it('keeps Charging, SuspendedEV… of the transaction’s connector once each, and nothing after the stop', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    const v16 = createV16Handlers(deps);
    await v16.StatusNotification(ctx16, status16(1, 'Preparing', '09:59'));
    const { transactionId } = await v16.StartTransaction(ctx16, {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: t('10:00'),
    });

    // Act
    await v16.StatusNotification(ctx16, status16(1, 'Charging', '10:00'));
    await v16.StatusNotification(ctx16, status16(1, 'SuspendedEV', '11:00'));
    await v16.StatusNotification(ctx16, status16(1, 'SuspendedEV', '11:05'));
    // Another connector's statuses are another transaction's business.
    await v16.StatusNotification(ctx16, status16(2, 'SuspendedEVSE', '11:10'));
    await v16.StopTransaction(ctx16, { transactionId, meterStop: 20_000, timestamp: t('11:30') });
    await v16.StatusNotification(ctx16, status16(1, 'Finishing', '11:31'));
    // A status queued offline, delivered after the stop, belongs before it.
    await v16.StatusNotification(ctx16, status16(1, 'Finishing', '11:20'));

    // Assess
    const session = await sessionOf(deps, String(transactionId));
    expect(session?.chargingStates).toEqual([
      { at: t('10:00'), state: 'Charging' },
      { at: t('11:00'), state: 'SuspendedEV' },
      { at: t('11:20'), state: 'Finishing' },
    ]);
    expect(session?.energyWh).toBe(20_000);
  });

  it('a repeated status costs no session write; statuses without a transaction are left alone', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    const v16 = createV16Handlers(deps);
    await v16.StatusNotification(ctx16, status16(1, 'Charging', '09:00'));
    const { transactionId } = await v16.StartTransaction(ctx16, {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: t('10:00'),
    });
    await v16.StatusNotification(ctx16, status16(1, 'SuspendedEVSE', '10:30'));
    const before = await sessionOf(deps, String(transactionId));

    // Act: the same status again (a lost answer), then a change
    await v16.StatusNotification(ctx16, status16(1, 'SuspendedEVSE', '10:30'));
    const repeated = await sessionOf(deps, String(transactionId));
    await v16.StatusNotification(ctx16, status16(1, 'Charging', '10:40'));
    const changed = await sessionOf(deps, String(transactionId));

    // Assess: the status before the start is no state of the session
    expect(before?.chargingStates).toEqual([{ at: t('10:30'), state: 'SuspendedEVSE' }]);
    expect(repeated?.revision).toBe(before?.revision);
    expect(changed?.revision).toBe((before?.revision ?? 0) + 1);
    expect(changed?.chargingStates).toEqual([
      { at: t('10:30'), state: 'SuspendedEVSE' },
      { at: t('10:40'), state: 'Charging' },
    ]);
  });
});

describe('OCPP 1.6: the Finishing a charger reports at its stop', () => {
  it('is no correction of the ended session (it lasts no time of it)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    const v16 = createV16Handlers(deps);
    const { transactionId } = await v16.StartTransaction(ctx16, {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 0,
      timestamp: t('10:00'),
    });
    await v16.StatusNotification(ctx16, status16(1, 'Charging', '10:00'));
    await v16.StopTransaction(ctx16, { transactionId, meterStop: 5000, timestamp: t('11:00') });
    const ended = await sessionOf(deps, String(transactionId));

    // Act
    await v16.StatusNotification(ctx16, status16(1, 'Finishing', '11:00'));

    // Assess
    const after = await sessionOf(deps, String(transactionId));
    expect(after).toEqual(ended);
    expect(after?.chargingStates).toEqual([{ at: t('10:00'), state: 'Charging' }]);
    expect(deps.events.published.map((event) => event.name)).not.toContain('sessionCorrected');
  });
});

describe('OCPP 2.0.1: TransactionEvent chargingState', () => {
  const event = (
    eventType: 'Started' | 'Updated' | 'Ended',
    seqNo: number,
    hhmm: string,
    chargingState?: 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle',
    wh?: number,
  ) =>
    aTransactionEventRequest({
      eventType,
      seqNo,
      timestamp: t(hhmm),
      triggerReason: chargingState ? 'ChargingStateChanged' : 'MeterValuePeriodic',
      ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 } }),
      transactionInfo: {
        transactionId: 'tx-201',
        ...(chargingState && { chargingState }),
        ...(eventType === 'Ended' && { stoppedReason: 'EVDisconnected' }),
      },
      ...(wh !== undefined && {
        meterValue: [{ timestamp: t(hhmm), sampledValue: [{ value: wh }] }],
      }),
    });

  it('keeps each change; a periodic sample repeating the state stays one write of its meter values', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const v201 = createV201Handlers(deps);
    await v201.TransactionEvent(ctx201, event('Started', 0, '10:00', 'EVConnected', 0));
    await v201.TransactionEvent(ctx201, event('Updated', 1, '10:02', 'Charging', 0));
    const charging = await sessionOf(deps, 'tx-201');

    // Act
    await v201.TransactionEvent(ctx201, event('Updated', 2, '10:30', 'Charging', 5000));
    const sampled = await sessionOf(deps, 'tx-201');
    await v201.TransactionEvent(ctx201, event('Updated', 3, '11:00', 'SuspendedEV', 10_000));
    await v201.TransactionEvent(ctx201, event('Updated', 3, '11:00', 'SuspendedEV', 10_000));
    await v201.TransactionEvent(ctx201, event('Ended', 4, '11:30', 'EVConnected', 10_000));

    // Assess
    expect(sampled?.revision).toBe(charging?.revision);
    const ended = await sessionOf(deps, 'tx-201');
    expect(ended?.chargingStates).toEqual([
      { at: t('10:00'), state: 'EVConnected' },
      { at: t('10:02'), state: 'Charging' },
      { at: t('11:00'), state: 'SuspendedEV' },
    ]);
    expect(ended?.revision).toBe((charging?.revision ?? 0) + 2);
  });

  it('a state change delivered late (queued offline) takes its place by time', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const v201 = createV201Handlers(deps);
    await v201.TransactionEvent(ctx201, event('Started', 0, '10:00', 'Charging', 0));
    await v201.TransactionEvent(ctx201, event('Ended', 3, '11:30', 'EVConnected', 10_000));

    // Act
    await v201.TransactionEvent(ctx201, event('Updated', 2, '11:00', 'SuspendedEV', 10_000));
    await v201.TransactionEvent(ctx201, event('Updated', 1, '10:30', 'SuspendedEVSE', 5000));

    // Assess: a change after the end makes a new version (billing re-prices the parking)
    const session = await sessionOf(deps, 'tx-201');
    expect(session?.chargingStates).toEqual([
      { at: t('10:00'), state: 'Charging' },
      { at: t('10:30'), state: 'SuspendedEVSE' },
      { at: t('11:00'), state: 'SuspendedEV' },
    ]);
    expect(session?.version).toBe(3);
  });
});
