import type { Dependencies } from '../dependencies.ts';
import { recordCohortActivity } from '../migration/cohort-report.ts';
import { type Cdr, cdrOfSession, creditOf } from './cdr.ts';
import { chargingPeriodsOfSession } from './charging-periods.ts';
import { type BillingLedger, decideIssue, issuedOf, publishesClaim } from './ledger.ts';
import { priceSessionWith } from './session-pricing.ts';
import { resolveSessionTariff } from './tariff-resolution.ts';

type BillingDeps = Pick<
  Dependencies,
  | 'sessions'
  | 'billing'
  | 'tariffs'
  | 'idTokens'
  | 'chargers'
  | 'sites'
  | 'events'
  | 'clock'
  | 'cohortCounters'
>;

export type BillingOutcome =
  /** CDRs were issued for this version (a credit and a CDR after a correction). */
  | { readonly status: 'BILLED'; readonly sessionVersion: number; readonly cdrIds: readonly string[] }
  /** This version, or a newer one, was billed already: nothing new. */
  | { readonly status: 'ALREADY_BILLED'; readonly sessionVersion: number; readonly billedVersion: number }
  /** No such session, or it has not ended: there is nothing to bill (an event of another stack, a forgery). */
  | { readonly status: 'NOT_BILLABLE'; readonly reason: 'unknown session' | 'not ended' };

/** Claims lost to a concurrent billing of the same session before giving up (the workflow retries). */
const attempts = 5;

export class BillingConflict extends Error {
  constructor(sessionId: string) {
    super(`session ${sessionId}: the ledger kept changing under concurrent billings; retry`);
    this.name = 'BillingConflict';
  }
}

const billedEvent = (cdr: Cdr, correlationId: string, occurredAt: string) =>
  ({
    name: 'sessionBilled',
    detail: {
      tenantId: cdr.tenantId,
      chargerId: cdr.chargerId,
      ...(cdr.siteId && { siteId: cdr.siteId }),
      correlationId,
      occurredAt,
      sessionId: cdr.session_id,
      sessionVersion: cdr.sessionVersion,
      cdrId: cdr.id,
      credit: cdr.credit,
      ...(cdr.credit_reference_id && { creditReferenceId: cdr.credit_reference_id }),
      currency: cdr.currency,
      totalExclVat: cdr.cost.totalExclVat,
      totalVat: cdr.cost.totalVat,
      totalInclVat: cdr.cost.totalInclVat,
      ...(cdr.cost.tariffId !== undefined && { tariffId: cdr.cost.tariffId }),
      ...(cdr.cost.tariffVersion !== undefined && { tariffVersion: cdr.cost.tariffVersion }),
      ...(cdr.cost.lines.some((line) => line.kind === 'NO_TARIFF') && { noTariff: true as const }),
    },
  }) as const;

/** Writes a claim's CDR items: conditional puts, one item per key whoever writes first, so any run may. */
const writeItems = async (deps: BillingDeps, ledger: BillingLedger): Promise<void> => {
  for (const cdr of ledger.pending ?? []) await deps.billing.putCdr(cdr);
};

/**
 * The debit a correction credits, from its CDR item: the ledger names it, and its item exists before anything is
 * decided over it (`writeItems` first). Missing, the table is inconsistent: the task fails and is retried.
 */
const openDebit = async (deps: BillingDeps, ledger: BillingLedger, cdrId: string): Promise<Cdr> => {
  const issued = ledger.issued.find((cdr) => cdr.cdrId === cdrId && cdr.kind === 'DEBIT');
  const cdr =
    issued &&
    (await deps.billing.getCdr(ledger.tenantId, {
      sessionId: ledger.sessionId,
      sessionVersion: issued.sessionVersion,
      kind: 'DEBIT',
    }));
  if (!cdr) throw new Error(`session ${ledger.sessionId}: the open CDR ${cdrId} is missing`);
  return cdr;
};

/**
 * Publishes a claim's CDRs and marks them published, if this execution is the one to (`publishesClaim`): the
 * claimer, its retries, or anyone once the claim is stale (its claimer died half-way).
 */
const publish = async (
  deps: BillingDeps,
  ledger: BillingLedger,
  run: { correlationId: string; executionId: string },
): Promise<void> => {
  const now = deps.clock.now();
  if (!publishesClaim(ledger, run.executionId, now)) return;
  await deps.events.publish(
    (ledger.pending ?? []).map((cdr) => billedEvent(cdr, run.correlationId, now.toISOString())),
  );
  await deps.billing.markLedgerPublished(ledger.tenantId, ledger.sessionId, ledger.revision);
};

