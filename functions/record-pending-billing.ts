import { createDependencies } from '../shared/composition-root.ts';
import { readConfig } from '../shared/config.ts';
import { createRecordPendingBillingHandler } from '../shared/handlers/record-pending-billing.ts';

export const handler = createRecordPendingBillingHandler(createDependencies(readConfig(process.env)));
