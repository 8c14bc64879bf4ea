import type { Command, CommandError, PendingCall } from './model.ts';

/** The charger-facing side of API Gateway: `@connections`. */
export interface ChargerChannel {
  /** Closes a connection; succeeds when it is already gone. */
  close(connectionId: string): Promise<void>;
  /** Sends one frame to the charger; throws ChargerGoneError when the connection no longer exists. */
  send(connectionId: string, frame: string): Promise<void>;
}

/** The connection a frame was sent to is gone (API Gateway's 410): the charger is offline. */
export class ChargerGoneError extends Error {
  constructor(readonly connectionId: string) {
    super(`connection ${connectionId} is gone`);
    this.name = 'ChargerGoneError';
  }
}

/** The per-charger slot for the one outstanding CSMS→charger CALL. */
export interface PendingCallStore {
  /**
   * Takes the charger's slot unless a live call holds it. A holder whose time is up, or whose connection is not
   * `call.connectionId` (the charger reconnected and forgot it), is replaced and returned.
   */
  acquire(
    call: PendingCall,
    now: Date,
  ): Promise<{ acquired: true; replaced?: PendingCall } | { acquired: false; holder?: PendingCall }>;
  get(tenantId: string, chargerId: string): Promise<PendingCall | undefined>;
  /** Frees the slot only if it still holds this message id; returns whether it did. */
  release(tenantId: string, chargerId: string, messageId: string): Promise<boolean>;
}

export interface CommandRepository {
  create(command: Command): Promise<void>;
  /** Strongly consistent: the API polls it for the charger's answer. */
  get(tenantId: string, commandId: string): Promise<Command | undefined>;
  /** Records the outcome only while the command is pending; returns the command if this call completed it. */
  complete(
    tenantId: string,
    commandId: string,
    outcome: {
      status: Exclude<Command['status'], 'pending'>;
      response?: Record<string, unknown>;
      error?: CommandError;
      completedAt: string;
    },
  ): Promise<Command | undefined>;
}
