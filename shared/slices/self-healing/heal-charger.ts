import type { ChargerView } from '../chargers/model.ts';
import { type ChargerCallDependencies, requestChargerCall } from '../commands/charger-calls.ts';
import { chargerCommands } from '../commands/command-catalog.ts';
import type { Dependencies } from '../dependencies.ts';
import { activeSessionsOfCharger } from '../transactions/sessions.ts';
import { type ChargerHealth, type HealingStep, nextHealingStep, resetsOf } from './healing-step.ts';
import {
  type AttemptOutcome,
  type AttemptStep,
  defaultSelfHealingSettings,
  type HealingAttempt,
  type SelfHealingSettings,
} from './model.ts';

export type HealDependencies = ChargerCallDependencies &
  Pick<Dependencies, 'selfHealing' | 'incidents' | 'sessions' | 'chargerSessions'>;

export interface HealInput {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The execution: the attempt's id and lock owner. */
  readonly attemptId: string;
  /** When the Faulted status was reported (the event's time). */
  readonly faultedSince: string;
  readonly correlationId: string;
}

/** What the workflow does next: wait that long and call again, or stop. */
export type HealResult =
  | { readonly next: 'wait'; readonly seconds: number }
  | { readonly next: 'done'; readonly outcome: AttemptOutcome | 'superseded' };

/** What the task does with its calls; the actor Reset commands are recorded with. */
export const selfHealingActor = 'self-healing';

/** Statuses of a connector in use: a session may run there even before the platform knows it. */
const inUse = new Set(['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied']);

/** A waiting attempt keeps its lock this much longer than its wait: a workflow that died frees it. */
const leaseMarginSeconds = 600;

/** At most this many decisions per task run: each action is followed by a wait, so a few suffice. */
const maxRounds = 4;

const leaseUntil = (now: Date, seconds: number): string =>
  new Date(now.getTime() + (seconds + leaseMarginSeconds) * 1000).toISOString();

const healthOf = async (
  deps: HealDependencies,
  tenantId: string,
  view: ChargerView | undefined,
): Promise<ChargerHealth> => {
  if (!view) return { faulted: [], transactionRunning: false };
  const faulted = view.connectors
    .filter((connector) => connector.status === 'Faulted')
    .map(({ evseId, connectorId }) => ({ evseId, connectorId }));
  if (view.connectors.some((connector) => inUse.has(connector.status)))
    return { faulted, transactionRunning: true };
  // Only when it matters: one query of the charger's active-session markers, and each marked session.
  if (faulted.length === 0) return { faulted, transactionRunning: false };
  const active = await activeSessionsOfCharger(deps, tenantId, view.charger.chargerId);
  return { faulted, transactionRunning: active.length > 0 };
};

/**
 * One task of the self-healing workflow: takes (or re-takes, on a retry) the charger's attempt, decides the next
 * step with `nextHealingStep`, and carries out what is due. Each action is first recorded on the attempt with a
 * conditional write on the number of steps so far: a retried or duplicate task that finds it recorded does not
 * act again (a reset is sent at most once; a crash between the record and the call loses that reset, never
 * doubles it). A second Faulted event while an attempt runs finds the lock taken and stops at once.
 */
