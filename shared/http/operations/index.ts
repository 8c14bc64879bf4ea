import type { Operation } from '../operation.ts';
import { apiKeyOperations } from './api-keys.ts';
import { auditOperations } from './audit.ts';
import { chargerConfigurationOperations } from './charger-configuration.ts';
import { chargerOperations } from './chargers.ts';
import { commandOperations } from './commands.ts';
import { idTokenOperations } from './id-tokens.ts';
import { localListOperations } from './local-list.ts';
import { maintenanceOperations } from './maintenance.ts';
import { reservationOperations } from './reservations.ts';
import { sessionOperations } from './sessions.ts';
import { siteOperations } from './sites.ts';
import { tenantOperations } from './tenants.ts';

/** Every operation, keyed by the topology's operationId; a route without one fails at start-up and in tests. */
export const operations: Record<string, Operation> = {
  ...tenantOperations,
  ...apiKeyOperations,
  ...siteOperations,
  ...auditOperations,
  ...chargerOperations,
  ...commandOperations,
  ...idTokenOperations,
  ...sessionOperations,
  ...reservationOperations,
  ...localListOperations,
  ...chargerConfigurationOperations,
  ...maintenanceOperations,
};
