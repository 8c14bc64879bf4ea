import type { Actor } from '../../kernel/model.ts';
import { normalizeIdToken, putIdToken } from '../authorization/id-tokens.ts';
import type { IdToken, IdTokenStatus, IdTokenType } from '../authorization/model.ts';
import { isAssignableTariff } from '../billing/tariff-assignment.ts';
import { mapWithConcurrency } from '../chargers/chargers.ts';
import type { Dependencies } from '../dependencies.ts';
import { ensureDriverByExternalRef } from '../drivers/drivers.ts';
import { type ImportRowResult, importConcurrency, rowError } from './model.ts';

/** One row of an id-token import: the token as `PUT /v1/id-tokens/{idToken}` takes it, and its driver. */
export interface IdTokenImportRow {
  readonly idToken: string;
  readonly status: IdTokenStatus;
  readonly type?: IdTokenType | undefined;
  readonly expiresAt?: string | undefined;
  readonly groupId?: string | undefined;
  readonly tariffId?: string | undefined;
  readonly chargingPriority?: number | undefined;
  /** The token's driver by the operator's own id: found, or created with `name` (default: the reference). */
  readonly driver?:
    | {
        readonly externalRef: string;
        readonly name?: string | undefined;
        readonly email?: string | undefined;
      }
    | undefined;
  /** Why the row is not valid, when the caller found it so: the row then fails and nothing is written for it. */
  readonly invalid?: string | undefined;
}

export interface IdTokenImportResult extends ImportRowResult {
  readonly idToken?: string;
  readonly driverId?: string;
  /** The driver was created by this row (else it was found by its external reference). */
  readonly driverCreated?: true;
}

/** Whether the stored token already is what the row asks for (a PUT of it would change nothing). */
export const tokenMatchesRow = (
  token: IdToken,
  row: IdTokenImportRow & { driverId?: string | undefined },
): boolean =>
  token.displayIdToken === row.idToken &&
  token.status === row.status &&
  token.tokenType === (row.type ?? 'ISO14443') &&
  token.expiresAt === (row.expiresAt && new Date(row.expiresAt).toISOString()) &&
  token.groupId === (row.groupId || undefined) &&
  token.tariffId === (row.tariffId || undefined) &&
  token.chargingPriority === row.chargingPriority &&
  token.driverId === row.driverId;

/**
 * Imports id tokens with their drivers, each row on its own: a row that is invalid, repeats a token of the
 * request or names a tariff the tenant does not have fails before anything is written for it. Otherwise its driver
 * is found by external reference or created (`ensureDriverByExternalRef`), then the token is written through the
 * single-token use case (`putIdToken`) unless it already is as asked (`unchanged`: no write). Running the same rows
 * again gives `unchanged` for each and no second driver. Results keep the rows' order, numbered from 1.
 */
export const importIdTokens = async (
  deps: Pick<Dependencies, 'idTokens' | 'tariffs' | 'drivers' | 'clock' | 'ids'>,
  input: { tenantId: string; rows: readonly IdTokenImportRow[]; actor: Actor },
): Promise<IdTokenImportResult[]> => {
  const { tenantId, actor } = input;
  const tariffIds = [...new Set(input.rows.flatMap((row) => (row.tariffId ? [row.tariffId] : [])))];
  const assignable = new Set<string>();
  await mapWithConcurrency(tariffIds, importConcurrency, async (tariffId) => {
    if (await isAssignableTariff(deps, { tenantId, tariffId })) assignable.add(tariffId);
  });
  const seen = new Set<string>();
  const checked = input.rows.map((row, index): IdTokenImportResult | IdTokenImportRow => {
    const number = index + 1;
    if (row.invalid !== undefined) return rowError(number, 'invalid_request', row.invalid);
    const key = normalizeIdToken(row.idToken);
    if (seen.has(key))
      return rowError(number, 'duplicate', `id token ${row.idToken} is repeated in this import`);
    seen.add(key);
    if (row.tariffId && !assignable.has(row.tariffId))
      return rowError(number, 'unknown_tariff', `tariffId: no tariff ${row.tariffId} in this tenant`);
    return row;
  });
  return mapWithConcurrency(checked, importConcurrency, async (row, index): Promise<IdTokenImportResult> => {
    if ('row' in row) return row;
    const number = index + 1;
    const token = row;
    const driver = token.driver
      ? await ensureDriverByExternalRef(deps, {
          tenantId,
          externalRef: token.driver.externalRef,
          name: token.driver.name ?? token.driver.externalRef,
          ...(token.driver.email !== undefined && { email: token.driver.email }),
          actor,
        })
      : undefined;
    const driverId = driver?.driver.driverId;
    const linked = {
      idToken: token.idToken,
      ...(driverId && { driverId }),
      ...(driver?.created && { driverCreated: true as const }),
    };
    const before = await deps.idTokens.get(tenantId, normalizeIdToken(token.idToken));
    if (before && tokenMatchesRow(before, { ...token, driverId }))
      return { row: number, status: 'unchanged', ...linked };
    const { created } = await putIdToken(deps, {
      tenantId,
      idToken: token.idToken,
      status: token.status,
      ...(token.type && { type: token.type }),
      ...(token.expiresAt && { expiresAt: token.expiresAt }),
      ...(token.groupId && { groupId: token.groupId }),
      ...(token.tariffId && { tariffId: token.tariffId }),
      ...(driverId && { driverId }),
      ...(token.chargingPriority !== undefined && { chargingPriority: token.chargingPriority }),
      actor,
    });
    return { row: number, status: created ? 'created' : 'updated', ...linked };
  });
};
