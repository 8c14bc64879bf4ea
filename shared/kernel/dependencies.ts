import type { Clock, EventPublisher, IdGenerator, Timer } from './ports.ts';

export interface Settings {
  readonly heartbeatIntervalSeconds: number;
  /** Charger URL base; a charger's URL is `${ocppBaseUrl}/{tenantId}/{chargerId}`. */
  readonly ocppBaseUrl: string;
  /** SHA-256 (hex) of the platform-admin key; empty: no platform admin. */
  readonly adminKeySha256: string;
  /** API requests per second of a tenant without a limit of its own. */
  readonly apiRateLimitPerSecond: number;
  /** How long the API waits for a charger's answer before it answers 202 (at most 25: API Gateway's 29 s). */
  readonly commandWaitSeconds: number;
  /** How long a CSMS→charger CALL may stay unanswered before its command times out and frees the slot. */
  readonly commandTimeoutSeconds: number;
  /** How many calls may wait per charger behind the one outstanding; beyond, a request is refused (429). */
  readonly maxQueuedCalls: number;
  /** How far ahead of the server a charger's timestamp may be; a later one is replaced by the time received. */
  readonly maxChargerClockSkewSeconds: number;
  /** The least faulted delay and reboot wait a tenant may set for self-healing (seconds). */
  readonly selfHealingMinWaitSeconds: number;
}

/** What every slice may use: time, ids, events and settings. */
export interface KernelDependencies {
  readonly events: EventPublisher;
  readonly clock: Clock;
  readonly timer: Timer;
  readonly ids: IdGenerator;
  readonly settings: Settings;
}
