// CONTRACT COPY: owned by helper ledger; the owner's version replaces this file at merge
import type { Session, SessionMeterValue } from '../transactions/model.ts';
import { chargingPeriodsOfSession } from './charging-periods.ts';
import { type PricedSession, priceSession } from './pricing.ts';
import type { SessionTariff } from './tariff-resolution.ts';

const zero = { excl_vat: 0, incl_vat: 0 };

/** Pure: prices a session (live: until = now; final: until = endedAt) with its resolved tariff. */
export const priceSessionWith = (input: {
  session: Session;
  meterValues: readonly SessionMeterValue[];
  until: string;
  resolved: SessionTariff;
}): PricedSession => {
  const { session, meterValues, until, resolved } = input;
  const tariff = resolved.tariff;
  if (!tariff) {
    const currency = 'EUR';
    return {
      ocpi: {
        currency,
        total_cost: zero,
        total_fixed_cost: zero,
        total_energy: 0,
        total_energy_cost: zero,
        total_time: 0,
        total_time_cost: zero,
        total_parking_time: 0,
        total_parking_cost: zero,
      },
      cost: { currency, totalExclVat: 0, totalVat: 0, totalInclVat: 0, lines: [] },
    };
  }
  const charging_periods = chargingPeriodsOfSession({
    session,
    meterValues,
    until,
    tariff: tariff.version.tariff,
    timeZone: resolved.timeZone,
  });
  return priceSession({
    tariff: tariff.version.tariff,
    tariffId: tariff.version.tariffId,
    tariffVersion: tariff.version.version,
    start_date_time: session.startedAt,
    end_date_time: until,
    charging_periods,
    timeZone: resolved.timeZone,
  });
};
