// CONTRACT COPY: owned by helper periods; the owner's version replaces this file at merge
import type { Session, SessionMeterValue } from '../transactions/model.ts';
import type { ChargingPeriod, OcpiTariff } from './model.ts';

/**
 * OCPI charging periods of a session from what its charger reported. This copy: one period from the session's
 * start, its energy as ENERGY and the hours until `until` as TIME.
 */
export const chargingPeriodsOfSession = (input: {
  session: Session;
  meterValues: readonly SessionMeterValue[];
  until: string;
  tariff?: Pick<OcpiTariff, 'elements'>;
  timeZone: string;
}): ChargingPeriod[] => [
  {
    start_date_time: input.session.startedAt,
    dimensions: [
      { type: 'ENERGY', volume: input.session.energyWh / 1000 },
      {
        type: 'TIME',
        volume: Math.max(0, Date.parse(input.until) - Date.parse(input.session.startedAt)) / 3_600_000,
      },
    ],
  },
];
