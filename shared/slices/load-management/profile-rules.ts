import type { SetChargingProfileRequest as SetChargingProfile16 } from '../../ocpp/generated/ocpp16.ts';
import type { SetChargingProfileRequest as SetChargingProfile201 } from '../../ocpp/generated/ocpp201.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';

/** What a charger reported it takes (1.6 configuration keys; 2.0.1 SmartChargingCtrlr variables). */
export interface ChargerProfileAbilities {
  /** 1.6 `ChargingScheduleAllowedChargingRateUnit` (`Current`, `Power`); 2.0.1 `RateUnit` (`A`, `W`). */
  readonly rateUnits?: readonly string[];
  /** 1.6 `ChargingScheduleMaxPeriods`; 2.0.1 `PeriodsPerSchedule`. */
  readonly maxPeriods?: number;
  /** 1.6 `ChargeProfileMaxStackLevel`; 2.0.1 `ProfileStackLevel`. */
  readonly maxStackLevel?: number;
}

interface Schedule {
  readonly startSchedule?: string;
  readonly chargingRateUnit: string;
  readonly chargingSchedulePeriod: readonly {
    startPeriod: number;
    limit: number;
    numberPhases?: number;
    phaseToUse?: number;
  }[];
}

/** Both versions' SetChargingProfile in one shape, so that one set of rules checks either. */
interface NormalizedProfile {
  /** 1.6 connector id, 2.0.1 EVSE id. */
  readonly targetId: number;
  readonly stackLevel: number;
  readonly purpose: string;
  readonly kind: string;
  readonly recurrencyKind?: string;
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly transactionId?: number | string;
  readonly schedules: readonly Schedule[];
}

const normalize = (
  version: OcppVersion,
  payload: SetChargingProfile16 | SetChargingProfile201,
): NormalizedProfile => {
  if (version === 'ocpp1.6') {
    const { connectorId, csChargingProfiles: p } = payload as SetChargingProfile16;
    return {
      targetId: connectorId,
      stackLevel: p.stackLevel,
      purpose: p.chargingProfilePurpose,
      kind: p.chargingProfileKind,
      ...(p.recurrencyKind && { recurrencyKind: p.recurrencyKind }),
      ...(p.validFrom && { validFrom: p.validFrom }),
      ...(p.validTo && { validTo: p.validTo }),
      ...(p.transactionId !== undefined && { transactionId: p.transactionId }),
      schedules: [p.chargingSchedule],
    };
  }
  const { evseId, chargingProfile: p } = payload as SetChargingProfile201;
  return {
    targetId: evseId,
    stackLevel: p.stackLevel,
    purpose: p.chargingProfilePurpose,
    kind: p.chargingProfileKind,
    ...(p.recurrencyKind && { recurrencyKind: p.recurrencyKind }),
    ...(p.validFrom && { validFrom: p.validFrom }),
    ...(p.validTo && { validTo: p.validTo }),
    ...(p.transactionId !== undefined && { transactionId: p.transactionId }),
    schedules: p.chargingSchedule,
  };
};

/** The station-wide purpose of each version (only on connector / EVSE 0). */
const stationMaxPurposes = new Set(['ChargePointMaxProfile', 'ChargingStationMaxProfile']);

const scheduleIssue = (
  version: OcppVersion,
  profile: NormalizedProfile,
  schedule: Schedule,
  abilities: ChargerProfileAbilities,
): string | undefined => {
  const periods = schedule.chargingSchedulePeriod;
  if (periods.length === 0) return 'a schedule needs at least one period';
  if (periods[0]!.startPeriod !== 0) return 'the first period must start at 0';
  for (let i = 1; i < periods.length; i++)
    if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod)
      return `periods must start in ascending order: period ${i} starts at ${periods[i]!.startPeriod}`;
  const negative = periods.findIndex((period) => !(period.limit >= 0));
  if (negative >= 0) return `period ${negative} has a negative limit`;
  const phases = periods.find(
    (period) => period.numberPhases !== undefined && ![1, 2, 3].includes(period.numberPhases),
  );
  if (phases) return `numberPhases ${phases.numberPhases}: 1, 2 or 3`;
  if (periods.some((period) => period.phaseToUse !== undefined && period.numberPhases !== 1))
    return 'phaseToUse is only for numberPhases 1';
  if (profile.kind === 'Relative' && schedule.startSchedule !== undefined)
    return 'a Relative profile has no startSchedule (K01.FR.41)';
  if (profile.kind !== 'Relative' && schedule.startSchedule === undefined)
    return `an ${profile.kind} profile needs a startSchedule`;
  if (abilities.maxPeriods !== undefined && periods.length > abilities.maxPeriods)
    return `${periods.length} periods: the charger takes at most ${abilities.maxPeriods} (${version === 'ocpp1.6' ? 'ChargingScheduleMaxPeriods' : 'PeriodsPerSchedule'})`;
  // 1.6 reports the units as `Current` / `Power`, 2.0.1 as `A` / `W`.
  const reported = schedule.chargingRateUnit === 'A' ? ['A', 'Current'] : ['W', 'Power'];
  if (abilities.rateUnits && !abilities.rateUnits.some((unit) => reported.includes(unit)))
    return `schedules in ${schedule.chargingRateUnit === 'A' ? 'amperes' : 'watts'}: the charger takes ${abilities.rateUnits.join(', ') || 'none'} (${version === 'ocpp1.6' ? 'ChargingScheduleAllowedChargingRateUnit' : 'RateUnit'})`;
  return undefined;
};

