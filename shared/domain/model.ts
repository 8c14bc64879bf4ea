import type { OcppVersion } from '../ocpp/versions.ts';

export type TenantStatus = 'active' | 'suspended';
export type ApiKeyRole = 'admin' | 'operator' | 'viewer';

/** Who made a change: an API key id, or the charger itself for OCPP-driven changes. */
export type Actor = string;

export interface AuditFields {
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly updatedAt: string;
  readonly updatedBy: Actor;
}

export interface Tenant extends AuditFields {
  readonly tenantId: string;
  readonly name: string;
  readonly status: TenantStatus;
  /** API requests per second for all of the tenant's keys together; absent: the platform default. */
  readonly rateLimitPerSecond?: number;
}

export interface ApiKey extends AuditFields {
  readonly tenantId: string;
  readonly keyId: string;
  /** SHA-256 (hex) of the secret part; the secret itself is shown once and never stored. */
  readonly secretHash: string;
  readonly role: ApiKeyRole;
  /** When set, the key sees only chargers (and their data) of these sites. */
  readonly siteIds?: readonly string[];
  readonly description?: string;
  readonly revokedAt?: string;
}

/** A location chargers belong to; a site-limited API key sees only the chargers of its sites. */
export interface Site extends AuditFields {
  readonly tenantId: string;
  readonly siteId: string;
  readonly name: string;
  /** Grid connection limit for load management. */
  readonly maxPowerKw?: number;
}

/** One successful mutating API call, recorded by the router. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly entryId: string;
  readonly at: string;
  /** The API key id, or `platform-admin`. */
  readonly keyId: Actor;
  readonly method: string;
  /** The route key, e.g. `PATCH /v1/chargers/{chargerId}`. */
  readonly route: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly status: number;
}

/** What the charger told us about itself at boot. */
export interface BootInfo {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  readonly reason?: string;
}

export interface Charger extends AuditFields, Partial<Omit<BootInfo, 'reason'>> {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly description?: string;
  /** SHA-256 (hex) of the charger's Basic-auth password. */
  readonly passwordHash: string;
  readonly ocppVersion?: OcppVersion;
  readonly bootedAt?: string;
  /** Why the charger last booted (2.0.1 only: PowerUp, FirmwareUpdate, …). */
  readonly bootReason?: string;
  /** Last time the charger was heard from, kept when it disconnects. */
  readonly lastSeenAt?: string;
}

export interface Connection {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly connectionId: string;
  readonly ocppVersion: OcppVersion;
  readonly connectedAt: string;
  readonly lastSeenAt: string;
}

/**
 * Status of one connector. OCPP 1.6 has no EVSE level: its connector n is stored as EVSE n, connector 1
 * (connector 0, the charger itself, as EVSE 0 connector 0), which is how 1.6 hardware is built in practice.
 */
export interface ConnectorStatus {
  readonly evseId: number;
  readonly connectorId: number;
  readonly status: string;
  readonly errorCode?: string;
  readonly info?: string;
  /** When the charger says the status began; a late message with an older time changes nothing. */
  readonly statusAt: string;
}

/** A charger as operators see it: identity, boot data, connection state, connector states. */
export interface ChargerView {
  readonly charger: Charger;
  readonly connection?: Connection;
  readonly connectors: readonly ConnectorStatus[];
}

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
}

export type SessionStatus = 'Active' | 'Completed';

/** One sampled value of a meter reading, version-neutral (1.6 and 2.0.1 share these fields). */
export interface SampledValue {
  readonly value: number;
  /** Absent: `Energy.Active.Import.Register`, as in OCPP. */
  readonly measurand?: string;
  /** Absent: `Wh` for energy measurands, as in OCPP. */
  readonly unit?: string;
  /** Power of ten the value is multiplied by (2.0.1 `unitOfMeasure.multiplier`). */
  readonly multiplier?: number;
  readonly phase?: string;
  readonly location?: string;
  readonly context?: string;
}

/** The values a charger sampled at one moment during a session, from the event numbered `seqNo`. */
export interface SessionMeterValue {
  readonly at: string;
  readonly seqNo: number;
  readonly sampledValues: readonly SampledValue[];
}

