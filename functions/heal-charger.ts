import { lambdaEntry } from '../shared/handlers/lambda-entry.ts';
import { createHealChargerHandler } from '../shared/slices/self-healing/heal-charger-handler.ts';

export const handler = lambdaEntry(createHealChargerHandler);
