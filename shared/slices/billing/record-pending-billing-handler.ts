import { eventCatalog } from '../../events/catalog.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordPendingBilling } from '../smart-charging/load-site-chargers.ts';

/** Input is the TransactionEnded detail; the event contract is validated on the way in too. */
export const createRecordPendingBillingHandler = (deps: Dependencies) => async (input: unknown) => {
  const detail = eventCatalog.transactionEnded.schema.parse(input);
  return recordPendingBilling(deps.forTenant(detail.tenantId), {
    tenantId: detail.tenantId,
    sessionId: detail.sessionId,
    chargerId: detail.chargerId,
    energyWh: detail.energyWh,
    endedAt: detail.endedAt,
  });
};
