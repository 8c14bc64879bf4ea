import type { ChargingLimitSourceEnumType, ChargingProfileType } from '../../ocpp/generated/ocpp201.ts';
import type { Dependencies } from '../dependencies.ts';
import { reportAbandonedAfterSeconds } from './charging-profile-reports.ts';
import type {
  ChargingProfileReport,
  EvChargingNeeds,
  EvChargingSchedule,
  ExternalChargingLimit,
} from './model.ts';

/**
 * A charger's smart-charging inputs per EVSE (0: the charger as a whole): the EV's latest needs and schedule,
 * the external limits in force, and the profiles of the charger's latest complete charging-profile report.
 */

export interface ReportedProfile {
  readonly chargingLimitSource: ChargingLimitSourceEnumType;
  readonly chargingProfile: ChargingProfileType;
}

export interface EvseSmartCharging {
  readonly evseId: number;
  readonly chargingNeeds?: EvChargingNeeds;
  readonly evChargingSchedule?: EvChargingSchedule;
  readonly externalLimits: readonly ExternalChargingLimit[];
  readonly reportedProfiles: readonly ReportedProfile[];
}

export interface SmartChargingView {
  readonly evses: readonly EvseSmartCharging[];
  /** The report the reported profiles come from: the latest complete one. */
  readonly profileReport?: ChargingProfileReport;
  /**
   * A report whose parts are still arriving (its profiles are not shown until it completes); one without a part
   * for an hour is abandoned, and not shown.
   */
  readonly reportInProgress?: ChargingProfileReport;
}

const latest = (reports: readonly ChargingProfileReport[]) =>
  [...reports].sort((x, y) => (x.updatedAt < y.updatedAt ? 1 : x.updatedAt > y.updatedAt ? -1 : 0))[0];

export const getSmartChargingView = async (
  deps: Pick<Dependencies, 'smartChargingInputs' | 'clock'>,
  input: { tenantId: string; chargerId: string },
): Promise<SmartChargingView> => {
  const inputs = await deps.smartChargingInputs.getInputs(input.tenantId, input.chargerId);
  const openSince = new Date(deps.clock.now().getTime() - reportAbandonedAfterSeconds * 1000).toISOString();
  const profileReport = latest(inputs.reports.filter((report) => report.status === 'complete'));
  const reportInProgress = latest(
    inputs.reports.filter((report) => report.status === 'inProgress' && report.updatedAt >= openSince),
  );
  const parts = profileReport
    ? inputs.reportParts
        .filter((part) => part.requestId === profileReport.requestId)
        .sort((x, y) => (x.receivedAt < y.receivedAt ? -1 : x.receivedAt > y.receivedAt ? 1 : 0))
    : [];
  const evseIds = [
    ...new Set([
      ...inputs.needs.map((needs) => needs.evseId),
      ...inputs.evSchedules.map((schedule) => schedule.evseId),
      ...inputs.limits.map((limit) => limit.evseId),
      ...parts.map((part) => part.evseId),
    ]),
  ].sort((x, y) => x - y);
  const evses = evseIds.map((evseId): EvseSmartCharging => {
    const chargingNeeds = inputs.needs.find((needs) => needs.evseId === evseId);
    const evChargingSchedule = inputs.evSchedules.find((schedule) => schedule.evseId === evseId);
    return {
      evseId,
      ...(chargingNeeds && { chargingNeeds }),
      ...(evChargingSchedule && { evChargingSchedule }),
      externalLimits: inputs.limits
        .filter((limit) => limit.evseId === evseId)
        .sort((x, y) => x.chargingLimitSource.localeCompare(y.chargingLimitSource)),
      reportedProfiles: parts
        .filter((part) => part.evseId === evseId)
        .flatMap((part) =>
          part.chargingProfile.map((chargingProfile) => ({
            chargingLimitSource: part.chargingLimitSource,
            chargingProfile,
          })),
        ),
    };
  });
  return {
    evses,
    ...(profileReport && { profileReport }),
    ...(reportInProgress && { reportInProgress }),
  };
};
