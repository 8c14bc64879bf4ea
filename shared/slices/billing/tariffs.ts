import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ChargingPeriod, OcpiTariff, TariffHead, TariffVersion } from './model.ts';
import { type PricedSession, type PricingInput, priceSession } from './pricing.ts';

type TariffDeps = Pick<Dependencies, 'tariffs' | 'clock'>;

/** A tariff as the API shows it: its latest version and whether it is the tenant's default. */
export interface TariffView {
  readonly head: TariffHead;
  readonly isDefault: boolean;
}

/** Same content, same text: keys sorted, so that field order in a PUT body is no change. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, field) =>
    field && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b)))
      : field,
  );

/** Writes made between our read and our write: retried this often before the PUT answers 409. */
const attempts = 3;

export class TariffWriteConflict extends Error {
  constructor(tariffId: string) {
    super(`tariff ${tariffId} was changed by another request at the same time; retry`);
    this.name = 'TariffWriteConflict';
  }
}

/**
 * Creates or replaces a tariff. A change of its content makes a new version (1, 2, 3…; numbering goes on after
 * a deletion, so a session's tariffId + version always names one content); the same content again (a retried PUT)
 * makes none. `isDefault` makes it the tenant's default, or stops it being so: it is no part of the versions.
 */
export const putTariff = async (
  deps: TariffDeps,
  input: { tenantId: string; tariffId: string; tariff: OcpiTariff; isDefault: boolean; actor: Actor },
): Promise<{ view: TariffView; created: boolean; changed: boolean }> => {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const current = await deps.tariffs.get(input.tenantId, input.tariffId);
    const live = current && current.deletedAt === undefined ? current : undefined;
    let head: TariffHead;
    let changed = false;
    if (live && canonical(live.tariff) === canonical(input.tariff)) head = live;
    else {
      const at = deps.clock.now().toISOString();
      head = {
        tenantId: input.tenantId,
        tariffId: input.tariffId,
        version: (current?.version ?? 0) + 1,
        tariff: input.tariff,
        validFrom: at,
        createdBy: input.actor,
        createdAt: live?.createdAt ?? at,
      };
      if (!(await deps.tariffs.putVersion(head, current?.version ?? 0))) continue;
      changed = true;
    }
    if (input.isDefault) await deps.tariffs.setDefault(input.tenantId, input.tariffId);
    else await deps.tariffs.clearDefault(input.tenantId, input.tariffId);
    return { view: { head, isDefault: input.isDefault }, created: !live, changed };
  }
  throw new TariffWriteConflict(input.tariffId);
};

/** The tariff as it is now; undefined when it does not exist or was deleted. */
export const getTariff = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; tariffId: string },
): Promise<TariffView | undefined> => {
  const [head, defaultId] = await Promise.all([
    deps.tariffs.get(input.tenantId, input.tariffId),
    deps.tariffs.getDefault(input.tenantId),
  ]);
  if (!head || head.deletedAt !== undefined) return undefined;
  return { head, isDefault: defaultId === input.tariffId };
};

export const listTariffs = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<TariffView>> => {
  const { tenantId, ...query } = input;
  const [page, defaultId] = await Promise.all([
    deps.tariffs.list(tenantId, query),
    deps.tariffs.getDefault(tenantId),
  ]);
  return {
    items: page.items.map((head) => ({ head, isDefault: head.tariffId === defaultId })),
    ...(page.cursor && { cursor: page.cursor }),
  };
};

/** Deletes the tariff (no longer the default either); its versions stay for the sessions priced with them. */
export const deleteTariff = async (
  deps: TariffDeps,
  input: { tenantId: string; tariffId: string },
): Promise<TariffView | undefined> => {
  const wasDefault = (await deps.tariffs.getDefault(input.tenantId)) === input.tariffId;
  const head = await deps.tariffs.markDeleted(input.tenantId, input.tariffId, deps.clock.now().toISOString());
  if (!head) return undefined;
  if (wasDefault) await deps.tariffs.clearDefault(input.tenantId, input.tariffId);
  return { head, isDefault: wasDefault };
};

/** The version a session starting at `at` keeps (OCPI: the tariff valid when the session started). */
export const tariffInForceAt = (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; tariffId: string; at: string },
): Promise<TariffVersion | undefined> =>
  deps.tariffs.versionInForceAt(input.tenantId, input.tariffId, new Date(input.at).toISOString());

/** One version of a tariff, deleted tariffs' included: a billed session names its tariffId and version. */
export const getTariffVersion = (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; tariffId: string; version: number },
): Promise<TariffVersion | undefined> =>
  deps.tariffs.getVersion(input.tenantId, input.tariffId, input.version);

/**
 * Prices a session with a tariff of the tenant: the latest version, or the one asked for. Undefined when the
 * tenant has no such tariff (or version). The operator's check of a tariff against a partner's CDR.
 */
export const priceWithTariff = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: {
    tenantId: string;
    tariffId: string;
    version?: number;
    start_date_time: string;
    end_date_time: string;
    charging_periods: readonly ChargingPeriod[];
    timeZone: string;
  },
): Promise<PricedSession | undefined> => {
  let version: TariffVersion | undefined;
  if (input.version === undefined) {
    const head = await deps.tariffs.get(input.tenantId, input.tariffId);
    version = head && head.deletedAt === undefined ? head : undefined;
  } else version = await getTariffVersion(deps, { ...input, version: input.version });
  if (!version) return undefined;
  const pricing: PricingInput = {
    tariff: version.tariff,
    tariffId: version.tariffId,
    tariffVersion: version.version,
    start_date_time: input.start_date_time,
    end_date_time: input.end_date_time,
    charging_periods: input.charging_periods,
    timeZone: input.timeZone,
  };
  return priceSession(pricing);
};