/** A register reading of active import energy, in Wh, and the event it came from. */
export interface EnergyReading {
  readonly at: string;
  readonly seqNo: number;
  readonly wh: number;
}

/** Where an event stands in a transaction: by the charger's timestamp, then by its sequence number. */
export interface EventPosition {
  readonly at: string;
  readonly seqNo: number;
}

/** A charging session: one transaction of one charger, under a tenant-unique id. */
export interface Session extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS on first sight of the transaction; the charger's id is only unique per charger. */
  readonly sessionId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** The charger's transaction id. */
  readonly transactionId: string;
  readonly status: SessionStatus;
  /** Time of the earliest event of the transaction (the `Started` one, when the charger follows OCPP). */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly stoppedReason?: string;
  readonly evseId?: number;
  readonly connectorId?: number;
  /** The token of the earliest event that carried one, as the charger sent it. */
  readonly idToken?: string;
  readonly idTokenType?: string;
  /** Which event `idToken` came from, so that a late earlier event can replace it. */
  readonly idTokenFrom?: EventPosition;
  readonly remoteStartId?: number;
  /** Last minus first register reading of active import energy. */
  readonly energyWh: number;
  readonly meterStart?: EnergyReading;
  readonly meterStop?: EnergyReading;
  /** Optimistic-locking counter: each stored change increments it. */
  readonly version: number;
}

/**
 * The charger's one outstanding CSMS→charger CALL (OCPP-J allows one per direction). Its holder times out at
 * `expiresAt`; from then on the next command may take the slot.
 */
export interface PendingCall {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly commandId: string;
  /** The OCPP-J message id of the CALL; only an answer with this id completes the command. */
  readonly messageId: string;
  readonly action: string;
  readonly ocppVersion: OcppVersion;
  /** The connection the CALL went out on; a reconnect frees the slot, as the charger forgets the call. */
  readonly connectionId: string;
  readonly expiresAt: string;
}

/**
 * A CSMS→charger call waiting in the charger's queue for its one call slot (OCPP-J: one outstanding CALL per
 * direction). `payload` is what goes out; `connectionId` the connection it was requested for: it never goes
 * out on another one.
 */
export interface QueuedCall {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly commandId: string;
  readonly messageId: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly ocppVersion: OcppVersion;
  readonly connectionId: string;
  readonly queuedAt: string;
  /** The latest it can still be waiting (every call ahead of it timing out); the TTL backstop. */
  readonly expiresAt: string;
}

/** `queued`: waiting behind another call to the charger; `pending`: sent, awaiting the answer. */
export type CommandStatus = 'queued' | 'pending' | 'completed' | 'failed' | 'timeout';

/**
 * Why a command failed: `callError` the charger answered with a CALLERROR, `invalidResponse` its CALLRESULT
 * broke the action's schema, `offline` its connection was gone or replaced before it answered, `sendFailed`
 * the CALL could not be handed to API Gateway.
 */
export interface CommandError {
  readonly kind: 'callError' | 'invalidResponse' | 'offline' | 'sendFailed';
  readonly code: string;
  readonly description: string;
  readonly details?: unknown;
}

/** A CSMS-initiated OCPP call requested through the API, with its outcome. */
export interface Command {
  readonly tenantId: string;
  readonly commandId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly ocppVersion: OcppVersion;
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly messageId: string;
  readonly status: CommandStatus;
  /** The CALLRESULT payload, when completed. */
  readonly response?: Record<string, unknown>;
  readonly error?: CommandError;
  readonly requestedAt: string;
  /** The API key that asked for it. */
  readonly requestedBy: Actor;
  /**
   * Without an answer by then, the command has timed out. While queued: the latest that can be (every call
   * ahead of it timing out); once sent, `sentAt` plus the call timeout.
   */
  readonly expiresAt: string;
  /** When the CALL went out; absent while queued. */
  readonly sentAt?: string;
  readonly completedAt?: string;
}

