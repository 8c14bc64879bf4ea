import type {
  BillingRepository,
  ChargerChannel,
  ChargerRepository,
  Clock,
  ConnectionRegistry,
  EventPublisher,
  IdGenerator,
  TenantRepository,
} from './ports.ts';

export interface Settings {
  readonly heartbeatIntervalSeconds: number;
  /** Charger URL base; a charger's URL is `${ocppBaseUrl}/{tenantId}/{chargerId}`. */
  readonly ocppBaseUrl: string;
  /** SHA-256 (hex) of the platform-admin key; empty: no platform admin. */
  readonly adminKeySha256: string;
}

/** Everything a use case may need; each one asks only for its part with `Pick`. */
export interface Dependencies {
  readonly tenants: TenantRepository;
  readonly chargers: ChargerRepository;
  readonly connections: ConnectionRegistry;
  readonly channel: ChargerChannel;
  readonly events: EventPublisher;
  readonly billing: BillingRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: Settings;
}
