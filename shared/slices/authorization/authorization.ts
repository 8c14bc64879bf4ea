import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordCohortActivity } from '../migration/cohort-report.ts';
import { type Authorization, authorizeIdToken, isStorableIdToken, normalizeIdToken } from './id-tokens.ts';
import type { IdTokenStatus } from './model.ts';

/** An authorization as a charger gets it: the token's, or `ConcurrentTx` when it is busy elsewhere. */
export interface ChargerAuthorization extends Omit<Authorization, 'status'> {
  readonly status: IdTokenStatus | 'ConcurrentTx';
}

/**
 * A session the CSMS has known for longer than this no longer makes its token busy: a charger that lost a
 * StopTransaction (power loss, replaced hardware) must not lock a card out for good. Long enough for a night or
 * a working day. Measured on the CSMS's clock: a start delivered late, with an old timestamp, still counts.
 */
export const concurrentSessionMaxAgeMs = 24 * 3600 * 1000;

/**
 * Where another session makes the token busy. Without an EVSE (Authorize carries none): a session on another
 * charger only, since the charger may ask to stop its own session with the same card. With one
 * (StartTransaction): also a session on another EVSE of the same charger. Never one on the same EVSE: that is
 * the session being started (a repeated start gets the same answer), or one whose stop the charger lost.
 */
export interface ConcurrencyScope {
  readonly evseId?: number;
}

const busyElsewhere = async (
  deps: Pick<Dependencies, 'sessions' | 'activeSessions'>,
  ctx: ChargerMessageContext,
  idToken: string,
  scope: ConcurrencyScope,
  now: Date,
): Promise<boolean> => {
  if (!isStorableIdToken(idToken)) return false;
  const markers = await deps.activeSessions.list(ctx.tenantId, normalizeIdToken(idToken));
  const candidates = markers.filter(
    (marker) =>
      marker.chargerId !== ctx.chargerId || (scope.evseId !== undefined && marker.evseId !== scope.evseId),
  );
  for (const marker of candidates) {
    // Markers may outlive their session: the session itself decides.
    const session = await deps.sessions.get(ctx.tenantId, marker.sessionId);
    if (
      session?.status === 'Active' &&
      now.getTime() - new Date(session.createdAt).getTime() < concurrentSessionMaxAgeMs
    )
      return true;
  }
  return false;
};

/**
 * Whether a token may charge, as a charger asks it (version-neutral): the token's own status, expiry and group,
 * and with `concurrency` the concurrent-transaction rule (an accepted token with an active session elsewhere is
 * `ConcurrentTx`). Publishes `idTokenAuthorized` with the answer.
 */
export const authorizeAtCharger = async (
  deps: Pick<Dependencies, 'idTokens' | 'sessions' | 'activeSessions' | 'events' | 'clock'> &
    Partial<Pick<Dependencies, 'cohortCounters'>>,
  ctx: ChargerMessageContext,
  input: {
    idToken: string;
    type?: string;
    /** The OCPP action that asked. */
    action: string;
    /** Absent: the rule does not apply (e.g. a stop). */
    concurrency?: ConcurrencyScope;
    /** The session the request belongs to. */
    sessionId?: string;
    evseId?: number;
  },
): Promise<ChargerAuthorization> => {
  const now = deps.clock.now();
  const authorization = await authorizeIdToken(deps, {
    tenantId: ctx.tenantId,
    idToken: input.idToken,
    ...(input.type !== undefined && { type: input.type }),
    now,
  });
  const concurrent =
    authorization.status === 'Accepted' &&
    input.concurrency !== undefined &&
    (await busyElsewhere(deps, ctx, input.idToken, input.concurrency, now));
  const result: ChargerAuthorization = concurrent
    ? { ...authorization, status: 'ConcurrentTx' }
    : authorization;
  await deps.events.publish([
    {
      name: 'idTokenAuthorized',
      detail: {
        tenantId: ctx.tenantId,
        chargerId: ctx.chargerId,
        ...(ctx.siteId && { siteId: ctx.siteId }),
        correlationId: ctx.correlationId,
        ocppVersion: ctx.ocppVersion,
        idToken: input.idToken,
        action: input.action,
        status: result.status,
        ...(result.expiresAt && { expiresAt: result.expiresAt }),
        ...(result.groupId && { groupId: result.groupId }),
        ...(input.sessionId && { sessionId: input.sessionId }),
        ...(input.evseId !== undefined && { evseId: input.evseId }),
        occurredAt: now.toISOString(),
      },
    },
  ]);
  // A refused start is a failed session of the charger's migration cohort (a refused stop is not).
  if (result.status !== 'Accepted' && input.action !== 'StopTransaction' && deps.cohortCounters)
    await recordCohortActivity(deps as Pick<Dependencies, 'cohortCounters'>, {
      tenantId: ctx.tenantId,
      cohort: ctx.cohort,
      at: now.toISOString(),
      add: { rejectedAuthorizations: 1 },
    });
  return result;
};
