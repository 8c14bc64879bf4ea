import type { Session, SessionMeterValue } from '../transactions/model.ts';
import { chargingPeriodsOfSession } from './charging-periods.ts';
import { type PricedSession, priceSession } from './pricing.ts';
import type { SessionTariff } from './tariff-resolution.ts';

/** The currency of a session no tariff prices: tenants have no currency of their own (yet). */
export const noTariffCurrency = 'EUR';

/**
 * Pure: prices a session (live: until = now; final: until = endedAt) with its resolved tariff. The one place a
 * session is priced, so the charger's display, the receipt and the CDR never disagree. A session with no tariff
 * is priced at zero (EUR) with one `NO_TARIFF` line that says so: never a crash, never a made-up price; its
 * energy and times are still the session's.
 */
export const priceSessionWith = (input: {
  session: Session;
  meterValues: readonly SessionMeterValue[];
  until: string;
  resolved: SessionTariff;
}): PricedSession => {
  const { session, meterValues, until, resolved } = input;
  const version = resolved.tariff?.version;
  const charging_periods = chargingPeriodsOfSession({
    session,
    meterValues,
    until,
    ...(version && { tariff: version.tariff }),
    timeZone: resolved.timeZone,
  });
  const priced = priceSession({
    tariff: version?.tariff ?? { currency: noTariffCurrency, elements: [] },
    ...(version && { tariffId: version.tariffId, tariffVersion: version.version }),
    start_date_time: session.startedAt,
    end_date_time: until,
    charging_periods,
    timeZone: resolved.timeZone,
  });
  if (version) return priced;
  return {
    ocpi: priced.ocpi,
    cost: { ...priced.cost, lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }] },
  };
};
