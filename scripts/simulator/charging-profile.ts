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

interface InstalledProfile {
  readonly id: number;
  readonly watts: number;
  /** Epoch ms; absent: no lease. */
  readonly validToMs?: number;
}

/** The profile id, purpose and `validTo` of a SetChargingProfile request of either version. */
const profileHeaderOf = (
  protocol: Protocol,
  params: Record<string, unknown>,
): { id?: number; purpose?: string; validTo?: string } => {
  const profile = (protocol === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile) as
    | { chargingProfileId?: number; id?: number; chargingProfilePurpose?: string; validTo?: string }
    | undefined;
  return {
    ...((profile?.chargingProfileId ?? profile?.id) !== undefined && {
      id: (profile?.chargingProfileId ?? profile?.id)!,
    }),
    ...(profile?.chargingProfilePurpose && { purpose: profile.chargingProfilePurpose }),
    ...(profile?.validTo && { validTo: profile.validTo }),
  };
};

/**
 * The charging profiles a simulated charger holds, one per purpose (the simulator's chargers have one connector
 * and take stack level 0 only): the limit in force is the least of the charger's maximum profile and, during a
 * transaction, its TxProfile while its lease runs, else the TxDefaultProfile. A TxProfile ends with its
 * transaction; a lapsed one falls back to the default, as OCPP says.
 */
export class ProfilesInForce {
  readonly #byPurpose = new Map<string, InstalledProfile>();

  /** Installs the profile of a SetChargingProfile; false (Rejected) when it carries no usable schedule. */
  apply(protocol: Protocol, params: Record<string, unknown>): boolean {
    const watts = profileLimitWatts(protocol, params);
    const { id, purpose, validTo } = profileHeaderOf(protocol, params);
    if (watts === undefined || purpose === undefined) return false;
    const validToMs = validTo === undefined ? undefined : Date.parse(validTo);
    this.#byPurpose.set(purpose, {
      id: id ?? 0,
      watts,
      ...(validToMs !== undefined && Number.isFinite(validToMs) && { validToMs }),
    });
    return true;
  }

  /** ClearChargingProfile: the profile of that id (1.6 `id`, 2.0.1 `chargingProfileId`), or every one. */
  clear(params: Record<string, unknown>): void {
    const id = (params.id ?? params.chargingProfileId) as number | undefined;
    for (const [purpose, profile] of this.#byPurpose)
      if (id === undefined || profile.id === id) this.#byPurpose.delete(purpose);
  }

  /** A transaction ended: its TxProfile with it. */
  endTransaction(): void {
    this.#byPurpose.delete('TxProfile');
  }

  /** The limit in force, in watts (undefined: none). */
  limitWatts(nowMs: number, inTransaction: boolean): number | undefined {
    const valid = (purpose: string) => {
      const profile = this.#byPurpose.get(purpose);
      return profile && (profile.validToMs === undefined || nowMs < profile.validToMs) ? profile : undefined;
    };
    const tx = inTransaction ? (valid('TxProfile') ?? valid('TxDefaultProfile')) : valid('TxDefaultProfile');
    const max = valid('ChargePointMaxProfile') ?? valid('ChargingStationMaxProfile');
    const limits = [tx?.watts, max?.watts].filter((watts): watts is number => watts !== undefined);
    return limits.length === 0 ? undefined : Math.min(...limits);
  }

  /** The purpose of the profile that sets the limit of a transaction now: for reports. */
  txPurposeInForce(nowMs: number): 'TxProfile' | 'TxDefaultProfile' | undefined {
    const tx = this.#byPurpose.get('TxProfile');
    if (tx && (tx.validToMs === undefined || nowMs < tx.validToMs)) return 'TxProfile';
    return this.#byPurpose.has('TxDefaultProfile') ? 'TxDefaultProfile' : undefined;
  }
}

/** Amperes per phase of a draw in watts on `phases` phases. */
export const ampsPerPhase = (watts: number, phases = defaultPhases): number =>
  watts / (voltsPerPhase * phases);
