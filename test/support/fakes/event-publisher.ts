import type { EventPublisher } from '../../../shared/domain/ports.ts';
import type { DomainEvent } from '../../../shared/events/catalog.ts';
import { eventCatalog } from '../../../shared/events/catalog.ts';

export interface RecordingEventPublisher extends EventPublisher {
  /** Events published so far, as consumers would see them (validated and stripped by their schema). */
  readonly published: readonly DomainEvent[];
}

export const createRecordingEventPublisher = (): RecordingEventPublisher => {
  const published: DomainEvent[] = [];
  return {
    published,
    async publish(events: readonly DomainEvent[]): Promise<void> {
      // Validates all before recording any, like the EventBridge publisher which validates before sending.
      const checked = events.map(
        (event) =>
          ({ name: event.name, detail: eventCatalog[event.name].schema.parse(event.detail) }) as DomainEvent,
      );
      published.push(...checked);
    },
  };
};
