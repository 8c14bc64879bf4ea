import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import { requireAssignableTariff } from '../billing/tariff-assignment.ts';
import type { Dependencies } from '../dependencies.ts';
import type { IdToken, IdTokenStatus, IdTokenType } from './model.ts';

/**
 * Id tokens the CSMS can store: what OCPP 2.0.1 allows (up to 36 characters) limited to characters that are
 * safe in a URL path and in a key segment (no `#`): RFID UIDs (hex), eMAIDs, UUIDs, MAC addresses, key codes.
 */
export const idTokenPattern = /^[A-Za-z0-9._:*-]{1,36}$/;

export const isStorableIdToken = (idToken: string): boolean => idTokenPattern.test(idToken);

/** OCPP 2.0.1: "IdToken is case insensitive". Stored and looked up upper-cased. */
export const normalizeIdToken = (idToken: string): string => idToken.toUpperCase();

/** A driver to link a token to that the tenant does not have: the request names the field. */
export class UnknownDriverError extends Error {
  constructor(readonly driverId: string) {
    super(`unknown driver ${driverId}`);
    this.name = 'UnknownDriverError';
  }
}

/** Creates or replaces a token; its tariff, if any, must be one of the tenant's (else UnknownTariffError). */
export const putIdToken = async (
  deps: Pick<Dependencies, 'idTokens' | 'tariffs' | 'drivers' | 'clock'>,
  input: {
    tenantId: string;
    idToken: string;
    status: IdTokenStatus;
    type?: IdTokenType;
    expiresAt?: string;
    groupId?: string;
    tariffId?: string;
    driverId?: string;
    chargingPriority?: number;
    actor: Actor;
  },
): Promise<{ token: IdToken; created: boolean }> => {
  await requireAssignableTariff(deps, input);
  if (input.driverId !== undefined && !(await deps.drivers.get(input.tenantId, input.driverId)))
    throw new UnknownDriverError(input.driverId);
  const at = deps.clock.now().toISOString();
  const idToken = normalizeIdToken(input.idToken);
  const before = await deps.idTokens.get(input.tenantId, idToken);
  const put = await deps.idTokens.put({
    tenantId: input.tenantId,
    idToken,
    displayIdToken: input.idToken,
    // A PUT replaces the token: without a type it is an RFID card, the common case.
    tokenType: input.type ?? 'ISO14443',
    status: input.status,
    // UTC, so that expiry compares as a string too.
    ...(input.expiresAt && { expiresAt: new Date(input.expiresAt).toISOString() }),
    ...(input.groupId && { groupId: input.groupId }),
    ...(input.tariffId && { tariffId: input.tariffId }),
    ...(input.driverId && { driverId: input.driverId }),
    ...(input.chargingPriority !== undefined && { chargingPriority: input.chargingPriority }),
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    updatedBy: input.actor,
  });
  // The driver's side of the link (their export and erasure find the token by it), moved with the token.
  if (input.driverId !== undefined) await deps.drivers.linkIdToken(input.tenantId, input.driverId, idToken);
  if (before?.driverId !== undefined && before.driverId !== input.driverId)
    await deps.drivers.unlinkIdToken(input.tenantId, before.driverId, idToken);
  return put;
};

export const getIdToken = (
  deps: Pick<Dependencies, 'idTokens'>,
  input: { tenantId: string; idToken: string },
): Promise<IdToken | undefined> => deps.idTokens.get(input.tenantId, normalizeIdToken(input.idToken));

export const listIdTokens = (
  deps: Pick<Dependencies, 'idTokens'>,
  input: { tenantId: string; limit: number; cursor?: string },
): Promise<Page<IdToken>> => {
  const { tenantId, ...query } = input;
  return deps.idTokens.list(tenantId, query);
};

export const deleteIdToken = async (
  deps: Pick<Dependencies, 'idTokens' | 'drivers'>,
  input: { tenantId: string; idToken: string },
): Promise<IdToken | undefined> => {
  const deleted = await deps.idTokens.delete(input.tenantId, normalizeIdToken(input.idToken));
  if (deleted?.driverId !== undefined)
    await deps.drivers.unlinkIdToken(input.tenantId, deleted.driverId, deleted.idToken);
  return deleted;
};

export interface Authorization {
  /** `Unknown` for a token the tenant does not have; 1.6 chargers get `toOcpp16Status` of it. */
  readonly status: IdTokenStatus;
  /** Until when the charger may cache an accepted token. */
  readonly expiresAt?: string;
  readonly groupId?: string;
  /** The token's chargingPriority, on an accepted token that has one (2.0.1 IdTokenInfo). */
  readonly chargingPriority?: number;
}

/**
 * Whether a token may charge, version-neutral. A token is known by its value and, when the charger says
 * which, its type (OCPP 2.0.1 identifies a token by both): `ISO14443` card `04A1` is not key code `04A1`.
 */
export const authorizeIdToken = async (
  deps: Pick<Dependencies, 'idTokens'>,
  input: { tenantId: string; idToken: string; type?: string; now: Date },
): Promise<Authorization> => {
  if (!isStorableIdToken(input.idToken)) return { status: 'Unknown' };
  const token = await deps.idTokens.get(input.tenantId, normalizeIdToken(input.idToken));
  if (!token || (input.type !== undefined && input.type !== token.tokenType)) return { status: 'Unknown' };
  const groupId = token.groupId && { groupId: token.groupId };
  if (token.status !== 'Accepted') return { status: token.status, ...groupId };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= input.now.getTime()) {
    return { status: 'Expired', ...groupId };
  }
  return {
    status: 'Accepted',
    ...(token.expiresAt && { expiresAt: token.expiresAt }),
    ...groupId,
    ...(token.chargingPriority !== undefined && { chargingPriority: token.chargingPriority }),
  };
};

/** OCPP 1.6 knows Accepted, Blocked, Expired, Invalid and ConcurrentTx; every other refusal is Invalid. */
export const toOcpp16Status = (
  status: IdTokenStatus | 'ConcurrentTx',
): 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx' =>
  status === 'Accepted' || status === 'Blocked' || status === 'Expired' || status === 'ConcurrentTx'
    ? status
    : 'Invalid';
