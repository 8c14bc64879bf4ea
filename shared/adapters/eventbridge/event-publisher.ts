import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { busEventsOf, type DomainEvent } from '../../events/catalog.ts';
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
  /** Also the previous versions of each event (`.v1` twins of `.v2` events). @default true */
  { previousVersions = true }: { readonly previousVersions?: boolean } = {},
): EventPublisher => ({
  async publish(events: readonly DomainEvent[]): Promise<void> {
    // Each event in its current version (and the previous ones still published), checked against its schema.
    const entries: PutEventsRequestEntry[] = events
      .flatMap((event) => busEventsOf(event, { previousVersions }))
      .map((event) => ({
        EventBusName: eventBusName,
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        Time: new Date(event.detail.occurredAt),
      }));
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
