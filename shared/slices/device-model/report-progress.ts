import type { DeviceModelReport, ReportStatus } from './model.ts';

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

export interface ReportPart {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly seqNo: number;
  readonly tbc: boolean;
  readonly variables: number;
  readonly generatedAt: string;
  readonly connectionId: string;
  readonly at: string;
}

export type PartOutcome =
  /** Stored; `finished` when this part ended the report (complete or incomplete). */
  | { readonly kind: 'stored'; readonly report: Report; readonly finished: boolean }
  /** A seqNo received before (a retransmission): its variables are stored again, nothing counted twice. */
  | { readonly kind: 'repeated'; readonly report: Report }
  /** The report ended before (or was refused): the part is not stored. */
  | { readonly kind: 'afterEnd' };

const isContiguousTo = (seqNos: readonly number[], last: number): boolean =>
  seqNos.length === last + 1 && seqNos.every((seqNo, index) => seqNo === index);

/** The report after one part; `current` undefined: the CSMS never asked for it (an unsolicited report). */
export const applyReportPart = (current: Report | undefined, part: ReportPart): PartOutcome => {
  if (current && !isOpen(current)) return { kind: 'afterEnd' };
  const base: Report = current ?? {
    tenantId: part.tenantId,
    chargerId: part.chargerId,
    requestId: part.requestId,
    request: 'unsolicited',
    status: 'requested',
    seqNos: [],
    variables: 0,
    updatedAt: part.at,
  };
  if (base.seqNos.includes(part.seqNo)) return { kind: 'repeated', report: base };
  const seqNos = [...base.seqNos, part.seqNo].sort((a, b) => a - b);
  const next: Report = {
    ...base,
    seqNos,
    variables: base.variables + part.variables,
    connectionId: part.connectionId,
    generatedAt: base.generatedAt ?? part.generatedAt,
    startedAt: base.startedAt ?? part.at,
    ...(!part.tbc && { lastSeqNo: part.seqNo }),
    status: 'inProgress',
    updatedAt: part.at,
  };
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

/** The report when the connection its parts came over closed; undefined when that changes nothing. */
export const closeReportOnDisconnect = (
  current: Report,
  closed: { connectionId: string; at: string },
): Report | undefined => {
  if (current.status !== 'inProgress' || current.connectionId !== closed.connectionId) return undefined;
  return {
    ...current,
    status: 'incomplete',
    incompleteReason: 'disconnected',
    finishedAt: closed.at,
    updatedAt: closed.at,
  };
};

/** The report after the charger answered its GetBaseReport / GetReport. */
export const withRequestAnswer = (current: Report, answerStatus: string, at: string): Report => {
  const refused = answerStatus !== 'Accepted' && current.status === 'requested';
  return {
    ...current,
    answerStatus,
    ...(refused && { status: 'rejected' as const, finishedAt: at }),
    updatedAt: at,
  };
};
