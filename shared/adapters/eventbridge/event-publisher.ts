import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../../events/catalog.ts';
import { eventCatalog } from '../../events/catalog.ts';
import type { EventPublisher } from '../../kernel/ports.ts';

/** PutEvents takes at most 10 entries per call. */
const maxEntriesPerCall = 10;

export class EventPublishError extends Error {
  constructor(readonly failures: readonly { detailType: string; code?: string; message?: string }[]) {
    super(`EventBridge rejected ${failures.length} event(s): ${failures.map((f) => f.code).join(', ')}`);
    this.name = 'EventPublishError';
  }
}

export const createEventBridgePublisher = (
  client: EventBridgeClient,
  eventBusName: string,
): EventPublisher => ({
  async publish(events: readonly DomainEvent[]): Promise<void> {
    const entries: PutEventsRequestEntry[] = events.map((event) => {
      const entry = eventCatalog[event.name];
      // The contract is checked on the way out, so consumers never see a detail that breaks its schema.
      const detail = entry.schema.parse(event.detail);
      return {
        EventBusName: eventBusName,
        Source: entry.source,
        DetailType: entry.detailType,
        Detail: JSON.stringify(detail),
        Time: new Date(detail.occurredAt),
      };
    });
    for (let start = 0; start < entries.length; start += maxEntriesPerCall) {
      const batch = entries.slice(start, start + maxEntriesPerCall);
      const result = await client.send(new PutEventsCommand({ Entries: batch }));
      if (result.FailedEntryCount) {
        const failures = (result.Entries ?? []).flatMap((outcome, index) =>
          outcome.ErrorCode
            ? [
                {
                  detailType: batch[index]?.DetailType ?? '?',
                  code: outcome.ErrorCode,
                  message: outcome.ErrorMessage,
                },
              ]
            : [],
        );
        throw new EventPublishError(failures);
      }
    }
  },
});
