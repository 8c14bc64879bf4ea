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
