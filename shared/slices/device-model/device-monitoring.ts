import { logger } from '../../handlers/logger.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type {
  GetMonitoringReportRequest,
  NotifyMonitoringReportRequest,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { DeviceMonitor, MonitoringReport } from './model.ts';
import { acceptReportPart, closeOpenReports, type ProgressStore } from './report-parts.ts';
import { endedReportDetail, type ReportEnding, withRequestAnswer } from './report-progress.ts';
import { refOf } from './reported-variables.ts';

/**
 * The monitors of a charger's variables (OCPP 2.0.1 block N): GetMonitoringReport — through the raw passthrough —
 * makes its request id a requested monitoring report (the reaction to the charger's answer, or the call still
 * pending when the first part comes first); each NotifyMonitoringReport part stores its monitors (a monitor an
 * item, replacing what was known of it) and then the report's progress, with the state machine of
 * NotifyReport (report-progress.ts): complete, incomplete with parts missing or the connection closed. A
 * complete report of every monitor (no criteria, no component/variable) replaces the stored monitors: those it
 * did not name are deleted. A part of a request id the CSMS never gave is logged and changes nothing.
 */

type Deps = Pick<Dependencies, 'deviceModels' | 'events' | 'clock' | 'pendingCalls' | 'commands'>;
type Report = Omit<MonitoringReport, 'revision'>;

const storeOf = (
  deps: Pick<Dependencies, 'deviceModels'>,
  tenantId: string,
  chargerId: string,
  requestId: number,
): ProgressStore<MonitoringReport> => ({
  load: () => deps.deviceModels.getMonitoringReport(tenantId, chargerId, requestId),
  save: (next) => deps.deviceModels.saveMonitoringReport(next),
});

/** The report a GetMonitoringReport call asks for, before any answer or part. */
const requestedReport = (command: Command, at: string): Report => {
  const payload = command.payload as unknown as GetMonitoringReportRequest;
  return {
    tenantId: command.tenantId,
    chargerId: command.chargerId,
    requestId: payload.requestId,
    ...(payload.monitoringCriteria && { monitoringCriteria: [...payload.monitoringCriteria] }),
    ...(payload.componentVariable && { componentVariables: payload.componentVariable.length }),
    commandId: command.commandId,
    requestedAt: command.requestedAt,
    status: 'requested',
    seqNos: [],
    monitors: 0,
    updatedAt: at,
  };
};

/** A report of every monitor the charger has: complete, it is the whole truth. */
const isOfEveryMonitor = (report: Pick<MonitoringReport, 'monitoringCriteria' | 'componentVariables'>) =>
  report.monitoringCriteria === undefined && report.componentVariables === undefined;

/** Reaction to GetMonitoringReport: the report is requested (or refused) under its request id. */
export const recordMonitoringReportAnswer: CommandReaction = async (deps, { command, response }) => {
  const { status } = response as { status: string };
  const at = deps.clock.now().toISOString();
  const { after } = await updateRevisioned(
    storeOf(deps, command.tenantId, command.chargerId, (command.payload as { requestId: number }).requestId),
    (current) =>
      withRequestAnswer<Report>(
        { ...(current ?? requestedReport(command, at)), commandId: command.commandId },
        status,
        at,
      ),
  );
  // Nothing to report of every monitor: the charger has none.
  if (status === 'EmptyResultSet' && after?.status === 'rejected' && isOfEveryMonitor(after))
    await deps.deviceModels.deleteMonitorsNotOf(command.tenantId, command.chargerId, after.requestId);
};

/** The monitors of one part, as stored. */
export const monitorsOfPart = (
  base: { tenantId: string; chargerId: string; requestId: number; at: string },
  part: Pick<NotifyMonitoringReportRequest, 'monitor'>,
): DeviceMonitor[] =>
  (part.monitor ?? []).flatMap((data) => {
    const ref = refOf(data);
    return data.variableMonitoring.map((monitor) => ({
      tenantId: base.tenantId,
      chargerId: base.chargerId,
      ...ref,
      id: monitor.id,
      transaction: monitor.transaction,
      value: monitor.value,
      type: monitor.type,
      severity: monitor.severity,
      requestId: base.requestId,
      updatedAt: base.at,
    }));
  });

const publishReported = async (deps: Pick<Dependencies, 'events'>, at: ReportEnding, report: Report) => {
  const detail = endedReportDetail(at, report);
  if (!detail) return;
  await deps.events.publish([
    {
      name: 'deviceMonitoringReported',
      detail: {
        ...detail,
        monitors: report.monitors,
      },
    },
  ]);
};

/** One NotifyMonitoringReport part (its answer is empty whatever happens: the response has no fields). */
export const recordMonitoringReportPart = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  part: NotifyMonitoringReportRequest,
): Promise<'unknown' | 'afterEnd' | 'stored' | 'repeated'> => {
  const { tenantId, chargerId } = ctx;
  const at = deps.clock.now().toISOString();
  const monitors = monitorsOfPart({ tenantId, chargerId, requestId: part.requestId, at }, part);
  const result = await acceptReportPart(deps, {
    tenantId,
    chargerId,
    requestId: part.requestId,
    action: 'GetMonitoringReport',
    store: storeOf(deps, tenantId, chargerId, part.requestId),
    requested: (command) => requestedReport(command, at),
    part: {
      seqNo: part.seqNo,
      tbc: part.tbc ?? false,
      generatedAt: part.generatedAt,
      connectionId: ctx.connectionId,
      at,
    },
    counted: (report) => ({ ...report, monitors: report.monitors + monitors.length }),
    storeContent: () => deps.deviceModels.putMonitors(monitors),
  });
  const logged = { tenantId, chargerId, requestId: part.requestId, seqNo: part.seqNo };
  if (result.kind === 'unknown')
    logger.warn('NotifyMonitoringReport of a request the CSMS never made; not stored', logged);
  if (result.kind === 'afterEnd')
    logger.warn('NotifyMonitoringReport part after its report ended; not stored', {
      ...logged,
      status: result.report.status,
    });
  if (result.kind === 'stored' && result.finished) {
    if (result.report.status === 'complete' && isOfEveryMonitor(result.report))
      await deps.deviceModels.deleteMonitorsNotOf(tenantId, chargerId, part.requestId);
    await publishReported(deps, { ...ctx, occurredAt: at }, result.report);
  }
  return result.kind;
};

/** `$disconnect`: the monitoring reports in progress over the closed connection are incomplete. */
export const closeMonitoringReportsOfConnection = async (
  deps: Pick<Dependencies, 'deviceModels' | 'events' | 'clock'>,
  input: {
    tenantId: string;
    chargerId: string;
    siteId?: string;
    connectionId: string;
    correlationId: string;
  },
): Promise<number[]> => {
  const at = deps.clock.now().toISOString();
  const closed = await closeOpenReports(
    await deps.deviceModels.openMonitoringReports(input.tenantId, input.chargerId),
    (report) => storeOf(deps, input.tenantId, input.chargerId, report.requestId),
    { connectionId: input.connectionId, at },
  );
  for (const report of closed) await publishReported(deps, { ...input, occurredAt: at }, report);
  return closed.map((report) => report.requestId);
};
