import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createSweepSilentChargersHandler } from '../shared/slices/chargers/sweep-silent-chargers-handler.ts';

export const handler = lambdaEntry(createSweepSilentChargersHandler);
