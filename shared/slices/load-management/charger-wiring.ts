import type { Charger } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { SettingsIssue } from './circuit-tree.ts';
import type { LoadManagementSettings, WiringChanges } from './model.ts';

export type { WiringChanges } from './model.ts';

/**
 * The wiring changes as they will be stored, or what is wrong with them. A circuit must be one of the tree of
 * the site the charger will be in; a charger moved to another site leaves its circuit behind (it belonged to the
 * old site's tree); `phase` is for single-phase chargers, and a charger made three-phase loses it.
 */
export const settleWiringChanges = (
  charger: Pick<Charger, 'siteId' | 'phases' | 'phase' | 'circuitId'>,
  changes: WiringChanges & { siteId?: string | null },
  siteSettings: Pick<LoadManagementSettings, 'circuits'> | undefined,
): { ok: true; changes: WiringChanges } | { ok: false; issue: SettingsIssue } => {
  const siteId = changes.siteId === undefined ? charger.siteId : (changes.siteId ?? undefined);
  const movesSite = changes.siteId !== undefined && siteId !== charger.siteId;
  const phases = changes.phases ?? charger.phases ?? 3;
  const { circuitId, phase, maxCurrentA } = changes;
  if (typeof circuitId === 'string' && !siteSettings?.circuits.some((c) => c.circuitId === circuitId))
    return {
      ok: false,
      issue: {
        field: 'circuitId',
        message: siteId
          ? `circuit ${circuitId} is not in the load-management tree of site ${siteId}`
          : 'a charger without a site has no circuit',
      },
    };
  if (typeof phase === 'string' && phases !== 1)
    return {
      ok: false,
      issue: { field: 'phase', message: 'phase is for single-phase chargers (phases: 1)' },
    };
  return {
    ok: true,
    changes: {
      ...(maxCurrentA !== undefined && { maxCurrentA }),
      ...(changes.phases !== undefined && { phases: changes.phases }),
      ...(phase !== undefined && { phase }),
      ...(circuitId !== undefined && { circuitId }),
      ...(movesSite && circuitId === undefined && charger.circuitId !== undefined && { circuitId: null }),
      ...(phases === 3 && phase === undefined && charger.phase !== undefined && { phase: null }),
    },
  };
};

/** Reads the settings of the site the charger will be in, when a circuit is to be checked against them. */
export const siteSettingsForWiring = async (
  deps: Pick<Dependencies, 'loadManagement'>,
  tenantId: string,
  siteId: string | undefined,
  changes: WiringChanges,
): Promise<LoadManagementSettings | undefined> =>
  typeof changes.circuitId === 'string' && siteId !== undefined
    ? deps.loadManagement.get(tenantId, siteId)
    : undefined;
