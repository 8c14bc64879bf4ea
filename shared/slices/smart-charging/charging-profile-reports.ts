import { logger } from '../../handlers/logger.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { ReportChargingProfilesRequest } from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ChargingProfileReport } from './model.ts';

/**
 * ReportChargingProfiles (K09, the charger's answer to a GetChargingProfiles): a report in parts, one message an
 * EVSE and source, `tbc` true until the last. Each part is stored as it arrives (by its message id: a part the
 * charger sends again after a lost answer replaces itself and is counted once); the part with `tbc` false
 * completes the report, which then holds the charger's reported profiles, removes the reports it supersedes and
 * publishes `chargingProfilesReported`. A part after its report completed is logged and not stored. The answer is
 * empty whatever happens (the response has no fields).
 */

type Deps = Pick<Dependencies, 'smartChargingInputs' | 'events' | 'clock'>;

/** An unfinished report with no part for this long is abandoned: a charger sends its parts back to back. */
export const reportAbandonedAfterSeconds = 3600;

export type PartOutcome = 'stored' | 'completed' | 'afterEnd' | 'refused';

const isAbandoned = (report: ChargingProfileReport, now: Date) =>
  report.status === 'inProgress' &&
  now.getTime() - Date.parse(report.updatedAt) > reportAbandonedAfterSeconds * 1000;

export const recordChargingProfilesPart = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: ReportChargingProfilesRequest,
): Promise<PartOutcome> => {
  const { tenantId, chargerId, messageId } = ctx;
  const { requestId, evseId } = request;
  const log = { tenantId, chargerId, requestId, messageId };
  if (
    !Number.isSafeInteger(evseId) ||
    evseId < 0 ||
    evseId > 2 ** 31 - 1 ||
    !Number.isSafeInteger(requestId)
  ) {
    logger.warn('ReportChargingProfiles for no EVSE there can be; not stored', { ...log, evseId });
    return 'refused';
  }
  const current = await deps.smartChargingInputs.getReport(tenantId, chargerId, requestId);
  if (current?.status === 'complete' && !current.messageIds.includes(messageId)) {
    logger.warn('ReportChargingProfiles part after its report completed; not stored', log);
    return 'afterEnd';
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.smartChargingInputs.putReportPart({
    tenantId,
    chargerId,
    requestId,
    messageId,
    evseId,
    chargingLimitSource: request.chargingLimitSource,
    chargingProfile: request.chargingProfile,
    receivedAt: at,
  });
  const last = !(request.tbc ?? false);
  const { after, changed } = await updateRevisioned(
    {
      load: () => deps.smartChargingInputs.getReport(tenantId, chargerId, requestId),
      save: (next) => deps.smartChargingInputs.saveReport(next),
    },
    (stored): Omit<ChargingProfileReport, 'revision'> | undefined => {
      if (stored?.status === 'complete') return undefined;
      const known = stored?.messageIds.includes(messageId) ?? false;
      return {
        tenantId,
        chargerId,
        requestId,
        status: last ? 'complete' : 'inProgress',
        messageIds: known ? stored!.messageIds : [...(stored?.messageIds ?? []), messageId],
        profiles: (stored?.profiles ?? 0) + (known ? 0 : request.chargingProfile.length),
        startedAt: stored?.startedAt ?? at,
        updatedAt: at,
        ...(last && { finishedAt: at }),
      };
    },
  );
  if (!changed || after?.status !== 'complete') return 'stored';

  const inputs = await deps.smartChargingInputs.getInputs(tenantId, chargerId);
  for (const report of inputs.reports)
    if (report.requestId !== requestId && (report.status === 'complete' || isAbandoned(report, now)))
      await deps.smartChargingInputs.deleteReport(tenantId, chargerId, report.requestId);
  const evseIds = [
    ...new Set(inputs.reportParts.filter((part) => part.requestId === requestId).map((part) => part.evseId)),
  ].sort((x, y) => x - y);
  await deps.events.publish([
    {
      name: 'chargingProfilesReported',
      detail: {
        tenantId,
        chargerId,
        ...(ctx.siteId && { siteId: ctx.siteId }),
        correlationId: ctx.correlationId,
        occurredAt: at,
        requestId,
        parts: after.messageIds.length,
        profiles: after.profiles,
        evseIds,
      },
    },
  ]);
  return 'completed';
};
