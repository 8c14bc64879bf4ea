import type { Actor } from '../../kernel/model.ts';
import type { Charger } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { circuitTreeIssues, type SettingsIssue } from './circuit-tree.ts';
import { applyFailSafeDefaults, type FailSafeDependencies } from './fail-safe.ts';
import type { Circuit, LoadManagementSettings, PhaseCount } from './model.ts';

export interface LoadManagementInput {
  readonly maxCurrentA: number;
  readonly phases: PhaseCount;
  readonly voltageV: number;
  readonly minCurrentA: number;
  readonly circuits: readonly Circuit[];
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

/** Every charger of a site, page by page (a site has at most a few hundred). */
export const chargersOfSite = async (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  tenantId: string,
  siteId: string,
): Promise<Charger[]> => {
  const chargers: Charger[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.chargers.list(
      tenantId,
      { siteId, limit: 100, ...(cursor && { cursor }) },
      deps.clock.now(),
    );
    chargers.push(...page.items.map((view) => view.charger));
    cursor = page.cursor;
  } while (cursor);
  return chargers;
};

/**
 * Makes the site managed, or replaces its settings. A circuit a charger of the site hangs on cannot be dropped:
 * the charger would silently lose the limit it is protected by. Every charger of the site then gets the
 * fail-safe default of the new settings (fail-safe.ts).
 */
export const putLoadManagement = async (
  deps: Pick<Dependencies, 'sites'> & FailSafeDependencies,
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
  return { ok: true, settings, created: previous === undefined };
};

export const getLoadManagement = (
  deps: Pick<Dependencies, 'loadManagement'>,
  input: { tenantId: string; siteId: string },
): Promise<LoadManagementSettings | undefined> => deps.loadManagement.get(input.tenantId, input.siteId);

/** Turns load management of the site off, and its chargers' fail-safe defaults with it; false when it was not on. */
export const deleteLoadManagement = async (
  deps: FailSafeDependencies,
  input: { tenantId: string; siteId: string },
): Promise<boolean> => {
  if (!(await deps.loadManagement.delete(input.tenantId, input.siteId))) return false;
  await applyFailSafeDefaults(deps, { ...input, settings: null });
  return true;
};
