import type { DeviceModelReport, PartsProgress, ReportStatus } from './model.ts';

export type { PartsProgress } from './model.ts';

/**
 * Pure state machine of a multi-part report (NotifyReport `requestId`, `seqNo`, `tbc`). A report is complete
 * only when its last part (`tbc: false`) arrives and every seqNo from 0 to it has been received; with parts
 * missing then, or when the connection closes before it, it is incomplete — never complete with parts missing.
 * A part after the report ended changes nothing (logged by the caller).
 */

type Report = Omit<DeviceModelReport, 'revision'>;

export const finishedStatuses: readonly ReportStatus[] = ['complete', 'incomplete', 'rejected'];

export const isOpen = (report: Pick<DeviceModelReport, 'status'>): boolean =>
  !finishedStatuses.includes(report.status);

/** One part as it arrived, whatever it carries. */
export interface PartArrival {
  readonly seqNo: number;
  readonly tbc: boolean;
  readonly generatedAt: string;
  readonly connectionId: string;
  readonly at: string;
}

export interface ReportPart extends PartArrival {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly variables: number;
}

export type ProgressOutcome<R> =
  /** Stored; `finished` when this part ended the report (complete or incomplete). */
  | { readonly kind: 'stored'; readonly report: R; readonly finished: boolean }
  /** A seqNo received before (a retransmission): its content is stored again, nothing counted twice. */
  | { readonly kind: 'repeated'; readonly report: R }
  /** The report ended before (or was refused): the part is not stored. */
  | { readonly kind: 'afterEnd' };

export type PartOutcome = ProgressOutcome<Report>;

const isContiguousTo = (seqNos: readonly number[], last: number): boolean =>
  seqNos.length === last + 1 && seqNos.every((seqNo, index) => seqNo === index);

/**
 * Any multi-part report after one part; `counted` adds what the part carries (its items) to the report, once
 * per seqNo.
 */
export const progressAfterPart = <R extends PartsProgress>(
  base: R,
  part: PartArrival,
  counted: (report: R) => R = (report) => report,
): ProgressOutcome<R> => {
  if (!isOpen(base)) return { kind: 'afterEnd' };
  if (base.seqNos.includes(part.seqNo)) return { kind: 'repeated', report: base };
  const seqNos = [...base.seqNos, part.seqNo].sort((a, b) => a - b);
  const next: R = counted({
    ...base,
    seqNos,
    connectionId: part.connectionId,
    generatedAt: base.generatedAt ?? part.generatedAt,
    startedAt: base.startedAt ?? part.at,
    ...(!part.tbc && { lastSeqNo: part.seqNo }),
    status: 'inProgress',
    updatedAt: part.at,
  });
  if (part.tbc) return { kind: 'stored', report: next, finished: false };
  if (isContiguousTo(seqNos, part.seqNo))
    return { kind: 'stored', report: { ...next, status: 'complete', finishedAt: part.at }, finished: true };
  // The last part with others missing: chargers send the parts in order, one CALL at a time, so a gap at
  // the end is a lost part, not a late one (and a seqNo beyond the last one is not part of the report).
  return {
    kind: 'stored',
    report: { ...next, status: 'incomplete', incompleteReason: 'partsMissing', finishedAt: part.at },
    finished: true,
  };
};

/** The report after one part; `current` undefined: the CSMS never asked for it (an unsolicited report). */
export const applyReportPart = (current: Report | undefined, part: ReportPart): PartOutcome =>
  progressAfterPart(
    current ?? {
      tenantId: part.tenantId,
      chargerId: part.chargerId,
      requestId: part.requestId,
      request: 'unsolicited',
      status: 'requested',
      seqNos: [],
      variables: 0,
      updatedAt: part.at,
    },
    part,
    (report) => ({ ...report, variables: report.variables + part.variables }),
  );

/** The report when the connection its parts came over closed; undefined when that changes nothing. */
export const closeReportOnDisconnect = <R extends PartsProgress>(
  current: R,
  closed: { connectionId: string; at: string },
): R | undefined => {
  if (current.status !== 'inProgress' || current.connectionId !== closed.connectionId) return undefined;
  return {
    ...current,
    status: 'incomplete',
    incompleteReason: 'disconnected',
    finishedAt: closed.at,
    updatedAt: closed.at,
  };
};

/**
 * The report after the charger answered the request for it (GetBaseReport / GetReport, GetMonitoringReport,
 * GetDisplayMessages, CustomerInformation): any answer but `Accepted` refuses it, unless parts came first.
 */
export const withRequestAnswer = <R extends PartsProgress>(
  current: R,
  answerStatus: string,
  at: string,
): R => {
  const refused = answerStatus !== 'Accepted' && current.status === 'requested';
  return {
    ...current,
    answerStatus,
    ...(refused && { status: 'rejected' as const, finishedAt: at }),
    updatedAt: at,
  };
};

/** Where and why a report's ending is published: the message that ended it. */
export interface ReportEnding {
  readonly siteId?: string;
  readonly correlationId: string;
  readonly occurredAt: string;
}

/**
 * The fields every "report ended" event of a multi-part report shares (NotifyReport, NotifyMonitoringReport,
 * NotifyDisplayMessages, NotifyCustomerInformation); undefined while the report has not ended complete or
 * incomplete, which is when nothing is published.
 */
export const endedReportDetail = (
  at: ReportEnding,
  report: PartsProgress & {
    readonly tenantId: string;
    readonly chargerId: string;
    readonly requestId: number;
  },
) => {
  const { status } = report;
  if (status !== 'complete' && status !== 'incomplete') return undefined;
  return {
    tenantId: report.tenantId,
    chargerId: report.chargerId,
    ...(at.siteId && { siteId: at.siteId }),
    correlationId: at.correlationId,
    occurredAt: at.occurredAt,
    requestId: report.requestId,
    status,
    ...(report.incompleteReason && { incompleteReason: report.incompleteReason }),
    parts: report.seqNos.length,
  };
};
