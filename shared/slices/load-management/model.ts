import type { AuditFields } from '../../kernel/model.ts';

export type PhaseCount = 1 | 3;
export type Phase = 'L1' | 'L2' | 'L3';
export const phasesOfGrid: readonly Phase[] = ['L1', 'L2', 'L3'];

/** A feeder or fuse of a site; `parentCircuitId` absent: it hangs on the grid connection itself. */
export interface Circuit {
  readonly circuitId: string;
  /** Per phase. A child may have a higher limit than its parent (oversubscribed feeders): both are enforced. */
  readonly maxCurrentA: number;
  readonly parentCircuitId?: string;
}

/** A site's load-management settings; their presence means the site is managed. */
export interface LoadManagementSettings extends AuditFields {
  readonly tenantId: string;
  readonly siteId: string;
  /** Grid connection limit, per phase. */
  readonly maxCurrentA: number;
  readonly phases: PhaseCount;
  readonly voltageV: number;
  /** Below this an EV is paused rather than given a current (IEC 61851: 6 A). */
  readonly minCurrentA: number;
  readonly circuits: readonly Circuit[];
  /**
   * How long a dynamic TxProfile holds (`validTo`) unless the CSMS renews it; 0: no lease. Absent (settings
   * stored before leases): `defaultLeaseSeconds`.
   */
  readonly leaseSeconds?: number;
}

/** How a charger is wired: what the allocation needs to know of it (stored on the charger). */
export interface ChargerWiring {
  /** Rated current per phase. */
  readonly maxCurrentA?: number;
  readonly phases?: PhaseCount;
  /** For a single-phase charger: the phase of the site it is wired to. */
  readonly phase?: Phase;
  /** The circuit of its site it hangs on; absent: the grid connection itself. */
  readonly circuitId?: string;
}

/**
 * The fail-safe TxDefaultProfile of a charger of a managed site (stored on the charger, so that a boot reads
 * nothing more to send it): the limit planned for it when the site's settings or wiring last changed, and the
 * limit it last accepted.
 */
export interface FailSafeState {
  readonly failSafeLimitA?: number;
  readonly failSafeAcceptedA?: number;
  readonly failSafeAcceptedAt?: string;
}

/** Where a wiring value is missing, the allocation assumes what is safe to assume of most AC chargers. */
export const wiringDefaults = { maxCurrentA: 32, phases: 3 } as const;

/** What `PATCH /v1/chargers/{chargerId}` may change of a charger's wiring (`null` removes). */
export interface WiringChanges {
  readonly maxCurrentA?: number;
  readonly phases?: PhaseCount;
  readonly phase?: Phase | null;
  readonly circuitId?: string | null;
}

/**
 * What became of the last limit sent for a session: `Accepted` / `Rejected` the charger's answer; `Pending` sent
 * and not yet answered (a run that failed mid-way leaves it so: the next run counts the higher of the old and the
 * new limit); `Unanswered` the call timed out or the charger was offline; `Budgeted` the charger rejects every
 * profile: it is counted at its rated current and retried only after a back-off.
 */
export type AllocationStatus = 'Pending' | 'Accepted' | 'Rejected' | 'Unanswered' | 'Budgeted';

/** The limit in force for one running session of a managed site. */
export interface SessionAllocation {
  readonly chargerId: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly sessionId: string;
  /** The charger's transaction id (1.6: the CSMS's integer, as a string). */
  readonly chargerTransactionId: string;
  /** The last limit sent (or, when `Budgeted`, the current it is counted at). */
  readonly limitA: number;
  /** The last limit the charger accepted for this session; absent: none yet (it draws its default). */
  readonly acceptedLimitA?: number;
  readonly validTo?: string;
  readonly sentAt: string;
  readonly status: AllocationStatus;
  /** Profiles rejected in a row; at `rejectingAfter` the charger is flagged and budgeted. */
  readonly rejections: number;
  /** Flagged: the charger rejects every profile; not sent to again before `retryAt`. */
  readonly flagged?: boolean;
  readonly retryAt?: string;
  /** Measured `Current.Import` (per phase, the highest) and since when it stayed below the accepted limit. */
  readonly measuredA?: number;
  readonly underUseSince?: string;
}

/** A site's allocations as the last load-balancing run left them: one item per site. */
export interface SiteAllocations {
  readonly tenantId: string;
  readonly siteId: string;
  readonly allocations: readonly SessionAllocation[];
  /** The pause rotation, passed from run to run. */
  readonly rotation: Readonly<
    Record<string, { readonly state: 'charging' | 'paused'; readonly since: string }>
  >;
  readonly updatedAt: string;
}

/** One limit sent to a charger (the site's history; kept `allocationHistoryRetentionSeconds`). */
export interface AllocationHistoryEntry {
  readonly tenantId: string;
  readonly siteId: string;
  readonly chargerId: string;
  readonly evseId: number;
  readonly sessionId: string;
  readonly limitA: number;
  readonly validTo?: string;
  readonly sentAt: string;
  /** What the charger answered: Accepted, Rejected, Unanswered. */
  readonly status: AllocationStatus;
}

/** The history of limits sent is kept this long (DynamoDB TTL). */
export const allocationHistoryRetentionSeconds = 30 * 24 * 60 * 60;
