import { eventCatalog } from '../../events/catalog.ts';
import { subscribesTo } from './event-types.ts';
import type { WebhookRepository } from './ports.ts';

/** The detail types of a periodic sample's event, current and previous versions. */
const progressTypes = [
  eventCatalog.transactionUpdated.detailType,
  ...eventCatalog.transactionUpdated.previous.map((version) => version.detailType),
];

/** Whether one of the tenant's webhooks subscribes to TransactionUpdated (either version) or to "*". */
export const tenantListensToProgress = async (
  deps: { readonly webhooks: Pick<WebhookRepository, 'listAll'> },
  tenantId: string,
): Promise<boolean> => {
  const all = await deps.webhooks.listAll(tenantId);
  return all.some((webhook) => progressTypes.some((type) => subscribesTo(webhook.events, type)));
};
