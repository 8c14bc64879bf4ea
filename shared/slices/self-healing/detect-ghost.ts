import type { Dependencies } from '../dependencies.ts';
import {
  type ChargerPresence,
  type EndedSession,
  failedRun,
  ghostDecision,
  recordOutcome,
  sessionOutcome,
} from './ghost-detection.ts';
import { selfHealingActor } from './heal-charger.ts';
import { defaultGhostSessions, type GhostCounter } from './model.ts';

export type GhostDependencies = Pick<
  Dependencies,
  'selfHealing' | 'incidents' | 'chargers' | 'events' | 'clock' | 'ids'
>;

export interface GhostInput extends EndedSession {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly sessionId: string;
  readonly endedAt: string;
  readonly correlationId: string;
}

export type GhostResult = 'ignored' | 'off' | 'duplicate' | 'counted' | 'opened' | 'resolved' | 'conflict';

/** Statuses of a charger that says it cannot be used (Faulted: self-healing's own case). */
const unusable = new Set(['Faulted', 'Unavailable']);

/** Conditional writes lost to concurrent session ends of the same charger before giving up (the task retries). */
const maxWrites = 5;

/** Without `undefined` fields: the document client refuses them. */
const storable = ({ openIncident, reportedThrough, ...rest }: GhostCounter): GhostCounter => ({
  ...rest,
  ...(openIncident && { openIncident }),
  ...(reportedThrough !== undefined && { reportedThrough }),
});

/**
 * A session ended: its outcome goes to the charger's ghost counter (one read and one conditional write per
 * authorised session end of a tenant with detection on; a session seen already changes nothing), then
 * `ghostDecision` says whether to open a ghost incident or resolve the open one. The incident's id is chosen in
 * the counter write that opens it, so a retry after a crash opens that same one (`incidents.open` is
 * conditional) and publishes at most once more; a resolve happens before the write that forgets it.
 */
export const detectGhost = async (deps: GhostDependencies, input: GhostInput): Promise<GhostResult> => {
  const outcome = sessionOutcome(input);
  if (outcome === 'unknown') return 'ignored';
  const { tenantId, chargerId } = input;
  const settings = await deps.selfHealing.getSettings(tenantId);
  const ghostSessions = settings?.ghostSessions ?? defaultGhostSessions;
  if (!settings?.enabled || ghostSessions === 0) return 'off';

  for (let write = 0; write < maxWrites; write += 1) {
    const stored = await deps.selfHealing.getGhostCounter(tenantId, chargerId);
    const before: GhostCounter = stored ?? { tenantId, chargerId, outcomes: [], revision: 0 };
    const recorded = recordOutcome(before, {
      sessionId: input.sessionId,
      endedAt: input.endedAt,
      outcome,
    });
    if (!recorded.changed) {
      // A repeat; finish an incident a crashed run claimed but did not store.
      if (before.openIncident) await openIncident(deps, input, before.openIncident, ghostSessions);
      return 'duplicate';
    }
    let counter: GhostCounter = { ...recorded.counter, revision: before.revision + 1 };
    if (counter.openIncident) {
      const incident = await deps.incidents.get(tenantId, counter.openIncident.incidentId);
      // Resolved by an operator: forgotten; the next incident needs ghostSessions new failures.
      if (incident?.status === 'resolved') counter = { ...counter, openIncident: undefined };
    }
    const needsCharger = !counter.openIncident && failedRun(counter).length >= ghostSessions;
    const charger = needsCharger ? await presenceOf(deps, tenantId, chargerId) : undefined;
    const decision = ghostDecision({ ghostSessions, counter, ...(charger && { charger }) });
    const now = deps.clock.now().toISOString();
    if (decision.action === 'open') {
      const claimed = { incidentId: deps.ids.next(), openedAt: now, sessionIds: decision.sessionIds };
      counter = { ...counter, openIncident: claimed, reportedThrough: decision.sessionIds[0] };
      if (!(await deps.selfHealing.putGhostCounter(storable(counter)))) continue;
      await openIncident(deps, input, claimed, ghostSessions);
      return 'opened';
    }
    if (decision.action === 'resolve') {
      await resolveGhost(deps, input, decision.incidentId, now);
      counter = { ...counter, openIncident: undefined };
      if (!(await deps.selfHealing.putGhostCounter(storable(counter)))) continue;
      return 'resolved';
    }
    if (await deps.selfHealing.putGhostCounter(storable(counter))) return 'counted';
  }
  return 'conflict';
};

const presenceOf = async (
  deps: GhostDependencies,
  tenantId: string,
  chargerId: string,
): Promise<ChargerPresence | undefined> => {
  const view = await deps.chargers.getView(tenantId, chargerId, deps.clock.now());
  if (!view) return undefined;
  return {
    online: view.connection !== undefined,
    available: !view.connectors.some((connector) => unusable.has(connector.status)),
  };
};

const openIncident = async (
  deps: GhostDependencies,
  input: GhostInput,
  claimed: NonNullable<GhostCounter['openIncident']>,
  ghostSessions: number,
): Promise<void> => {
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  const siteId = view?.charger.siteId;
  const opened = await deps.incidents.open({
    tenantId: input.tenantId,
    incidentId: claimed.incidentId,
    kind: 'ghost',
    chargerId: input.chargerId,
    ...(siteId && { siteId }),
    status: 'open',
    sessionIds: claimed.sessionIds,
    openedAt: claimed.openedAt,
  });
  if (!opened) return;
  await deps.events.publish([
    {
      name: 'ghostIncidentOpened',
      detail: {
        tenantId: input.tenantId,
        chargerId: input.chargerId,
        ...(siteId && { siteId }),
        occurredAt: claimed.openedAt,
        correlationId: input.correlationId,
        incidentId: claimed.incidentId,
        sessionIds: [...claimed.sessionIds],
        ghostSessions,
      },
    },
  ]);
};

/** A successful session after the incident: resolved by self-healing, once (a repeat publishes nothing). */
const resolveGhost = async (
  deps: GhostDependencies,
  input: GhostInput,
  incidentId: string,
  at: string,
): Promise<void> => {
  const note = `session ${input.sessionId} succeeded`;
  const resolved = await deps.incidents.resolve(input.tenantId, incidentId, {
    resolvedAt: at,
    resolvedBy: selfHealingActor,
    note,
  });
  if (!resolved?.changed) return;
  await deps.events.publish([
    {
      name: 'incidentResolved',
      detail: {
        tenantId: input.tenantId,
        chargerId: input.chargerId,
        ...(resolved.incident.siteId && { siteId: resolved.incident.siteId }),
        occurredAt: at,
        correlationId: input.correlationId,
        incidentId,
        resolvedBy: selfHealingActor,
        note,
        kind: 'ghost',
      },
    },
  ]);
};
