import type {
  ChargingLimitSourceEnumType,
  ChargingNeedsType,
  ChargingProfileType,
  ChargingScheduleType,
} from '../../ocpp/generated/ocpp201.ts';

/**
 * What an OCPP 2.0.1 charger tells the CSMS of smart charging (functional block K), kept per charger and EVSE:
 * the latest of each, as the charger sent it (schema-checked by the dispatcher), with the time it arrived.
 */

/** The EV's charging needs on an EVSE (NotifyEVChargingNeeds, ISO 15118): replaced by the next. */
export interface EvChargingNeeds {
  readonly tenantId: string;
  readonly chargerId: string;
  /** > 0: the EVSE the EV is connected to. */
  readonly evseId: number;
  readonly chargingNeeds: ChargingNeedsType;
  readonly maxScheduleTuples?: number;
  readonly receivedAt: string;
}

/** The schedule the EV plans to charge by on an EVSE (NotifyEVChargingSchedule): replaced by the next. */
export interface EvChargingSchedule {
  readonly tenantId: string;
  readonly chargerId: string;
  /** > 0. */
  readonly evseId: number;
  /** Its periods are relative to this time. */
  readonly timeBase: string;
  readonly chargingSchedule: ChargingScheduleType;
  readonly receivedAt: string;
}

/**
 * A limit set by a source outside the CSMS (an EMS, the system operator…) on an EVSE, or on the charger as a
 * whole (`evseId` 0: NotifyChargingLimit without an EVSE); ClearedChargingLimit of that source removes it.
 */
export interface ExternalChargingLimit {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly evseId: number;
  readonly chargingLimitSource: ChargingLimitSourceEnumType;
  readonly isGridCritical?: boolean;
  /** The limit's schedules, when the charger sends them (SmartChargingCtrlr.NotifyChargingLimitWithSchedules). */
  readonly chargingSchedule?: readonly ChargingScheduleType[];
  readonly receivedAt: string;
}

/**
 * A charging-profile report: the ReportChargingProfiles parts of one request id (a GetChargingProfiles of the
 * CSMS), `inProgress` until the part with `tbc` false, then `complete`. The complete report received last holds
 * the charger's reported profiles; an earlier one is removed when a later one completes.
 */
export interface ChargingProfileReport {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly status: 'inProgress' | 'complete';
  /** The message id of each part received (a part the charger sends again is counted once). */
  readonly messageIds: readonly string[];
  /** Profiles the parts held. */
  readonly profiles: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  readonly revision: number;
}

/** One ReportChargingProfiles message: the profiles of one source on one EVSE (0: the charger as a whole). */
export interface ChargingProfileReportPart {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly messageId: string;
  readonly evseId: number;
  readonly chargingLimitSource: ChargingLimitSourceEnumType;
  readonly chargingProfile: readonly ChargingProfileType[];
  readonly receivedAt: string;
}

/** Everything stored of a charger's smart-charging inputs. */
export interface SmartChargingInputs {
  readonly needs: readonly EvChargingNeeds[];
  readonly evSchedules: readonly EvChargingSchedule[];
  readonly limits: readonly ExternalChargingLimit[];
  readonly reports: readonly ChargingProfileReport[];
  readonly reportParts: readonly ChargingProfileReportPart[];
}