export const healCharger = async (deps: HealDependencies, input: HealInput): Promise<HealResult> => {
  const { tenantId, chargerId, attemptId } = input;
  const settings: SelfHealingSettings =
    (await deps.selfHealing.getSettings(tenantId)) ?? defaultSelfHealingSettings(tenantId);
  let attempt = await deps.selfHealing.getAttempt(tenantId, chargerId);
  if (attempt?.attemptId !== attemptId || attempt.status !== 'running') {
    // A disabled tenant stops here, after one read: no attempt is recorded.
    if (!settings.enabled) return { next: 'done', outcome: 'disabled' };
    if (attempt?.attemptId === attemptId) return { next: 'done', outcome: attempt.outcome ?? 'disabled' };
    const now = deps.clock.now();
    const fresh: HealingAttempt = {
      tenantId,
      chargerId,
      attemptId,
      status: 'running',
      faultedSince: input.faultedSince,
      startedAt: now.toISOString(),
      steps: [],
      leaseUntil: leaseUntil(now, settings.faultedDelaySeconds),
    };
    if (!(await deps.selfHealing.claimAttempt(fresh, now))) return { next: 'done', outcome: 'superseded' };
    attempt = fresh;
  }

  for (let round = 0; round < maxRounds; round += 1) {
    const now = deps.clock.now();
    const view = await deps.chargers.getView(tenantId, chargerId, now);
    const step = nextHealingStep(settings, attempt, await healthOf(deps, tenantId, view), now);
    if (step.kind === 'wait') {
      await deps.selfHealing.renew(tenantId, chargerId, attemptId, leaseUntil(now, step.seconds));
      return { next: 'wait', seconds: step.seconds };
    }
    if (step.kind === 'close') {
      if (step.outcome === 'incident') await openIncident(deps, input, attempt, view);
      await deps.selfHealing.close(tenantId, chargerId, attemptId, {
        outcome: step.outcome,
        closedAt: now.toISOString(),
      });
      return { next: 'done', outcome: step.outcome };
    }
    const recorded: AttemptStep = {
      step: step.kind,
      at: now.toISOString(),
      ...(step.kind === 'openIncident' && { incidentId: deps.ids.next() }),
    };
    const index: number = attempt.steps.length;
    const claimed = await deps.selfHealing.recordStep(
      tenantId,
      chargerId,
      attemptId,
      index,
      recorded,
      leaseUntil(now, settings.rebootWaitSeconds),
    );
    const current: HealingAttempt | undefined = await deps.selfHealing.getAttempt(tenantId, chargerId);
    if (!current || current.attemptId !== attemptId || current.status !== 'running')
      return { next: 'done', outcome: 'superseded' };
    attempt = current;
    // Not ours to carry out: an earlier run of this task recorded it (and carried it out, or crashed doing so).
    if (!claimed) continue;
    if (step.kind === 'softReset' || step.kind === 'hardReset') {
      const completed = await reset(deps, input, view, step, recorded);
      await deps.selfHealing.completeStep(tenantId, chargerId, attemptId, index, completed);
      attempt = { ...attempt, steps: attempt.steps.map((s, i) => (i === index ? completed : s)) };
    }
  }
  // Should not happen (every action is followed by a wait); the workflow calls again shortly.
  return { next: 'wait', seconds: 1 };
};

/** The version-neutral Reset command (soft: 1.6 Soft, 2.0.1 OnIdle; hard: 1.6 Hard, 2.0.1 Immediate). */
const reset = async (
  deps: HealDependencies,
  input: HealInput,
  view: ChargerView | undefined,
  step: Extract<HealingStep, { kind: 'softReset' | 'hardReset' }>,
  recorded: AttemptStep,
): Promise<AttemptStep> => {
  if (!view) return { ...recorded, result: 'notFound' };
  if (!view.connection) return { ...recorded, result: 'offline' };
  const mapping = chargerCommands.reset.toCall(view.connection.ocppVersion, {
    type: step.kind === 'softReset' ? 'soft' : 'hard',
  });
  if (!mapping.ok) return { ...recorded, result: 'invalid' };
  const sent = await requestChargerCall(deps, {
    tenantId: input.tenantId,
    charger: view.charger,
    connection: view.connection,
    action: mapping.call.action,
    payload: mapping.call.payload,
    requestedBy: selfHealingActor,
  });
  return sent.kind === 'sent'
    ? { ...recorded, result: 'sent', commandId: sent.command.commandId }
    : { ...recorded, result: sent.kind };
};

/** Idempotent: the incident's id was chosen with its step; a retry finds it stored and publishes nothing more. */
const openIncident = async (
  deps: HealDependencies,
  input: HealInput,
  attempt: HealingAttempt,
  view: ChargerView | undefined,
): Promise<void> => {
  const incidentId = attempt.steps.at(-1)?.incidentId;
  if (!incidentId) return;
  const openedAt = attempt.steps.at(-1)!.at;
  const siteId = view?.charger.siteId;
  const connectors = (view?.connectors ?? [])
    .filter((connector) => connector.status === 'Faulted')
    .map(({ evseId, connectorId }) => ({ evseId, connectorId }));
  const resets = resetsOf(attempt);
  const opened = await deps.incidents.open({
    tenantId: input.tenantId,
    incidentId,
    kind: 'faulted',
    chargerId: input.chargerId,
    ...(siteId && { siteId }),
    status: 'open',
    attemptId: attempt.attemptId,
    connectors,
    resets,
    faultedSince: attempt.faultedSince,
    openedAt,
  });
  if (!opened) return;
  await deps.events.publish([
    {
      name: 'incidentOpened',
      detail: {
        tenantId: input.tenantId,
        chargerId: input.chargerId,
        ...(siteId && { siteId }),
        occurredAt: openedAt,
        correlationId: input.correlationId,
        incidentId,
        connectors,
        resets,
        faultedSince: attempt.faultedSince,
      },
    },
  ]);
};
