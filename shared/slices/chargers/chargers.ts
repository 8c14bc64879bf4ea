import { generateChargerPassword, hashChosenSecret, hashSecret } from '../../kernel/credentials.ts';
import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import { isAssignableTariff } from '../billing/tariff-assignment.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  settleWiringChanges,
  siteSettingsForWiring,
  type WiringChanges,
} from '../load-management/charger-wiring.ts';
import type { SettingsIssue } from '../load-management/circuit-tree.ts';
import {
  applyFailSafeDefaults,
  clearFailSafeDefault,
  type FailSafeDependencies,
} from '../load-management/fail-safe.ts';
import type { Charger, ChargerView } from './model.ts';

export type ProvisionResult =
  | { ok: true; chargerId: string; password: string; ocppUrl: string }
  | { ok: false; reason: 'exists' | 'unknown-site' };

/** Ours have 160 bits of entropy (SHA-256 suffices); a chosen one, brought from a legacy CSMS, gets scrypt. */
const passwordHashOf = (password: string, chosen: boolean): Promise<string> =>
  chosen ? hashChosenSecret(password) : Promise.resolve(hashSecret(password));

export const chargerUrl = (ocppBaseUrl: string, tenantId: string, chargerId: string): string =>
  `${ocppBaseUrl}/${encodeURIComponent(tenantId)}/${encodeURIComponent(chargerId)}`;

/**
 * Creates a charger with a fresh Basic-auth password, which is returned once and stored only as a hash. Its site,
 * when given, must exist.
 */
export const provisionCharger = async (
  deps: Pick<Dependencies, 'chargers' | 'sites' | 'clock' | 'settings'> & SiteReplanDependencies,
  input: {
    tenantId: string;
    chargerId: string;
    siteId?: string;
    password?: string;
    cohort?: string;
    actor: Actor;
  },
): Promise<ProvisionResult> => {
  if (input.siteId && !(await deps.sites.get(input.tenantId, input.siteId)))
    return { ok: false, reason: 'unknown-site' };
  const result = await createWithPassword(deps, input);
  if (result.ok && input.siteId) await replanManagedSites(deps, input.tenantId, [input.siteId]);
  return result;
};

type SiteReplanDependencies = FailSafeDependencies & Pick<Dependencies, 'events' | 'ids' | 'clock'>;

/**
 * A charger added to or removed from a managed site changes every charger's share of the site: the fail-safe
 * defaults are planned again (a new charger's default is then installed at its first boot) and the site is
 * re-balanced. A site without load management costs one read.
 */
const replanManagedSites = async (
  deps: SiteReplanDependencies,
  tenantId: string,
  siteIds: readonly string[],
  chargerId?: string,
): Promise<void> => {
  for (const siteId of new Set(siteIds)) {
    const settings = await deps.loadManagement.get(tenantId, siteId);
    if (!settings) continue;
    await applyFailSafeDefaults(deps, { tenantId, siteId, settings });
    await deps.events.publish([
      {
        name: 'loadManagementChanged' as const,
        detail: {
          tenantId,
          siteId,
          change: 'wiring' as const,
          ...(chargerId && { chargerId }),
          occurredAt: deps.clock.now().toISOString(),
          correlationId: deps.ids.next(),
        },
      },
    ]);
  }
};

const createWithPassword = async (
  deps: Pick<Dependencies, 'chargers' | 'clock' | 'settings'>,
  input: {
    tenantId: string;
    chargerId: string;
    siteId?: string | undefined;
    password?: string | undefined;
    cohort?: string | undefined;
    actor: Actor;
  },
): Promise<ProvisionResult> => {
  const at = deps.clock.now().toISOString();
  const password = input.password ?? generateChargerPassword();
  const created = await deps.chargers.create({
    tenantId: input.tenantId,
    chargerId: input.chargerId,
    ...(input.siteId && { siteId: input.siteId }),
    ...(input.cohort && { cohort: input.cohort }),
    passwordHash: await passwordHashOf(password, input.password !== undefined),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  });
  if (!created) return { ok: false, reason: 'exists' };
  return {
    ok: true,
    chargerId: input.chargerId,
    password,
    ocppUrl: chargerUrl(deps.settings.ocppBaseUrl, input.tenantId, input.chargerId),
  };
};

