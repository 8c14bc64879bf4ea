import type { ProgressAudience } from '../transactions/ports.ts';
import { detailTypesOf } from './model.ts';
import type { WebhookAudience, WebhookRepository } from './ports.ts';

/** What each of the tenant's webhooks subscribes to: one query of its handful of webhooks. */
export const tenantWebhookSubscriptions = async (
  deps: { readonly webhooks: Pick<WebhookRepository, 'listAll'> },
  tenantId: string,
): Promise<readonly (readonly string[])[]> =>
  (await deps.webhooks.listAll(tenantId)).map((webhook) => webhook.events);

/** Whether one of the tenant's webhooks subscribes to TransactionUpdated (either version) or to "*". */
export const progressAudienceOf = (audience: WebhookAudience): ProgressAudience => ({
  listening: (tenantId) => audience.subscribes(tenantId, detailTypesOf('transactionUpdated')),
});

/** For deployments whose own rules on the bus consume every sample (TRANSACTION_UPDATED_FOR_ALL_SESSIONS=1). */
export const everyoneListens: ProgressAudience = { listening: async () => true };
