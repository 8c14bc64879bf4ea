import { busEventsOf, type DomainEvent } from '../../../shared/events/catalog.ts';
import type { EventPublisher } from '../../../shared/kernel/ports.ts';

export interface RecordingEventPublisher extends EventPublisher {
  /** Events published so far, as consumers would see them (validated and stripped by their schema). */
  readonly published: readonly DomainEvent[];
}

export const createRecordingEventPublisher = (): RecordingEventPublisher => {
  const published: DomainEvent[] = [];
  return {
    published,
    async publish(events: readonly DomainEvent[]): Promise<void> {
      // Validates all (in every version published) before recording any, like the EventBridge publisher.
      const checked = events.map(
        (event) => ({ name: event.name, detail: busEventsOf(event)[0]?.detail }) as DomainEvent,
      );
      published.push(...checked);
    },
  };
};
