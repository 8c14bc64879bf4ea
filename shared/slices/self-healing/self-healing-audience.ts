import type { SelfHealingRepository } from './ports.ts';

/**
 * Whether the tenant has self-healing on: its stored settings say `enabled` (none stored: off, the default). One
 * read of one small item; the adapter in front of it remembers the answer (`cacheSelfHealingAudience`).
 */
export const tenantHasSelfHealing = async (
  deps: { readonly selfHealing: Pick<SelfHealingRepository, 'getSettings'> },
  tenantId: string,
): Promise<boolean> => (await deps.selfHealing.getSettings(tenantId))?.enabled === true;
