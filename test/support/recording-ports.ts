import { monotonicFactory } from 'ulid';
import type { DomainEvent } from '../../shared/events/catalog.ts';
import type { EventPublisher, IdGenerator } from '../../shared/kernel/ports.ts';
import type { CallQueueWake, ChargerChannel } from '../../shared/slices/commands/ports.ts';
import { ChargerGoneError } from '../../shared/slices/commands/ports.ts';

/**
 * Ports that only record what the domain asked of them, for tests over the real DynamoDB adapters: the
 * charger's side of `@connections`, the bus and the queue timer.
 */
export const recordingChannel = () => {
  const sent: { connectionId: string; frame: unknown[] }[] = [];
  const gone = new Set<string>();
  const closed: string[] = [];
  const channel: ChargerChannel = {
    async close(connectionId) {
      closed.push(connectionId);
    },
    async send(connectionId, frame) {
      if (gone.has(connectionId)) throw new ChargerGoneError(connectionId);
      sent.push({ connectionId, frame: JSON.parse(frame) as unknown[] });
    },
  };
  return {
    channel,
    sent,
    closed,
    /** From now on API Gateway answers 410 Gone for this connection. */
    goneFor: (connectionId: string) => gone.add(connectionId),
    /** The actions sent, in order. */
    actions: () => sent.map(({ frame }) => frame[2] as string),
  };
};

export const recordingEvents = () => {
  const published: DomainEvent[] = [];
  const events: EventPublisher = {
    async publish(batch) {
      published.push(...batch);
    },
  };
  return { events, published };
};

export const recordingCallQueueTimer = () => {
  const wakes: CallQueueWake[] = [];
  return {
    callQueueTimer: {
      async schedule(wake: CallQueueWake) {
        wakes.push(wake);
      },
    },
    wakes,
  };
};

/** ULIDs that sort in the order they are made, even within one millisecond. */
export const ulidIds = (): IdGenerator => {
  const next = monotonicFactory();
  return { next: () => next() };
};