export const getCharger = (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  input: { tenantId: string; chargerId: string },
): Promise<ChargerView | undefined> =>
  deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());

/**
 * A page of the tenant's chargers, of one site when `siteId` is given. `siteIds` is the caller's site limit: only
 * chargers of those sites, never chargers without a site.
 */
export const listChargers = (
  deps: Pick<Dependencies, 'chargers' | 'clock'>,
  input: { tenantId: string; siteId?: string; siteIds?: readonly string[]; limit: number; cursor?: string },
): Promise<Page<ChargerView>> => {
  const { tenantId, siteId, siteIds, ...query } = input;
  if (siteIds && siteId && !siteIds.includes(siteId)) return Promise.resolve({ items: [] });
  // One allowed site, or one asked for: a range query on the index instead of a filter.
  const only = siteId ?? (siteIds?.length === 1 ? siteIds[0] : undefined);
  return deps.chargers.list(
    tenantId,
    { ...query, ...(only ? { siteId: only } : siteIds && { siteIds }) },
    deps.clock.now(),
  );
};

export type UpdateChargerResult =
  | { ok: true; charger: Charger }
  | { ok: false; reason: 'not-found' | 'unknown-site' | 'unknown-tariff' }
  | { ok: false; reason: 'invalid-wiring'; issue: SettingsIssue };

/**
 * Moves a charger to another site (`null`: none), changes its description, its tariff (`null`: none) or its
 * wiring (for load management); a new site must exist, a new tariff too (not deleted), and a circuit must be in
 * the tree of the charger's site.
 */
export const updateCharger = async (
  deps: Pick<Dependencies, 'chargers' | 'sites' | 'tariffs' | 'loadManagement' | 'clock' | 'events' | 'ids'> &
    FailSafeDependencies,
  input: {
    tenantId: string;
    chargerId: string;
    changes: {
      siteId?: string | null;
      description?: string | null;
      tariffId?: string | null;
      cohort?: string | null;
    } & WiringChanges;
    actor: Actor;
  },
): Promise<UpdateChargerResult> => {
  const { siteId, description, tariffId, cohort, ...wiring } = input.changes;
  if (typeof siteId === 'string' && !(await deps.sites.get(input.tenantId, siteId)))
    return { ok: false, reason: 'unknown-site' };
  if (
    typeof tariffId === 'string' &&
    !(await isAssignableTariff(deps, { tenantId: input.tenantId, tariffId }))
  )
    return { ok: false, reason: 'unknown-tariff' };
  const current = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  if (!current) return { ok: false, reason: 'not-found' };
  const targetSite = siteId === undefined ? current.charger.siteId : (siteId ?? undefined);
  const settled = settleWiringChanges(
    current.charger,
    input.changes,
    await siteSettingsForWiring(deps, input.tenantId, targetSite, wiring),
  );
  if (!settled.ok) return { ok: false, reason: 'invalid-wiring', issue: settled.issue };
  const charger = await deps.chargers.update(
    input.tenantId,
    input.chargerId,
    { siteId, description, tariffId, cohort, ...settled.changes },
    { at: deps.clock.now().toISOString(), actor: input.actor },
  );
  if (!charger) return { ok: false, reason: 'not-found' };
  const rewired = siteId !== undefined || Object.keys(settled.changes).length > 0;
  if (rewired) await refreshFailSafeDefaults(deps, input.tenantId, current.charger.siteId, charger);
  // A charger that moves or is rewired changes the load of its site(s): they are re-balanced.
  const sites = new Set([current.charger.siteId, targetSite].filter((site) => site !== undefined));
  if (rewired && sites.size > 0)
    await deps.events.publish(
      [...sites].map((site) => ({
        name: 'loadManagementChanged' as const,
        detail: {
          tenantId: input.tenantId,
          siteId: site,
          change: 'wiring' as const,
          chargerId: input.chargerId,
          occurredAt: deps.clock.now().toISOString(),
          correlationId: deps.ids.next(),
        },
      })),
    );
  return { ok: true, charger };
};

