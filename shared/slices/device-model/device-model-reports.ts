import { logger } from '../../handlers/logger.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { NotifyReportRequest } from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import type { DeviceModelReport } from './model.ts';
import {
  applyReportPart,
  closeReportOnDisconnect,
  endedReportDetail,
  type PartOutcome,
  type ReportEnding,
} from './report-progress.ts';
import { variablesOfReport } from './reported-variables.ts';

/**
 * NotifyReport parts stored as they arrive: the part's variables first (a variable an item each, in batches),
 * then the report's progress, so a report seen complete has all its variables stored. A part of a report the
 * CSMS never asked for (no GetBaseReport / GetReport with that id, through the API or the raw passthrough) is
 * logged and stored as an `unsolicited` report: some chargers send their inventory after each boot, and what
 * they report is what an operator wants to see. A part after its report ended is logged and not stored.
 */

type Deps = Pick<Dependencies, 'deviceModels' | 'events' | 'clock'>;
type Report = Omit<DeviceModelReport, 'revision'>;

const reportStore = (
  deps: Pick<Dependencies, 'deviceModels'>,
  tenantId: string,
  chargerId: string,
  requestId: number,
) => ({
  load: () => deps.deviceModels.getReport(tenantId, chargerId, requestId),
  save: (next: DeviceModelReport) => deps.deviceModels.saveReport(next),
});

const publishReported = async (deps: Pick<Dependencies, 'events'>, at: ReportEnding, report: Report) => {
  const detail = endedReportDetail(at, report);
  if (!detail) return;
  await deps.events.publish([
    {
      name: 'deviceModelReported',
      detail: {
        ...detail,
        solicited: report.request !== 'unsolicited',
        ...(report.reportBase && { reportBase: report.reportBase }),
        variables: report.variables,
      },
    },
  ]);
};

/** One NotifyReport part (the answer is empty whatever happens: NotifyReportResponse has no fields). */
export const recordReportPart = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  part: NotifyReportRequest,
): Promise<PartOutcome['kind']> => {
  const { tenantId, chargerId } = ctx;
  const at = deps.clock.now().toISOString();
  const current = await deps.deviceModels.getReport(tenantId, chargerId, part.requestId);
  if (current && applyReportPart(current, { ...partOf(ctx, part, at) }).kind === 'afterEnd') {
    logger.warn('NotifyReport part after its report ended; not stored', {
      tenantId,
      chargerId,
      requestId: part.requestId,
      seqNo: part.seqNo,
      status: current.status,
    });
    return 'afterEnd';
  }
  if (!current && part.seqNo === 0)
    logger.warn('NotifyReport of a request the CSMS never made; stored as unsolicited', {
      tenantId,
      chargerId,
      requestId: part.requestId,
    });
  await deps.deviceModels.putVariables(
    variablesOfReport({ tenantId, chargerId, requestId: part.requestId, at }, part.reportData ?? []),
  );
  let outcome: PartOutcome = { kind: 'afterEnd' };
  await updateRevisioned(reportStore(deps, tenantId, chargerId, part.requestId), (stored) => {
    outcome = applyReportPart(stored, partOf(ctx, part, at));
    return outcome.kind === 'stored' ? outcome.report : undefined;
  });
  const result = outcome as PartOutcome;
  if (result.kind === 'stored' && result.finished)
    await publishReported(deps, { ...ctx, occurredAt: at }, result.report);
  return result.kind;
};

const partOf = (ctx: ChargerMessageContext, part: NotifyReportRequest, at: string) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  requestId: part.requestId,
  seqNo: part.seqNo,
  tbc: part.tbc ?? false,
  variables: part.reportData?.length ?? 0,
  generatedAt: part.generatedAt,
  connectionId: ctx.connectionId,
  at,
});

/**
 * `$disconnect`: the reports in progress over the closed connection are incomplete (a charger does not resume
 * a report on its next connection; ask again). Best effort on AWS, like `$disconnect` itself.
 */
export const closeReportsOfConnection = async (
  deps: Deps,
  input: {
    tenantId: string;
    chargerId: string;
    siteId?: string;
    connectionId: string;
    correlationId: string;
  },
): Promise<number[]> => {
  const at = deps.clock.now().toISOString();
  const closed: number[] = [];
  for (const open of await deps.deviceModels.openReports(input.tenantId, input.chargerId)) {
    const { after, changed } = await updateRevisioned(
      reportStore(deps, input.tenantId, input.chargerId, open.requestId),
      (stored) => stored && closeReportOnDisconnect(stored, { connectionId: input.connectionId, at }),
    );
    if (!changed || !after) continue;
    closed.push(after.requestId);
    await publishReported(deps, { ...input, occurredAt: at }, after);
  }
  return closed;
};
