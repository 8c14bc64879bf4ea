import { type EventName, eventCatalog } from '../../events/catalog.ts';

/** Every detail type a webhook may subscribe to: each catalog entry's, and its previous versions still published. */
export const webhookEventTypes: readonly string[] = Object.values(eventCatalog).flatMap((entry) => [
  entry.detailType,
  ...('previous' in entry ? entry.previous.map((version) => version.detailType) : []),
]);

/** The detail types an event is published in: its current one and the previous versions still published. */
export const detailTypesOf = (name: EventName): readonly string[] => {
  const entry = eventCatalog[name];
  return [
    entry.detailType,
    ...('previous' in entry ? entry.previous.map((version) => version.detailType) : []),
  ];
};

export const allEvents = '*';

export const subscribesTo = (events: readonly string[], detailType: string): boolean =>
  events.includes(allEvents) || events.includes(detailType);