/**
 * A charger rewired or moved changes the fail-safe defaults of its site(s): each managed one is re-planned; a
 * charger that left a managed site for one that is not has its default cleared. Sites without load management
 * cost one read here, and only on a change of wiring or site.
 */
const refreshFailSafeDefaults = async (
  deps: FailSafeDependencies,
  tenantId: string,
  previousSiteId: string | undefined,
  charger: Charger,
): Promise<void> => {
  let managedNow = false;
  for (const siteId of new Set([previousSiteId, charger.siteId])) {
    if (siteId === undefined) continue;
    const settings = await deps.loadManagement.get(tenantId, siteId);
    if (!settings) continue;
    if (siteId === charger.siteId) managedNow = true;
    await applyFailSafeDefaults(deps, { tenantId, siteId, settings });
  }
  if (!managedNow && charger.failSafeLimitA !== undefined)
    await clearFailSafeDefault(deps, { tenantId, chargerId: charger.chargerId });
};

/**
 * A new Basic-auth password, and the live connection, authorized with the old one, is closed: a reset is what an
 * operator does when the old password leaked, which must not keep a charger connected for up to 2 hours. The
 * password goes first, so the charger can only reconnect with the new one.
 */
export const resetChargerPassword = async (
  deps: Pick<Dependencies, 'chargers' | 'channel' | 'clock'>,
  input: { tenantId: string; chargerId: string; password?: string; actor: Actor },
): Promise<{ password: string } | undefined> => {
  const password = input.password ?? generateChargerPassword();
  const hash = await passwordHashOf(password, input.password !== undefined);
  const stored = await deps.chargers.setPassword(input.tenantId, input.chargerId, hash, {
    at: deps.clock.now().toISOString(),
    actor: input.actor,
  });
  if (!stored) return undefined;
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  if (view?.connection) await deps.channel.close(view.connection.connectionId);
  return { password };
};

/** Chargers per page, and connections closed at a time, when a tenant's connections are closed. */
const closingPageSize = 100;
const closingConcurrency = 10;

/**
 * Closes the live connection of every charger of the tenant (for its suspension), page by page through its
 * charger list, which holds each charger's connection: no scan of the table, but in DynamoDB one read per charger
 * (a rare admin action). Returns how many it closed; each `$disconnect` then marks its charger offline.
 */
export const closeTenantConnections = async (
  deps: Pick<Dependencies, 'chargers' | 'channel' | 'clock'>,
  input: { tenantId: string },
): Promise<number> => {
  let closed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.chargers.list(
      input.tenantId,
      { limit: closingPageSize, ...(cursor && { cursor }) },
      deps.clock.now(),
    );
    const connectionIds = page.items.flatMap((view) =>
      view.connection ? [view.connection.connectionId] : [],
    );
    await mapWithConcurrency(connectionIds, closingConcurrency, (connectionId) =>
      deps.channel.close(connectionId),
    );
    closed += connectionIds.length;
    cursor = page.cursor;
  } while (cursor);
  return closed;
};

/**
 * Deletes a charger with its connection and connector states, and closes its live connection. The charger item
 * goes first, so the charger cannot reconnect in between. Its transactions stay, as history.
 */
export const deleteCharger = async (
  deps: Pick<Dependencies, 'chargers' | 'channel' | 'clock'> & SiteReplanDependencies,
  input: { tenantId: string; chargerId: string },
): Promise<boolean> => {
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  if (!view) return false;
  const deleted = await deps.chargers.delete(input.tenantId, input.chargerId);
  if (deleted && view.connection) await deps.channel.close(view.connection.connectionId);
  if (deleted && view.charger.siteId)
    await replanManagedSites(deps, input.tenantId, [view.charger.siteId], input.chargerId);
  return deleted;
};

