import type { AttemptOutcome, ConnectorRef, HealingAttempt, SelfHealingSettings } from './model.ts';

/** What the workflow's task knows of the charger when it decides. */
export interface ChargerHealth {
  /** Connectors whose latest status is Faulted (1.6 StatusNotification, 2.0.1 StatusNotification / NotifyEvent). */
  readonly faulted: readonly ConnectorRef[];
  /** A session of the charger is active, or a connector says it is in use: a reset would cut it. */
  readonly transactionRunning: boolean;
}

export type HealingStep =
  | { readonly kind: 'wait'; readonly seconds: number }
  | { readonly kind: 'softReset' }
  | { readonly kind: 'hardReset' }
  | { readonly kind: 'openIncident' }
  | { readonly kind: 'close'; readonly outcome: AttemptOutcome };

export const resetsOf = (attempt: Pick<HealingAttempt, 'steps'>): number =>
  attempt.steps.filter((step) => step.step === 'softReset' || step.step === 'hardReset').length;

/**
 * The next step of a charger's attempt, from the settings, what the attempt did so far, the charger's state and
 * the time. Checked in this order: turned off, incident opened, a transaction running (never reset one), no
 * connector Faulted any more (recovered: closed silently); then the wait — `faultedDelaySeconds` from the fault,
 * `rebootWaitSeconds` from the last reset — and only then a reset: the first soft, the next hard, at most
 * `maxResets`; after the last one an incident. A retried or duplicate call before the time is up only waits.
 */
export const nextHealingStep = (
  settings: Pick<SelfHealingSettings, 'enabled' | 'faultedDelaySeconds' | 'maxResets' | 'rebootWaitSeconds'>,
  attempt: Pick<HealingAttempt, 'faultedSince' | 'steps'>,
  health: ChargerHealth,
  now: Date,
): HealingStep => {
  if (!settings.enabled) return { kind: 'close', outcome: 'disabled' };
  const last = attempt.steps.at(-1);
  if (last?.step === 'openIncident') return { kind: 'close', outcome: 'incident' };
  if (health.transactionRunning) return { kind: 'close', outcome: 'transaction' };
  if (health.faulted.length === 0) return { kind: 'close', outcome: 'recovered' };
  const dueAt = last
    ? Date.parse(last.at) + settings.rebootWaitSeconds * 1000
    : Date.parse(attempt.faultedSince) + settings.faultedDelaySeconds * 1000;
  const remainingMs = dueAt - now.getTime();
  if (remainingMs > 0) return { kind: 'wait', seconds: Math.ceil(remainingMs / 1000) };
  const resets = resetsOf(attempt);
  if (resets >= settings.maxResets) return { kind: 'openIncident' };
  return resets === 0 ? { kind: 'softReset' } : { kind: 'hardReset' };
};
