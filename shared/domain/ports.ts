import type { DomainEvent } from '../events/catalog.ts';
import type { ApiKey, BootInfo, Charger, ChargerView, Connection, ConnectorStatus, Tenant } from './model.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; absent on the last page. */
  readonly cursor?: string;
}

export interface TenantRepository {
  /** Creates the tenant and its first API key together; fails if the tenant id exists. */
  create(tenant: Tenant, firstKey: ApiKey): Promise<void>;
  get(tenantId: string): Promise<Tenant | undefined>;
  getApiKey(tenantId: string, keyId: string): Promise<ApiKey | undefined>;
}

export interface ChargerRepository {
  /** Returns false when the charger id is already taken in the tenant. */
  create(charger: Charger): Promise<boolean>;
  /** Tenant and charger in one round trip, for the `$connect` authorizer. */
  getWithTenant(tenantId: string, chargerId: string): Promise<{ tenant?: Tenant; charger?: Charger }>;
  getView(tenantId: string, chargerId: string, now: Date): Promise<ChargerView | undefined>;
  list(
    tenantId: string,
    query: { siteId?: string; limit: number; cursor?: string },
    now: Date,
  ): Promise<Page<ChargerView>>;
  /** Stores boot data; returns the charger's site, or undefined when the charger does not exist. */
  recordBoot(
    tenantId: string,
    chargerId: string,
    boot: BootInfo & { ocppVersion: Charger['ocppVersion']; at: string },
  ): Promise<{ siteId?: string } | undefined>;
  /**
   * Stores a connector status unless a newer one is stored; returns whether it changed and what it was.
   */
  recordConnectorStatus(
    tenantId: string,
    chargerId: string,
    status: ConnectorStatus,
  ): Promise<{ stored: boolean; previousStatus?: string }>;
}

export interface ConnectionRegistry {
  /** Makes this the charger's connection; returns the one it replaces, if any. */
  register(connection: Connection, expiresAt: Date): Promise<Connection | undefined>;
  /** Records activity on the connection if it is still the current one. */
  touch(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<void>;
  /** Removes the connection only if it is still the current one; a reconnect may have replaced it. */
  remove(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<boolean>;
}

/** The charger-facing side of API Gateway: `@connections`. */
export interface ChargerChannel {
  /** Closes a connection; succeeds when it is already gone. */
  close(connectionId: string): Promise<void>;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface BillingRepository {
  /** Records a finished transaction awaiting pricing; returns false if it was already recorded. */
  recordPending(record: {
    tenantId: string;
    transactionId: string;
    chargerId: string;
    energyWh: number;
    endedAt: string;
    recordedAt: string;
  }): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable unique id (ULID). */
  next(): string;
}
