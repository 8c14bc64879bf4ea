import type { Cdr, CdrKind } from './cdr.ts';
import type { SessionCost } from './pricing.ts';

/** What the ledger keeps of each CDR issued for a session. */
export interface IssuedCdr {
  readonly cdrId: string;
  readonly kind: CdrKind;
  /** The session version it bills (a credit: the version of the CDR it credits). */
  readonly sessionVersion: number;
  /** A credit: the debit it negates. */
  readonly creditReferenceId?: string;
}

/** What to issue for a session version: a new debit, and first the credit of the open debit, if any. */
export interface IssueDecision {
  readonly debitVersion: number;
  /** The id of the open debit CDR to credit. */
  readonly credit?: string;
}

/**
 * Pure: what a session version adds to the CDRs issued for the session. A version newer than every billed one
 * gets a CDR, and the one debit still open (not credited) gets a credit first, never an edit. A version billed
 * already, or older than one billed (a replayed or out-of-order event), adds nothing.
 */
export const decideIssue = (
  issued: readonly IssuedCdr[],
  sessionVersion: number,
): IssueDecision | undefined => {
  const debits = issued.filter((cdr) => cdr.kind === 'DEBIT');
  if (debits.some((debit) => debit.sessionVersion >= sessionVersion)) return undefined;
  const credited = new Set(issued.flatMap((cdr) => (cdr.creditReferenceId ? [cdr.creditReferenceId] : [])));
  const open = debits.filter((debit) => !credited.has(debit.cdrId)).at(-1);
  return { debitVersion: sessionVersion, ...(open && { credit: open.cdrId }) };
};

/**
 * A session's billing ledger, one item in the session's partition: the serialization point of its billing.
 * A billing claims the next `revision` with a conditional write, naming the CDRs it issues (`pending`) and the
 * session's cost; the CDR items and the events follow (and are completed by whoever reads the ledger next if the
 * claimer stopped half-way). So two executions can never both issue for the session.
 */
export interface BillingLedger {
  readonly tenantId: string;
  readonly sessionId: string;
  /** Optimistic-locking counter: 1 at the first billing, one more per claim. */
  readonly revision: number;
  /** The session version billed last: the session's `cost` is its price. */
  readonly billedVersion: number;
  readonly cost: SessionCost;
  readonly issued: readonly IssuedCdr[];
  /** The ids of the CDRs the last claim issued: a retry of its execution answers with them. */
  readonly claimIssued?: readonly string[];
  /**
   * The CDRs of the last claim (and any of an earlier claim not yet published), to write and publish. Removed
   * once published: the CDR items hold them from then on, and a session's ledger is kept as long as its CDRs,
   * so copies here would only add storage (and write units to every later update of the item).
   */
  readonly pending?: readonly Cdr[];
  readonly published: boolean;
  /** The workflow execution that claimed: it publishes (its retries included); others only once it is stale. */
  readonly claimedBy: string;
  /** When it was claimed. */
  readonly updatedAt: string;
}

/**
 * How long a claim may stay unpublished before another execution publishes it: an Express workflow runs at most
 * five minutes, so by then its claimer is dead. Until then only the claimer (and its retries) publish, so that a
 * duplicated execution running at the same time publishes nothing twice.
 */
export const claimStaleAfterMs = 5 * 60_000;

/** Pure: whether this execution publishes an unpublished claim now. */
export const publishesClaim = (
  ledger: Pick<BillingLedger, 'published' | 'claimedBy' | 'updatedAt'>,
  executionId: string,
  now: Date,
): boolean =>
  !ledger.published &&
  (ledger.claimedBy === executionId || now.getTime() - Date.parse(ledger.updatedAt) >= claimStaleAfterMs);

export const issuedOf = (cdr: Cdr): IssuedCdr => ({
  cdrId: cdr.id,
  kind: cdr.credit ? 'CREDIT' : 'DEBIT',
  sessionVersion: cdr.sessionVersion,
  ...(cdr.credit_reference_id && { creditReferenceId: cdr.credit_reference_id }),
});
