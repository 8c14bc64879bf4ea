import { authorizationManifest } from '../slices/authorization/manifest.ts';
import { availabilityManifest } from '../slices/availability/manifest.ts';
import { billingManifest } from '../slices/billing/manifest.ts';
import { certificatesManifest } from '../slices/certificates/manifest.ts';
import { chargersManifest } from '../slices/chargers/manifest.ts';
import { commandsManifest } from '../slices/commands/manifest.ts';
import { configurationManifest } from '../slices/configuration/manifest.ts';
import { customerInformationManifest } from '../slices/customer-information/manifest.ts';
import { deviceModelManifest } from '../slices/device-model/manifest.ts';
import { displayMessagesManifest } from '../slices/display-messages/manifest.ts';
import { driversManifest } from '../slices/drivers/manifest.ts';
import { firmwareManifest } from '../slices/firmware/manifest.ts';
import { loadManagementManifest } from '../slices/load-management/manifest.ts';
import { localListManifest } from '../slices/local-list/manifest.ts';
import { migrationManifest } from '../slices/migration/manifest.ts';
import { reservationsManifest } from '../slices/reservations/manifest.ts';
import { securityManifest } from '../slices/security/manifest.ts';
import { selfHealingManifest } from '../slices/self-healing/manifest.ts';
import { smartChargingManifest } from '../slices/smart-charging/manifest.ts';
import { tenancyManifest } from '../slices/tenancy/manifest.ts';
import { transactionsManifest } from '../slices/transactions/manifest.ts';
import { uptimeManifest } from '../slices/uptime/manifest.ts';
import { webhooksManifest } from '../slices/webhooks/manifest.ts';

/** Every slice's manifest: the one list the topology is built from (a new slice adds one line). */
export const manifests = [
  tenancyManifest,
  chargersManifest,
  securityManifest,
  authorizationManifest,
  transactionsManifest,
  commandsManifest,
  configurationManifest,
  deviceModelManifest,
  displayMessagesManifest,
  customerInformationManifest,
  reservationsManifest,
  localListManifest,
  firmwareManifest,
  billingManifest,
  smartChargingManifest,
  driversManifest,
  loadManagementManifest,
  webhooksManifest,
  selfHealingManifest,
  certificatesManifest,
  availabilityManifest,
  migrationManifest,
  uptimeManifest,
] as const;
