import type { SetChargingProfileRequest as SetChargingProfile16 } from '../../ocpp/generated/ocpp16.ts';
import type { SetChargingProfileRequest as SetChargingProfile201 } from '../../ocpp/generated/ocpp201.ts';
import { validateRequest } from '../../ocpp/validation.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';
import type { PhaseCount } from './model.ts';
import { type ChargerProfileAbilities, chargingProfileIssue } from './profile-rules.ts';

export type { ChargerProfileAbilities } from './profile-rules.ts';

/** Dynamic TxProfiles lapse after this unless renewed: the charger then falls back to its safe default. */
export const defaultLeaseSeconds = 15 * 60;

/**
 * Stack levels of the profiles load management installs. Both purposes have stacks of their own; 0 leaves the
 * levels above to an operator's own profiles (`POST /v1/chargers/{id}/ocpp/SetChargingProfile`).
 */
export const loadManagementStackLevel = 0;

export interface ProfileTarget {
  readonly version: OcppVersion;
  /** 1.6 connector id or 2.0.1 EVSE id; 0: every connector / EVSE of the charger (TxDefaultProfile only). */
  readonly evseId: number;
  readonly profileId: number;
  readonly limitA: number;
  readonly numberPhases: PhaseCount;
  readonly abilities?: ChargerProfileAbilities;
}

export type SetChargingProfilePayload = SetChargingProfile16 | SetChargingProfile201;

/** A profile that breaks an OCPP rule or what the charger takes: it is not sent. */
export class UnsendableProfile extends Error {
  override readonly name = 'UnsendableProfile';
}

// One period from the start, relative (K01.FR.41: a Relative schedule has no startSchedule), so the charger's
// clock does not matter; amperes, one decimal at most (the schemas' multipleOf 0.1).
const schedule = (target: ProfileTarget) => ({
  chargingRateUnit: 'A' as const,
  chargingSchedulePeriod: [{ startPeriod: 0, limit: target.limitA, numberPhases: target.numberPhases }],
});

const checkLimit = (target: ProfileTarget): void => {
  const tenths = target.limitA * 10;
  if (!Number.isFinite(tenths) || tenths < 0 || Math.abs(Math.round(tenths) - tenths) > 1e-6)
    throw new UnsendableProfile(`limit ${target.limitA} A: a non-negative number with at most one decimal`);
};

const checked = <P extends SetChargingProfilePayload>(
  version: OcppVersion,
  payload: P,
  abilities: ChargerProfileAbilities | undefined,
): P => {
  const issue = chargingProfileIssue(version, payload, abilities);
  if (issue) throw new UnsendableProfile(issue);
  try {
    validateRequest(version, 'SetChargingProfile', payload);
  } catch (error) {
    throw new UnsendableProfile(`SetChargingProfile for ${version}: ${(error as Error).message}`);
  }
  return payload;
};

/**
 * The fail-safe default of a charger's connectors / EVSEs: what a session starts with before the CSMS sends it
 * a TxProfile, and what it falls back to when that lapses.
 */
export const txDefaultProfile = (target: ProfileTarget): SetChargingProfilePayload => {
  const stackLevel = loadManagementStackLevel;
  checkLimit(target);
  const common = {
    stackLevel,
    chargingProfilePurpose: 'TxDefaultProfile' as const,
    chargingProfileKind: 'Relative' as const,
  };
  return target.version === 'ocpp1.6'
    ? checked(
        target.version,
        {
          connectorId: target.evseId,
          csChargingProfiles: {
            chargingProfileId: target.profileId,
            ...common,
            chargingSchedule: schedule(target),
          },
        },
        target.abilities,
      )
    : checked(
        target.version,
        {
          evseId: target.evseId,
          chargingProfile: {
            id: target.profileId,
            ...common,
            chargingSchedule: [{ id: target.profileId, ...schedule(target) }],
          },
        },
        target.abilities,
      );
};

/**
 * A running transaction's limit (K01.FR.03: TxProfile carries the transaction id, on a connector / EVSE > 0),
 * leased until `now + leaseSeconds` (0: no lease), so that a CSMS that stops renewing it leaves the charger on
 * its fail-safe default.
 */
export const txProfile = (
  target: ProfileTarget & {
    /** 1.6: the integer the CSMS gave in StartTransaction.conf; 2.0.1: the charger's transaction id. */
    readonly transactionId: number | string;
    readonly now: Date;
    readonly leaseSeconds?: number;
  },
): SetChargingProfilePayload => {
  if (target.evseId < 1) throw new UnsendableProfile('a TxProfile is for one connector / EVSE (id > 0)');
  const stackLevel = loadManagementStackLevel;
  checkLimit(target);
  const leaseSeconds = target.leaseSeconds ?? defaultLeaseSeconds;
  const common = {
    stackLevel,
    chargingProfilePurpose: 'TxProfile' as const,
    chargingProfileKind: 'Relative' as const,
    ...(leaseSeconds > 0 && { validTo: new Date(target.now.getTime() + leaseSeconds * 1000).toISOString() }),
  };
  if (target.version === 'ocpp1.6') {
    if (typeof target.transactionId !== 'number')
      throw new UnsendableProfile('an OCPP 1.6 transaction id is an integer');
    return checked(
      target.version,
      {
        connectorId: target.evseId,
        csChargingProfiles: {
          chargingProfileId: target.profileId,
          transactionId: target.transactionId,
          ...common,
          chargingSchedule: schedule(target),
        },
      },
      target.abilities,
    );
  }
  return checked(
    target.version,
    {
      evseId: target.evseId,
      chargingProfile: {
        id: target.profileId,
        transactionId: String(target.transactionId),
        ...common,
        chargingSchedule: [{ id: target.profileId, ...schedule(target) }],
      },
    },
    target.abilities,
  );
};
