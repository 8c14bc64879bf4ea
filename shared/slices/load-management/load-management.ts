import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import type { Charger } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { circuitTreeIssues, type SettingsIssue } from './circuit-tree.ts';
import { applyFailSafeDefaults, type FailSafeDependencies } from './fail-safe.ts';
import type {
  AllocationHistoryEntry,
  Circuit,
  LoadManagementSettings,
  PhaseCount,
  SessionAllocation,
} from './model.ts';
import { siteChargerViews } from './site-chargers.ts';

export interface LoadManagementInput {
  readonly maxCurrentA: number;
  readonly phases: PhaseCount;
  readonly voltageV: number;
  readonly minCurrentA: number;
  readonly circuits: readonly Circuit[];
  readonly leaseSeconds: number;
}

export type PutLoadManagementResult =
  | { ok: true; settings: LoadManagementSettings; created: boolean }
  | { ok: false; reason: 'unknown-site' }
  | { ok: false; reason: 'invalid'; issues: SettingsIssue[] }
  | { ok: false; reason: 'circuit-in-use'; chargerId: string; circuitId: string };

/** What the tree alone cannot say: a minimum no circuit or grid connection can give. */
const settingsIssues = (input: LoadManagementInput): SettingsIssue[] => [
  ...(input.minCurrentA > input.maxCurrentA
    ? [{ field: 'minCurrentA', message: 'minCurrentA is above the grid connection limit maxCurrentA' }]
    : []),
  ...circuitTreeIssues(input.circuits),
];

/** Every charger of a site. */
export const chargersOfSite = async (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  tenantId: string,
  siteId: string,
): Promise<Charger[]> => (await siteChargerViews(deps, tenantId, siteId)).map((view) => view.charger);

/**
 * Makes the site managed, or replaces its settings. A circuit a charger of the site hangs on cannot be dropped:
 * the charger would silently lose the limit it is protected by. Every charger of the site then gets the
 * fail-safe default of the new settings (fail-safe.ts).
 */
export const putLoadManagement = async (
  deps: Pick<Dependencies, 'sites' | 'chargers' | 'clock' | 'events' | 'ids'> & FailSafeDependencies,
  input: { tenantId: string; siteId: string; settings: LoadManagementInput; actor: Actor },
): Promise<PutLoadManagementResult> => {
  const { tenantId, siteId, actor } = input;
  if (!(await deps.sites.get(tenantId, siteId))) return { ok: false, reason: 'unknown-site' };
  const issues = settingsIssues(input.settings);
  if (issues.length > 0) return { ok: false, reason: 'invalid', issues };
  const circuitIds = new Set(input.settings.circuits.map((circuit) => circuit.circuitId));
  const orphan = (await chargersOfSite(deps, tenantId, siteId)).find(
    (charger) => charger.circuitId !== undefined && !circuitIds.has(charger.circuitId),
  );
  if (orphan)
    return { ok: false, reason: 'circuit-in-use', chargerId: orphan.chargerId, circuitId: orphan.circuitId! };
  const previous = await deps.loadManagement.get(tenantId, siteId);
  const at = deps.clock.now().toISOString();
  const settings: LoadManagementSettings = {
    tenantId,
    siteId,
    ...input.settings,
    createdAt: previous?.createdAt ?? at,
    createdBy: previous?.createdBy ?? actor,
    updatedAt: at,
    updatedBy: actor,
  };
  await deps.loadManagement.put(settings);
  await applyFailSafeDefaults(deps, { tenantId, siteId, settings });
  await publishChanged(deps, { tenantId, siteId, change: 'settings' });
  return { ok: true, settings, created: previous === undefined };
};

/** Limits changed through the API: the load-balancing workflow re-allocates the site. */
const publishChanged = (
  deps: Pick<Dependencies, 'events' | 'clock' | 'ids'>,
  detail: { tenantId: string; siteId: string; change: 'settings' | 'removed' },
): Promise<void> =>
  deps.events.publish([
    {
      name: 'loadManagementChanged',
      detail: { ...detail, occurredAt: deps.clock.now().toISOString(), correlationId: deps.ids.next() },
    },
  ]);

/** The settings and the allocations in force (as the last load-balancing run left them). */
export const getLoadManagement = async (
  deps: Pick<Dependencies, 'loadManagement' | 'allocations'>,
  input: { tenantId: string; siteId: string },
): Promise<{ settings: LoadManagementSettings; allocations: readonly SessionAllocation[] } | undefined> => {
  const [settings, allocations] = await Promise.all([
    deps.loadManagement.get(input.tenantId, input.siteId),
    deps.allocations.get(input.tenantId, input.siteId),
  ]);
  return settings && { settings, allocations: allocations?.allocations ?? [] };
};

/** The limits sent to the site's chargers, newest first (kept `allocationHistoryRetentionSeconds`). */
export const allocationHistory = async (
  deps: Pick<Dependencies, 'loadManagement' | 'allocations' | 'sites'>,
  input: { tenantId: string; siteId: string; limit: number; cursor?: string },
): Promise<Page<AllocationHistoryEntry> | undefined> => {
  if (!(await deps.sites.get(input.tenantId, input.siteId))) return undefined;
  return deps.allocations.history(input.tenantId, input.siteId, {
    limit: input.limit,
    ...(input.cursor && { cursor: input.cursor }),
  });
};

/** Turns load management of the site off, and its chargers' fail-safe defaults with it; false when it was not on. */
export const deleteLoadManagement = async (
  deps: Pick<Dependencies, 'events' | 'clock' | 'ids'> & FailSafeDependencies,
  input: { tenantId: string; siteId: string },
): Promise<boolean> => {
  if (!(await deps.loadManagement.delete(input.tenantId, input.siteId))) return false;
  await applyFailSafeDefaults(deps, { ...input, settings: null });
  await publishChanged(deps, { ...input, change: 'removed' });
  return true;
};
