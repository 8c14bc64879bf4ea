import type { AuditFields } from '../../kernel/model.ts';

/**
 * Statuses a tenant can give an id token: OCPP 2.0.1's AuthorizationStatusEnumType without `ConcurrentTx`,
 * which describes a moment, not a token. 1.6 chargers get them mapped to its five statuses.
 */
export const idTokenStatuses = [
  'Accepted',
  'Blocked',
  'Expired',
  'Invalid',
  'NoCredit',
  'NotAllowedTypeEVSE',
  'NotAtThisLocation',
  'NotAtThisTime',
  'Unknown',
] as const;
export type IdTokenStatus = (typeof idTokenStatuses)[number];

/** OCPP 2.0.1 IdTokenEnumType without `NoAuthorization` (a token that is no token cannot be registered). */
export const idTokenTypes = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
] as const;
export type IdTokenType = (typeof idTokenTypes)[number];

/** OCPP 2.0.1 chargingPriority bounds (IdTokenInfoType): higher values are a higher priority; the default is 0. */
export const minChargingPriority = -9;
export const maxChargingPriority = 9;

/** An identifier (RFID card, app user, eMAID…) and whether it may charge. */
export interface IdToken extends AuditFields {
  readonly tenantId: string;
  /** The identity: OCPP 2.0.1 id tokens are case-insensitive, so it is stored upper-cased. */
  readonly idToken: string;
  /** The token as last written through the API, for display. */
  readonly displayIdToken: string;
  /** Named apart from the table's `type` attribute, which marks the entity. */
  readonly tokenType: IdTokenType;
  readonly status: IdTokenStatus;
  /** From then on an `Accepted` token answers `Expired`. */
  readonly expiresAt?: string;
  /** Parent id tag (1.6) / group id token (2.0.1). */
  readonly groupId?: string;
  /** The tariff of this token's sessions, before the charger's and the site's. */
  readonly tariffId?: string;
  /** The driver the token belongs to (drivers slice). */
  readonly driverId?: string;
  /**
   * OCPP 2.0.1 IdTokenInfo.chargingPriority: -9…9, absent = 0, higher = more. It weighs the token's sessions'
   * share at a load-managed site (a session's vehicle priority wins) and goes to 2.0.1 chargers in IdTokenInfo.
   */
  readonly chargingPriority?: number;
}
