// CONTRACT COPY: owned by helper periods; the owner's version replaces this file at merge
import type { Session, SessionMeterValue } from '../transactions/model.ts';
import type { ChargingPeriod, OcpiTariff } from './model.ts';

/**
 * OCPI charging periods of a session from what its charger reported. This copy: one period from the start,
 * ENERGY = the session's energy, TIME = the hours from the start to `until`.
 */
export const chargingPeriodsOfSession = (input: {
  session: Session;
  meterValues: readonly SessionMeterValue[];
  until: string;
  tariff?: Pick<OcpiTariff, 'elements'>;
  timeZone: string;
}): ChargingPeriod[] => {
  const hours = Math.max(0, Date.parse(input.until) - Date.parse(input.session.startedAt)) / 3_600_000;
  return [
    {
      start_date_time: input.session.startedAt,
      dimensions: [
        { type: 'ENERGY', volume: input.session.energyWh / 1000 },
        { type: 'TIME', volume: hours },
      ],
    },
  ];
};
