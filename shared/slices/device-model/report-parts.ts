import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { Command } from '../commands/model.ts';
import { pendingRequest } from '../commands/pending-request.ts';
import type { Dependencies } from '../dependencies.ts';
import type { PartsProgress } from './model.ts';
import { closeReportOnDisconnect, isOpen, type PartArrival, progressAfterPart } from './report-progress.ts';

/**
 * One part of a multi-part answer to a CSMS request (NotifyMonitoringReport, NotifyDisplayMessages,
 * NotifyCustomerInformation), with the state machine of report-progress.ts: the request's record must exist
 * (made by the reaction to the charger's answer, or from the call still pending); the part's content is stored
 * before the progress, so a report seen complete has all of it. A part of a request the CSMS never made, or
 * after its report ended, changes nothing (the caller logs it; the charger still gets the empty answer).
 */

export interface ProgressStore<R extends PartsProgress & { readonly revision: number }> {
  load(): Promise<R | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none). */
  save(next: R): Promise<boolean>;
}

export type AcceptedPart<R> =
  /** No request of the CSMS has this id: nothing stored. */
  | { readonly kind: 'unknown' }
  /** The report had ended (complete, incomplete or refused): nothing stored. */
  | { readonly kind: 'afterEnd'; readonly report: R }
  /** Stored (a repeated seqNo: its content again, counted once); `finished` when this part ended it. */
  | { readonly kind: 'stored' | 'repeated'; readonly report: R; readonly finished: boolean };

/** Request ids the keys can hold (non-negative 32-bit integers): another one was never the CSMS's. */
export const isStorableRequestId = (requestId: number): boolean =>
  Number.isSafeInteger(requestId) && requestId >= 0 && requestId <= 2 ** 31 - 1;

export const acceptReportPart = async <R extends PartsProgress & { readonly revision: number }>(
  deps: Pick<Dependencies, 'pendingCalls' | 'commands'>,
  input: {
    readonly tenantId: string;
    readonly chargerId: string;
    readonly requestId: number;
    /** The CSMS-initiated action that asks for these parts. */
    readonly action: string;
    readonly store: ProgressStore<R>;
    /** The record of a request whose call is still pending (its answer not recorded yet). */
    readonly requested: (command: Command) => Omit<R, 'revision'>;
    /** The part's arrival; from the report so far when the message has no seqNo (NotifyDisplayMessages). */
    readonly part: PartArrival | ((current: R) => PartArrival);
    /** Adds what the part carries to the report's counts (once per seqNo). */
    readonly counted?: (report: R) => R;
    /** Stores the part's content; runs before the progress is stored. */
    readonly storeContent: (report: R) => Promise<void>;
  },
): Promise<AcceptedPart<R>> => {
  if (!isStorableRequestId(input.requestId)) return { kind: 'unknown' };
  let current = await input.store.load();
  if (!current) {
    const command = await pendingRequest(deps, input);
    if (command) {
      current = (await updateRevisioned(input.store, (stored) => stored ?? input.requested(command))).after;
    } else {
      // The answer's reaction records the request before it frees the slot: with the call gone from the slot
      // by now, the record is there if the request was ever the CSMS's.
      current = await input.store.load();
    }
    if (!current) return { kind: 'unknown' };
  }
  if (!isOpen(current)) return { kind: 'afterEnd', report: current };
  await input.storeContent(current);
  const partOf = (report: R) => (typeof input.part === 'function' ? input.part(report) : input.part);
  let outcome: AcceptedPart<R> = { kind: 'afterEnd', report: current };
  await updateRevisioned(input.store, (stored) => {
    if (!stored) return undefined;
    const next = progressAfterPart(stored, partOf(stored), input.counted);
    if (next.kind === 'afterEnd') {
      outcome = { kind: 'afterEnd', report: stored };
      return undefined;
    }
    if (next.kind === 'repeated') {
      outcome = { kind: 'repeated', report: next.report, finished: false };
      return undefined;
    }
    outcome = { kind: 'stored', report: next.report, finished: next.finished };
    return next.report;
  });
  return outcome;
};

/**
 * `$disconnect` for any of these reports: each one in progress over the closed connection is incomplete (a
 * charger does not resume a report on its next connection). Returns the reports it closed.
 */
export const closeOpenReports = async <R extends PartsProgress & { readonly revision: number }>(
  open: readonly R[],
  storeOf: (report: R) => ProgressStore<R>,
  closed: { connectionId: string; at: string },
): Promise<R[]> => {
  const ended: R[] = [];
  for (const report of open) {
    const { after, changed } = await updateRevisioned(
      storeOf(report),
      (stored) => stored && closeReportOnDisconnect(stored, closed),
    );
    if (changed && after) ended.push(after);
  }
  return ended;
};
