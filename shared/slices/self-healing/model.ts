import type { Actor } from '../../kernel/model.ts';

/** A tenant's self-healing settings (PUT /v1/self-healing); off by default. */
export interface SelfHealingSettings {
  readonly tenantId: string;
  readonly enabled: boolean;
  /** How long a connector must stay Faulted before the first reset. */
  readonly faultedDelaySeconds: number;
  /** Most resets of one attempt: the first soft, the others hard; still Faulted after the last: an incident. */
  readonly maxResets: number;
  /** How long a reset charger is given to reboot and report its connectors before the next step. */
  readonly rebootWaitSeconds: number;
  readonly updatedAt?: string;
  readonly updatedBy?: Actor;
}

/** What a tenant that never set anything has: off. */
export const defaultSelfHealingSettings = (tenantId: string): SelfHealingSettings => ({
  tenantId,
  enabled: false,
  faultedDelaySeconds: 300,
  maxResets: 2,
  rebootWaitSeconds: 180,
});

export interface ConnectorRef {
  readonly evseId: number;
  readonly connectorId: number;
}

export type HealingAction = 'softReset' | 'hardReset' | 'openIncident';

/** One step an attempt took, recorded (conditionally, by position) before it is carried out. */
export interface AttemptStep {
  readonly step: HealingAction;
  readonly at: string;
  /** Resets: the command of the Reset call (absent: the charger was offline or its queue full). */
  readonly commandId?: string;
  /** Resets: what became of the call when it was requested. */
  readonly result?: 'sent' | 'offline' | 'queueFull' | 'invalid' | 'notFound';
  /** openIncident: the incident's id, chosen when the step is recorded so that a retry opens the same one. */
  readonly incidentId?: string;
}

export type AttemptOutcome = 'recovered' | 'transaction' | 'disabled' | 'incident';

/**
 * A charger's latest self-healing attempt: one item per charger, which is also its lock (one attempt running
 * per charger). A running attempt whose lease lapsed (its workflow died) may be replaced.
 */
export interface HealingAttempt {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The execution that runs it. */
  readonly attemptId: string;
  readonly status: 'running' | 'closed';
  /** When the Faulted status that started it was reported. */
  readonly faultedSince: string;
  readonly startedAt: string;
  readonly steps: readonly AttemptStep[];
  readonly leaseUntil: string;
  readonly outcome?: AttemptOutcome;
  readonly closedAt?: string;
}

export type IncidentStatus = 'open' | 'resolved';

/** A charger self-healing could not heal. */
export interface Incident {
  readonly tenantId: string;
  readonly incidentId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly status: IncidentStatus;
  readonly attemptId: string;
  readonly connectors: readonly ConnectorRef[];
  readonly resets: number;
  readonly faultedSince: string;
  readonly openedAt: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: Actor;
  readonly note?: string;
}
