import { maxChargingPriority, minChargingPriority } from '../authorization/model.ts';

/**
 * What the allocation's share weight (`AllocationSession.priority`) takes from a session's chargingPriority
 * (OCPP 2.0.1 semantics, -9…9, default 0, higher = more): the session's vehicle's, else its id token's.
 */

/** Priority steps that double a session's weight: priority 3 gets twice the share of priority 0. */
export const doublingSteps = 3;

/**
 * The share weight of a priority: 2^(p/3), so 0 weighs 1, 3 weighs 2, -3 weighs ½, and 9 weighs 8 times 0 (and
 * 64 times -9). A value outside -9…9 (none is stored: the API refuses it) is taken at the nearest bound.
 */
export const priorityWeight = (priority: number): number => {
  if (!Number.isFinite(priority)) return 1;
  const bounded = Math.min(maxChargingPriority, Math.max(minChargingPriority, Math.round(priority)));
  return 2 ** (bounded / doublingSteps);
};

/** The session's priority: its vehicle's when the vehicle has one, else its id token's, else 0. */
export const sessionPriorityOf = (sources: {
  readonly vehicle?: { readonly chargingPriority?: number } | undefined;
  readonly idToken?: { readonly chargingPriority?: number } | undefined;
}): number => sources.vehicle?.chargingPriority ?? sources.idToken?.chargingPriority ?? 0;
