import type { Protocol } from './ocpp-messages.ts';

/** Mains voltage per phase that converts an ampere limit into watts. */
const voltsPerPhase = 230;
const defaultPhases = 3;

/** What the simulated charger can deliver at most: 32 A on three phases. */
export const chargerMaxWatts = 32 * voltsPerPhase * defaultPhases;

interface SchedulePeriod {
  readonly startPeriod: number;
  readonly limit: number;
  readonly numberPhases?: number;
}

interface Schedule {
  readonly chargingRateUnit: 'A' | 'W';
  readonly chargingSchedulePeriod: readonly SchedulePeriod[];
}

/** The schedule of a SetChargingProfile request of either version. */
const scheduleOf = (protocol: Protocol, params: Record<string, unknown>): Schedule | undefined => {
  if (protocol === 'ocpp1.6') {
    const profile = params.csChargingProfiles as { chargingSchedule?: Schedule } | undefined;
    return profile?.chargingSchedule;
  }
  const profile = params.chargingProfile as { chargingSchedule?: readonly Schedule[] } | undefined;
  return profile?.chargingSchedule?.[0];
};

/**
 * The power limit in watts a SetChargingProfile sets now (its first period: the simulator applies a profile when
 * it arrives), or undefined when the request carries no usable schedule.
 */
export const profileLimitWatts = (
  protocol: Protocol,
  params: Record<string, unknown>,
): number | undefined => {
  const schedule = scheduleOf(protocol, params);
  const periods = schedule?.chargingSchedulePeriod ?? [];
  const period = [...periods].sort((a, b) => a.startPeriod - b.startPeriod)[0];
  if (!schedule || !period || !(period.limit >= 0)) return undefined;
  return schedule.chargingRateUnit === 'W'
    ? period.limit
    : period.limit * voltsPerPhase * (period.numberPhases ?? defaultPhases);
};

/** What the car draws: the least of what it accepts, what the charger delivers and the profile allows. */
export const drawWatts = (vehicleMaxWatts: number, limitWatts: number | undefined): number =>
  Math.max(0, Math.min(vehicleMaxWatts, chargerMaxWatts, limitWatts ?? Number.POSITIVE_INFINITY));
