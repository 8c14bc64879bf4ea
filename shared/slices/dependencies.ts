import type { KernelDependencies } from '../kernel/dependencies.ts';
import type { AuthorizationDependencies } from './authorization/ports.ts';
import type { BillingDependencies } from './billing/ports.ts';
import type { CertificatesDependencies } from './certificates/ports.ts';
import type { ChargersDependencies } from './chargers/ports.ts';
import type { CommandsDependencies } from './commands/ports.ts';
import type { ConfigurationDependencies } from './configuration/ports.ts';
import type { CustomerInformationDependencies } from './customer-information/ports.ts';
import type { DeviceModelDependencies } from './device-model/ports.ts';
import type { DisplayMessagesDependencies } from './display-messages/ports.ts';
import type { DriversDependencies } from './drivers/ports.ts';
import type { FirmwareDependencies } from './firmware/ports.ts';
import type { LoadManagementDependencies } from './load-management/ports.ts';
import type { LocalListDependencies } from './local-list/ports.ts';
import type { MigrationDependencies } from './migration/ports.ts';
import type { ReservationsDependencies } from './reservations/ports.ts';
import type { SelfHealingDependencies } from './self-healing/ports.ts';
import type { SmartChargingDependencies } from './smart-charging/ports.ts';
import type { TenancyDependencies } from './tenancy/ports.ts';
import type { TransactionsDependencies } from './transactions/ports.ts';
import type { UptimeDependencies } from './uptime/ports.ts';
import type { WebhooksDependencies } from './webhooks/ports.ts';

export type { Settings } from '../kernel/dependencies.ts';

/**
 * Everything a use case may need: the kernel's and each slice's own ports, composed. A use case asks only for
 * its part with `Pick`; a slice adds its ports in its own `ports.ts` and one line here.
 */
export interface Dependencies
  extends KernelDependencies,
    TenancyDependencies,
    ChargersDependencies,
    AuthorizationDependencies,
    TransactionsDependencies,
    CommandsDependencies,
    BillingDependencies,
    ConfigurationDependencies,
    ReservationsDependencies,
    LocalListDependencies,
    FirmwareDependencies,
    DriversDependencies,
    DeviceModelDependencies,
    DisplayMessagesDependencies,
    CustomerInformationDependencies,
    LoadManagementDependencies,
    SmartChargingDependencies,
    WebhooksDependencies,
    SelfHealingDependencies,
    CertificatesDependencies,
    MigrationDependencies,
    UptimeDependencies {
  /**
   * The dependencies of one tenant, for the functions that serve it (tenant API, `$default`, workflow tasks):
   * their table access is confined to that tenant's keys by IAM (the tenant role) or, locally, by the transport.
   * Built once per tenant and container; what is chosen for it is the composition root's business.
   */
  readonly forTenant: (tenantId: string) => Dependencies;
}