/**
 * The billing task: prices the session's latest version and issues its CDR exactly once, however often it runs
 * (retried, duplicated or replayed executions). The ledger item decides: a billing claims its next revision
 * with a conditional write naming the CDRs it issues and the session's cost; a lost claim reads again and
 * decides again (`decideIssue`). A correction (a newer version) credits the open CDR and issues a new one.
 * `executionId` is the workflow execution's (the same on its retries): it tells the claimer's retry, which
 * finishes the claim, from a duplicated execution, which leaves it to the claimer.
 */
export const billSession = async (
  deps: BillingDeps,
  input: { tenantId: string; sessionId: string; correlationId: string; executionId: string },
): Promise<BillingOutcome> => {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const found = await deps.sessions.getWithMeterValues(input.tenantId, input.sessionId);
    if (!found) return { status: 'NOT_BILLABLE', reason: 'unknown session' };
    const { session, meterValues } = found;
    if (session.endedAt === undefined) return { status: 'NOT_BILLABLE', reason: 'not ended' };
    const ended = { ...session, endedAt: session.endedAt };

    const ledger = await deps.billing.getLedger(input.tenantId, input.sessionId);
    // The CDRs of the last claim exist before anything is decided over them (its claimer may have died).
    if (ledger) {
      await writeItems(deps, ledger);
      await publish(deps, ledger, input);
    }
    const decision = decideIssue(ledger?.issued ?? [], session.version);
    // A retry of the execution that claimed this version: what it issued (the retry finished it).
    if (!decision && ledger?.claimedBy === input.executionId && ledger.billedVersion === session.version)
      return {
        status: 'BILLED',
        sessionVersion: session.version,
        cdrIds: ledger.claimIssued ?? [],
      };
    if (!decision)
      return {
        status: 'ALREADY_BILLED',
        sessionVersion: session.version,
        billedVersion: ledger?.billedVersion ?? 0,
      };

    const resolved = await resolveSessionTariff(deps, {
      tenantId: session.tenantId,
      chargerId: session.chargerId,
      ...(session.siteId && { siteId: session.siteId }),
      ...(session.idToken && { idToken: session.idToken }),
      startedAt: session.startedAt,
    });
    const until = session.endedAt;
    const priced = priceSessionWith({ session, meterValues, until, resolved });
    const version = resolved.tariff?.version;
    const chargingPeriods = chargingPeriodsOfSession({
      session,
      meterValues,
      until,
      ...(version && { tariff: version.tariff }),
      timeZone: resolved.timeZone,
    });
    const issuedAt = deps.clock.now().toISOString();
    const debit = cdrOfSession({
      session: ended,
      priced,
      chargingPeriods,
      ...(version && { tariff: version }),
      issuedAt,
    });
    const credit =
      decision.credit && ledger ? [creditOf(await openDebit(deps, ledger, decision.credit), issuedAt)] : [];
    const issuing = [...credit, debit];
    // A claim another execution has not published yet: its CDRs go out with this claim's (at least once).
    const unpublished =
      ledger && !ledger.published && !publishesClaim(ledger, input.executionId, deps.clock.now())
        ? (ledger.pending ?? [])
        : [];
    const pending = [...unpublished, ...issuing];
    const next: BillingLedger = {
      tenantId: session.tenantId,
      sessionId: session.sessionId,
      revision: (ledger?.revision ?? 0) + 1,
      billedVersion: session.version,
      cost: priced.cost,
      issued: [...(ledger?.issued ?? []), ...issuing.map(issuedOf)],
      claimIssued: issuing.map((cdr) => cdr.id),
      pending,
      published: false,
      claimedBy: input.executionId,
      updatedAt: issuedAt,
    };
    if (!(await deps.billing.claimLedger(next, ledger?.revision ?? 0))) continue;
    await writeItems(deps, next);
    await publish(deps, next, input);
    // A cohort's billed total: what this claim adds (a correction: its new debit less the credited one).
    await recordCohortActivity(deps, {
      tenantId: session.tenantId,
      cohort: session.cohort,
      at: session.endedAt,
      add: {
        billed: {
          currency: debit.currency,
          sessions: credit.length > 0 ? 0 : 1,
          totalInclVat: issuing.reduce((sum, cdr) => sum + cdr.cost.totalInclVat, 0),
        },
      },
    });
    return { status: 'BILLED', sessionVersion: session.version, cdrIds: issuing.map((cdr) => cdr.id) };
  }
  throw new BillingConflict(input.sessionId);
};

/** A billed session's cost (its latest billed version), for the session's API view. */
export const sessionCost = async (
  deps: Pick<Dependencies, 'billing'>,
  input: { tenantId: string; sessionId: string },
) => (await deps.billing.getLedger(input.tenantId, input.sessionId))?.cost;
