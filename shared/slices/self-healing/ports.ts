import type { Page } from '../../kernel/ports.ts';
import type {
  AttemptStep,
  GhostCounter,
  HealingAttempt,
  Incident,
  IncidentKind,
  IncidentStatus,
  SelfHealingSettings,
} from './model.ts';

/** A tenant's settings (one item) and each charger's latest attempt (one item, also its lock). */
export interface SelfHealingRepository {
  getSettings(tenantId: string): Promise<SelfHealingSettings | undefined>;
  putSettings(settings: SelfHealingSettings): Promise<void>;
  getAttempt(tenantId: string, chargerId: string): Promise<HealingAttempt | undefined>;
  /**
   * Stores a new running attempt if the charger has none running (none, closed, or its lease lapsed by
   * `now`); false when another attempt holds the charger.
   */
  claimAttempt(attempt: HealingAttempt, now: Date): Promise<boolean>;
  /**
   * Appends a step if the attempt still runs under `attemptId` with exactly `stepsBefore` steps: a retried
   * task that already recorded it gets false and does not act twice.
   */
  recordStep(
    tenantId: string,
    chargerId: string,
    attemptId: string,
    stepsBefore: number,
    step: AttemptStep,
    leaseUntil: string,
  ): Promise<boolean>;
  /** Fills in what became of a recorded step's call (its command id, or why none was sent). */
  completeStep(
    tenantId: string,
    chargerId: string,
    attemptId: string,
    index: number,
    step: AttemptStep,
  ): Promise<void>;
  /** A charger's ghost counter (absent: never written). */
  getGhostCounter(tenantId: string, chargerId: string): Promise<GhostCounter | undefined>;
  /**
   * Stores the counter if the stored one is still at `revision - 1` (none for 1); false when another session end
   * wrote it first (read again and retry).
   */
  putGhostCounter(counter: GhostCounter): Promise<boolean>;
  /** Renews the lease of a running attempt that waits. */
  renew(tenantId: string, chargerId: string, attemptId: string, leaseUntil: string): Promise<boolean>;
  close(
    tenantId: string,
    chargerId: string,
    attemptId: string,
    close: Pick<HealingAttempt, 'outcome' | 'closedAt'>,
  ): Promise<boolean>;
}

export interface IncidentQuery {
  readonly chargerId?: string;
  readonly siteId?: string;
  readonly status?: IncidentStatus;
  readonly kind?: IncidentKind;
  /** Only incidents of these sites (a site-limited key); never incidents of chargers without a site. */
  readonly siteIds?: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

export interface IncidentRepository {
  /** Stores the incident unless one of that id exists; false when it did (a retried step). */
  open(incident: Incident): Promise<boolean>;
  get(tenantId: string, incidentId: string): Promise<Incident | undefined>;
  /** Newest first. */
  list(tenantId: string, query: IncidentQuery): Promise<Page<Incident>>;
  /** Marks an open incident resolved; undefined when there is none of that id, the incident as it is otherwise. */
  resolve(
    tenantId: string,
    incidentId: string,
    resolution: Pick<Incident, 'resolvedAt' | 'resolvedBy' | 'note'>,
  ): Promise<{ incident: Incident; changed: boolean } | undefined>;
}

/**
 * Whether a tenant has self-healing on, asked by the publishers of the events its rules consume (a Faulted
 * status, an authorised session's end): those carry `selfHealing: true` only then, and the rules start nothing
 * for the others (each start is a billed execution that would only read the settings and stop).
 */
export interface SelfHealingAudience {
  enabled(tenantId: string): Promise<boolean>;
  /** The tenant's settings were just written here: the next `enabled` reads them again. */
  forget(tenantId: string): void;
}

export interface SelfHealingDependencies {
  readonly selfHealing: SelfHealingRepository;
  readonly incidents: IncidentRepository;
  /** Whose events start self-healing and ghost-detection executions. */
  readonly selfHealingAudience: SelfHealingAudience;
}