export interface ImportRow {
  readonly chargerId: string;
  readonly siteId?: string | undefined;
  /** The charger's existing Basic-auth password (a migration); absent: one is generated. */
  readonly password?: string | undefined;
  /** Its migration cohort, if any. */
  readonly cohort?: string | undefined;
  /** Why the row's ids are not valid, when the caller found them so; the row then fails with `invalid_request`. */
  readonly invalid?: string;
}

export type ImportFailureCode = 'invalid_request' | 'duplicate' | 'conflict' | 'unknown_site' | 'forbidden';

export interface ImportResult {
  readonly created: { chargerId: string; password: string; ocppUrl: string }[];
  readonly failed: { chargerId: string; code: ImportFailureCode; message: string }[];
}

/** Parallel conditional puts per import: fast for a fleet, gentle on the table's write capacity. */
export const importConcurrency = 10;

/**
 * Provisions many chargers, each on its own (a conditional put per charger, never all-or-nothing): a repeated id
 * in the rows, an existing charger, an unknown site or a site outside `siteIds` (the caller's site limit) fails
 * that row only. Both lists keep the order of the rows.
 */
export const importChargers = async (
  deps: Pick<Dependencies, 'chargers' | 'sites' | 'clock' | 'settings'> & SiteReplanDependencies,
  input: { tenantId: string; rows: readonly ImportRow[]; siteIds?: readonly string[]; actor: Actor },
): Promise<ImportResult> => {
  const siteIds = [
    ...new Set(input.rows.flatMap((row) => (row.siteId && row.invalid === undefined ? [row.siteId] : []))),
  ];
  const existing = new Set<string>();
  await mapWithConcurrency(siteIds, importConcurrency, async (siteId) => {
    if (await deps.sites.get(input.tenantId, siteId)) existing.add(siteId);
  });

  const seen = new Set<string>();
  type Failure = ImportResult['failed'][number];
  type Outcome = ImportResult['created'][number] | Failure;
  const fail = (chargerId: string, code: ImportFailureCode, message: string): Failure => ({
    chargerId,
    code,
    message,
  });
  const checked = input.rows.map((row): Failure | ImportRow => {
    if (row.invalid !== undefined) return fail(row.chargerId, 'invalid_request', row.invalid);
    if (seen.has(row.chargerId)) return fail(row.chargerId, 'duplicate', 'repeated in this import');
    seen.add(row.chargerId);
    if (input.siteIds && !(row.siteId && input.siteIds.includes(row.siteId)))
      return fail(row.chargerId, 'forbidden', 'this key may only add chargers to its own sites');
    if (row.siteId && !existing.has(row.siteId))
      return fail(row.chargerId, 'unknown_site', `site ${row.siteId} does not exist`);
    return row;
  });
  const outcomes = await mapWithConcurrency(checked, importConcurrency, async (row): Promise<Outcome> => {
    if ('code' in row) return row;
    const result = await createWithPassword(deps, {
      tenantId: input.tenantId,
      chargerId: row.chargerId,
      siteId: row.siteId,
      password: row.password,
      cohort: row.cohort,
      actor: input.actor,
    });
    if (result.ok) return { chargerId: result.chargerId, password: result.password, ocppUrl: result.ocppUrl };
    return fail(row.chargerId, 'conflict', `charger ${row.chargerId} already exists`);
  });
  const created = outcomes.filter((outcome) => 'ocppUrl' in outcome);
  const createdIds = new Set(created.map((outcome) => outcome.chargerId));
  // Once per site of the import, after its rows: not once per charger.
  await replanManagedSites(
    deps,
    input.tenantId,
    checked.flatMap((row) =>
      'code' in row || !row.siteId || !createdIds.has(row.chargerId) ? [] : [row.siteId],
    ),
  );
  return { created, failed: outcomes.filter((outcome) => 'code' in outcome) };
};

/** Runs `work` over the items with at most `limit` at a time; results in the items' order. */
export const mapWithConcurrency = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
