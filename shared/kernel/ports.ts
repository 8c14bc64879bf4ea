import type { DomainEvent } from '../events/catalog.ts';
import type { Actor } from './model.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; absent on the last page. */
  readonly cursor?: string;
}

/** Raised for a pagination cursor that this tenant's query did not produce. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid for this query');
    this.name = 'InvalidCursorError';
  }
}

/** When and by whom a record is changed: goes to its `updatedAt`/`updatedBy`. */
export interface Change {
  readonly at: string;
  readonly actor: Actor;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Waiting, apart from the clock so that tests can make time pass instead of waiting. */
export interface Timer {
  sleep(milliseconds: number): Promise<void>;
}

export interface IdGenerator {
  /** Sortable unique id (ULID). */
  next(): string;
}
