import { idTokenOperations } from '../../slices/authorization/http/id-tokens.ts';
import { chargerOperations } from '../../slices/chargers/http/chargers.ts';
import { commandOperations } from '../../slices/commands/http/commands.ts';
import { chargerConfigurationOperations } from '../../slices/configuration/http/charger-configuration.ts';
import { maintenanceOperations } from '../../slices/firmware/http/maintenance.ts';
import { localListOperations } from '../../slices/local-list/http/local-list.ts';
import { reservationOperations } from '../../slices/reservations/http/reservations.ts';
import { apiKeyOperations } from '../../slices/tenancy/http/api-keys.ts';
import { auditOperations } from '../../slices/tenancy/http/audit.ts';
import { siteOperations } from '../../slices/tenancy/http/sites.ts';
import { tenantOperations } from '../../slices/tenancy/http/tenants.ts';
import { sessionOperations } from '../../slices/transactions/http/sessions.ts';
import type { Operation } from '../operation.ts';

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
