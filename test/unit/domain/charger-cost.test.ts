import { describe, expect, it } from 'vitest';
import type { TransactionEventRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import { tellRunningCost16 } from '../../../shared/slices/billing/charger-cost.ts';
import { putTariff } from '../../../shared/slices/billing/tariffs.ts';
import type { Dependencies } from '../../../shared/slices/dependencies.ts';
import { createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aTransactionEventRequest } from './session-builders.ts';

/*
 * Cost on the charger through the 2.0.1 handlers and the 1.6 use case, over the real repositories: what is read
 * per message (the Updated path runs for every meter-value event), and that a fault never fails the answer.
 */

const ctx201 = aMessageContext({ ocppVersion: 'ocpp2.0.1', receivedAt: '2024-05-01T12:00:00.000Z' });

/** Counts the reads pricing makes: the session with its meter values, the tariff's, the stored configuration. */
const countingReads = (deps: TestDependencies) => {
  const reads = { meterValues: 0, tariffs: 0, configurations: 0 };
  const counted: Dependencies = {
    ...deps,
    sessions: {
      ...deps.sessions,
      getWithMeterValues: (...args) => {
        reads.meterValues += 1;
        return deps.sessions.getWithMeterValues(...args);
      },
    },
    tariffs: {
      ...deps.tariffs,
      getDefault: (...args) => {
        reads.tariffs += 1;
        return deps.tariffs.getDefault(...args);
      },
    },
    chargerConfigs: {
      ...deps.chargerConfigs,
      get: (...args) => {
        reads.configurations += 1;
        return deps.chargerConfigs.get(...args);
      },
    },
  };
  return { counted, reads };
};

const givenEnergyTariff = async (deps: TestDependencies) => {
  deps.clock.set('2024-05-01T09:00:00.000Z');
  await putTariff(deps, {
    tenantId: 'tenant-a',
    tariffId: 'energy',
    isDefault: true,
    actor: 'key-1',
    tariff: {
      currency: 'EUR',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.5, vat: 10, step_size: 1 }] }],
    },
  });
};

const energy = (wh: number) => ({
  measurand: 'Energy.Active.Import.Register' as const,
  value: wh,
  unitOfMeasure: { unit: 'Wh' },
});

const event = (
  eventType: TransactionEventRequest['eventType'],
  seqNo: number,
  timestamp: string,
  wh: number,
): TransactionEventRequest =>
  aTransactionEventRequest({
    eventType,
    seqNo,
    timestamp,
    triggerReason: eventType === 'Updated' ? 'MeterValuePeriodic' : 'Authorized',
    ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 } }),
    transactionInfo: { transactionId: 'tx-cost', ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
    meterValue: [{ timestamp, sampledValue: [energy(wh)] }],
  });

describe('2.0.1 cost on the charger: reads per TransactionEvent', () => {
  it('an Updated reads nothing more until the running cost is due, then the tariff and one Query', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenEnergyTariff(deps);
    const { counted, reads } = countingReads(deps);
    const handlers = createV201Handlers(counted);
    await handlers.TransactionEvent(ctx201, event('Started', 0, '2024-05-01T10:00:00.000Z', 0));
    const afterStart = { ...reads };

    // Act
    const due = await handlers.TransactionEvent(
      ctx201,
      event('Updated', 1, '2024-05-01T10:10:00.000Z', 2000),
    );
    const afterDue = { ...reads };
    const notDue = await handlers.TransactionEvent(
      ctx201,
      event('Updated', 2, '2024-05-01T10:11:00.000Z', 2200),
    );
    const afterNotDue = { ...reads };
    const ended = await handlers.TransactionEvent(
      ctx201,
      event('Ended', 3, '2024-05-01T10:30:00.000Z', 4000),
    );

    // Assess: 2 kWh × 0.55 incl. VAT; then nothing; at the end 4 kWh
    expect(due).toEqual({ totalCost: 1.1 });
    expect(notDue).toEqual({});
    expect(ended).toEqual({ totalCost: 2.2 });
    expect(afterDue.tariffs - afterStart.tariffs).toBe(1);
    expect(afterNotDue).toEqual(afterDue);
    // The session's own fold reads its values once per non-sample event; pricing once more.
    expect(reads.meterValues - afterNotDue.meterValues).toBe(2);
  });

  it('without a tariff: no running cost and no meter values read for it; the end says 0', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { counted, reads } = countingReads(deps);
    const handlers = createV201Handlers(counted);
    await handlers.TransactionEvent(ctx201, event('Started', 0, '2024-05-01T10:00:00.000Z', 0));
    const before = reads.meterValues;

    // Act
    const updated = await handlers.TransactionEvent(
      ctx201,
      event('Updated', 1, '2024-05-01T10:10:00.000Z', 2000),
    );
    const afterUpdated = reads.meterValues;
    const ended = await handlers.TransactionEvent(
      ctx201,
      event('Ended', 2, '2024-05-01T10:30:00.000Z', 4000),
    );

    // Assess
    expect(updated).toEqual({});
    expect(afterUpdated).toBe(before);
    expect(ended).toEqual({ totalCost: 0 });
    // Only the session's own fold of the Ended.
    expect(reads.meterValues - afterUpdated).toBe(1);
  });

  it('answers without the cost when pricing cannot read the tariff: the event is recorded all the same', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const failing: Dependencies = {
      ...deps,
      tariffs: {
        ...deps.tariffs,
        getDefault: async () => {
          throw new Error('table unavailable');
        },
      },
    };
    await putIdToken(deps, { tenantId: 'tenant-a', idToken: 'tag-ok', status: 'Accepted', actor: 'key-1' });
    const handlers = createV201Handlers(failing);

    // Act
    const started = await handlers.TransactionEvent(ctx201, {
      ...event('Started', 0, '2024-05-01T10:00:00.000Z', 0),
      idToken: { idToken: 'tag-ok', type: 'ISO14443' },
    });
    const ended = await handlers.TransactionEvent(
      ctx201,
      event('Ended', 1, '2024-05-01T10:30:00.000Z', 4000),
    );

    // Assess
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(ended).toEqual({});
    const [session] = (await deps.sessions.list('tenant-a', { limit: 10 })).items;
    expect(session).toMatchObject({ status: 'Completed', energyWh: 4000 });
  });
});

describe('1.6 California Pricing: reads per MeterValues', () => {
  it('a charger that never declared it: nothing when not due, one configuration read when due', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenEnergyTariff(deps);
    const { counted, reads } = countingReads(deps);
    const ctx = aMessageContext({ ocppVersion: 'ocpp1.6' });

    // Act
    await tellRunningCost16(counted, ctx, { sessionId: 'S1', at: '2024-05-01T10:00:00.000Z' });
    const afterDue = { ...reads };
    await tellRunningCost16(counted, ctx, { sessionId: 'S1', at: '2024-05-01T10:01:00.000Z' });

    // Assess
    expect(afterDue).toEqual({ meterValues: 0, tariffs: 0, configurations: 1 });
    expect(reads).toEqual(afterDue);
    expect(deps.channel.sent).toEqual([]);
  });
});