/** One configuration key as the charger last reported it (OCPP 1.6 GetConfiguration) or accepted a change. */
export interface ReportedConfigurationKey {
  readonly value?: string;
  readonly readonly: boolean;
  readonly reportedAt: string;
}

/** What a charger told about its configuration, merged by key over its answers. */
export interface ChargerConfiguration {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly keys: Readonly<Record<string, ReportedConfigurationKey>>;
  /** Keys the charger said it does not know (GetConfiguration `unknownKey`), sorted. */
  readonly unknownKeys: readonly string[];
  readonly updatedAt: string;
  /** Optimistic-locking counter: each stored change increments it (1: created). */
  readonly revision: number;
}

/**
 * A reservation's stored status. `Requested`: ReserveNow sent, no answer yet; `Active`: the charger accepted
 * it; `Rejected`: it refused (see `chargerStatus`); `Failed`: no answer (offline, CALLERROR, timeout);
 * `Cancelled`; `Used` (a transaction started with it). An active reservation past its expiry shows `Expired`.
 */
export type ReservationStatus = 'Requested' | 'Active' | 'Rejected' | 'Failed' | 'Cancelled' | 'Used';

/** A connector reserved for an id token until `expiresAt` (OCPP 1.6 ReserveNow). */
export interface Reservation extends AuditFields {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** OCPP 1.6 `reservationId`: an integer unique per charger, never reused. */
  readonly reservationId: number;
  /** 0: any connector of the charger. */
  readonly connectorId: number;
  readonly idToken: string;
  readonly parentIdTag?: string;
  readonly expiresAt: string;
  readonly status: ReservationStatus;
  /** The charger's ReserveNow status when it refused (Faulted, Occupied, Rejected, Unavailable). */
  readonly chargerStatus?: string;
  /** The ReserveNow command. */
  readonly commandId?: string;
  /** The charger's transaction that used it. */
  readonly transactionId?: string;
  readonly revision: number;
}

/**
 * The local authorization list a charger holds (OCPP 1.6 SendLocalList), as far as the updates it accepted
 * tell: its version and a fingerprint of each entry (id tag → hash of its idTagInfo), which is all a
 * differential update needs.
 */
export interface LocalListSnapshot {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly version: number;
  readonly entries: Readonly<Record<string, string>>;
  /** Of the last accepted update. */
  readonly updateType: 'Full' | 'Differential';
  readonly updatedAt: string;
  readonly revision: number;
}

/** The snapshot without its entries: what the API shows. */
export interface LocalListSummary {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly version: number;
  readonly entryCount: number;
  readonly updateType: 'Full' | 'Differential';
  readonly updatedAt: string;
}

export type MaintenanceKind = 'firmware' | 'diagnostics';

/** A status a charger reported (FirmwareStatusNotification, DiagnosticsStatusNotification, …). */
export interface MaintenanceStatusEntry {
  readonly status: string;
  readonly at: string;
  /** Security extension: the request the status belongs to. */
  readonly requestId?: number;
}

/** The last firmware update or diagnostics upload asked of a charger. */
export interface MaintenanceRequest {
  /** UpdateFirmware, SignedUpdateFirmware, GetDiagnostics or GetLog. */
  readonly action: string;
  readonly commandId: string;
  readonly requestedAt: string;
  readonly requestedBy: Actor;
  readonly requestId?: number;
  /** The file in the CSMS's file store; absent when the caller gave a location of its own. */
  readonly fileKey?: string;
  /** The charger's answer: GetLog / SignedUpdateFirmware status. */
  readonly answerStatus?: string;
  /** The charger's answer: the file name of GetDiagnostics / GetLog. */
  readonly fileName?: string;
}

/** Firmware or diagnostics state of a charger: the last request and the statuses it reported since. */
export interface MaintenanceState {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly kind: MaintenanceKind;
  readonly status?: string;
  readonly statusAt?: string;
  readonly requestId?: number;
  readonly request?: MaintenanceRequest;
  /** Oldest first, the most recent `maintenanceHistoryLength` only. */
  readonly history: readonly MaintenanceStatusEntry[];
  readonly updatedAt: string;
  readonly revision: number;
}
