import type { Command, CommandError, PendingCall, QueuedCall } from './model.ts';

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
  /** The calls waiting for the slot, oldest first, at most `limit` (strongly consistent). */
  queued(tenantId: string, chargerId: string, limit: number): Promise<QueuedCall[]>;
  /** Adds a call to the end of the charger's queue (its command id, a ULID, orders it). */
  enqueue(call: QueuedCall): Promise<void>;
  /**
   * Takes a call out of the queue; returns whether this call removed it. Whoever removes a queued call owns it:
   * sends it (holding the slot) or fails it, so it can never go out twice.
   */
  dequeue(tenantId: string, chargerId: string, commandId: string): Promise<boolean>;
}

/** When a charger's queue is to be looked at again: the time-out of the call in its slot. */
export interface CallQueueWake {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The call in the slot when the wake was set; the wake times it out if it is still there. */
  readonly messageId: string;
  /** UTC ISO-8601. */
  readonly at: string;
}

/**
 * Wakes a charger's call queue later, for a time-out nobody else would notice (the caller stopped waiting and
 * others wait behind). At least once, never early; extra wakes are harmless.
 */
export interface CallQueueTimer {
  schedule(wake: CallQueueWake): Promise<void>;
}

export interface CommandRepository {
  create(command: Command): Promise<void>;
  /** Strongly consistent: the API polls it for the charger's answer. */
  get(tenantId: string, commandId: string): Promise<Command | undefined>;
  /** Records that a queued command's CALL goes out now; returns it if it was still queued. */
  markSent(
    tenantId: string,
    commandId: string,
    sent: { sentAt: string; expiresAt: string },
  ): Promise<Command | undefined>;
  /**
   * Records the outcome only while the command is queued or pending; returns the command if this call
   * completed it.
   */
  complete(
    tenantId: string,
    commandId: string,
    outcome: {
      status: Exclude<Command['status'], 'pending' | 'queued'>;
      response?: Record<string, unknown>;
      error?: CommandError;
      completedAt: string;
    },
  ): Promise<Command | undefined>;
}

/** What the commands slice adds to the dependencies. */
export interface CommandsDependencies {
  readonly channel: ChargerChannel;
  /** The charger's call slot and the queue of calls waiting for it. */
  readonly pendingCalls: PendingCallStore;
  /** Wakes a charger's queue when its outstanding call times out. */
  readonly callQueueTimer: CallQueueTimer;
  readonly commands: CommandRepository;
}