/**
 * Why the charger would (or should) refuse this SetChargingProfile, or undefined when it keeps the OCPP rules
 * (K01: stack level, purpose and its target, kind and its start, periods ascending from 0, validity) and what the
 * charger reported it takes. Pure: the caller reads the abilities.
 */
export const chargingProfileIssue = (
  version: OcppVersion,
  payload: SetChargingProfile16 | SetChargingProfile201,
  abilities: ChargerProfileAbilities = {},
): string | undefined => {
  const profile = normalize(version, payload);
  if (!Number.isInteger(profile.stackLevel) || profile.stackLevel < 0)
    return `stack level ${profile.stackLevel}: a non-negative integer`;
  if (abilities.maxStackLevel !== undefined && profile.stackLevel > abilities.maxStackLevel)
    return `stack level ${profile.stackLevel} is above the charger's ${abilities.maxStackLevel} (${version === 'ocpp1.6' ? 'ChargeProfileMaxStackLevel' : 'ProfileStackLevel'})`;
  if (profile.targetId < 0) return `${version === 'ocpp1.6' ? 'connector' : 'EVSE'} id ${profile.targetId}`;
  if (profile.purpose === 'TxProfile') {
    if (profile.targetId === 0) return 'a TxProfile is for one connector / EVSE, not 0';
    if (profile.transactionId === undefined && version === 'ocpp2.0.1')
      return 'a TxProfile needs the transaction id (K01.FR.03)';
  } else if (profile.transactionId !== undefined) return `a ${profile.purpose} carries no transaction id`;
  if (stationMaxPurposes.has(profile.purpose) && profile.targetId !== 0)
    return `a ${profile.purpose} is for the whole charger: connector / EVSE 0`;
  if (profile.kind === 'Recurring' && profile.recurrencyKind === undefined)
    return 'a Recurring profile needs a recurrencyKind';
  if (profile.kind !== 'Recurring' && profile.recurrencyKind !== undefined)
    return `recurrencyKind is for Recurring profiles, not ${profile.kind}`;
  if (profile.validFrom !== undefined && profile.validTo !== undefined) {
    if (Date.parse(profile.validFrom) >= Date.parse(profile.validTo))
      return `validFrom ${profile.validFrom} is not before validTo ${profile.validTo}`;
  }
  if (profile.schedules.length === 0) return 'a profile needs a schedule';
  for (const schedule of profile.schedules) {
    const issue = scheduleIssue(version, profile, schedule, abilities);
    if (issue) return issue;
  }
  return undefined;
};

const listOf = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);

const integerOf = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isInteger(number) ? number : undefined;
};

/** Abilities from 1.6 configuration key values (as GetConfiguration reported them). */
export const abilitiesFromConfigurationKeys = (
  values: Readonly<Record<string, string | undefined>>,
): ChargerProfileAbilities => {
  const rateUnits = listOf(values.ChargingScheduleAllowedChargingRateUnit);
  const maxPeriods = integerOf(values.ChargingScheduleMaxPeriods);
  const maxStackLevel = integerOf(values.ChargeProfileMaxStackLevel);
  return {
    ...(rateUnits && { rateUnits }),
    ...(maxPeriods !== undefined && { maxPeriods }),
    ...(maxStackLevel !== undefined && { maxStackLevel }),
  };
};

/** Abilities from 2.0.1 SmartChargingCtrlr variables' Actual values, by variable name. */
export const abilitiesFromSmartChargingCtrlr = (
  values: Readonly<Record<string, string | undefined>>,
): ChargerProfileAbilities => {
  const rateUnits = listOf(values.RateUnit);
  const maxPeriods = integerOf(values.PeriodsPerSchedule);
  const maxStackLevel = integerOf(values.ProfileStackLevel);
  return {
    ...(rateUnits && { rateUnits }),
    ...(maxPeriods !== undefined && { maxPeriods }),
    ...(maxStackLevel !== undefined && { maxStackLevel }),
  };
};
