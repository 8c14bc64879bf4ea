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
  /**
   * Ghost-charger detection: this many authorised sessions in a row that failed on a charger online and
   * Available open a `ghost` incident; 0: off. Absent on settings stored before it: the default.
   */
  readonly ghostSessions?: number;
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
  ghostSessions: defaultGhostSessions,
});

export const defaultGhostSessions = 3;

/** The most sessions a ghost setting may ask for, and so the most outcomes a charger's counter keeps. */
export const maxGhostSessions = 10;

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

/** `faulted`: self-healing could not heal a Faulted charger; `ghost`: an Available charger whose sessions fail. */
export const incidentKinds = ['faulted', 'ghost'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

interface IncidentFields {
  readonly tenantId: string;
  readonly incidentId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly status: IncidentStatus;
  readonly openedAt: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: Actor;
  readonly note?: string;
}

/** A charger self-healing could not heal (stored without `kind` before ghost incidents: read as this one). */
export interface FaultedIncident extends IncidentFields {
  readonly kind: 'faulted';
  readonly attemptId: string;
  readonly connectors: readonly ConnectorRef[];
  readonly resets: number;
  readonly faultedSince: string;
}

/** A charger online and Available whose last authorised sessions all failed (see `ghost-detection.ts`). */
export interface GhostIncident extends IncidentFields {
  readonly kind: 'ghost';
  /** The failed sessions that opened it, newest first. */
  readonly sessionIds: readonly string[];
}

export type Incident = FaultedIncident | GhostIncident;

/** What a session's end says of it, for ghost detection. */
export type SessionOutcome = 'failed' | 'succeeded' | 'unknown';

/** One ended authorised session a charger's ghost counter remembers. */
export interface RecordedOutcome {
  readonly sessionId: string;
  readonly endedAt: string;
  readonly outcome: 'failed' | 'succeeded';
}

/**
 * A charger's ghost counter: its last authorised session outcomes (at most `maxGhostSessions`, newest first,
 * each session once) and its open ghost incident. One small item per charger, written conditionally on
 * `revision` when a session ends.
 */
export interface GhostCounter {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly outcomes: readonly RecordedOutcome[];
  /**
   * The charger's open ghost incident (its id chosen with the write that opens it, so that a retry opens the same
   * one): no second one while it is open.
   */
  readonly openIncident?: {
    readonly incidentId: string;
    readonly openedAt: string;
    readonly sessionIds: readonly string[];
  };
  /** The newest session an incident was opened for: a run of failures counts only the sessions after it. */
  readonly reportedThrough?: string;
  /** 0: never stored. */
  readonly revision: number;
}
