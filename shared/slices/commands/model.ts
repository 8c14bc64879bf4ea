import type { Actor } from '../../kernel/model.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';

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

/** Command records are kept this long (DynamoDB TTL), then expire. */
export const commandRetentionSeconds = 90 * 24 * 60 * 60;
