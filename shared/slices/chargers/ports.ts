import type { Change, Page } from '../../kernel/ports.ts';
import type { WiringChanges } from '../load-management/model.ts';
import type { Tenant } from '../tenancy/model.ts';
import type {
  BootInfo,
  Charger,
  ChargerView,
  Connection,
  ConnectorStatus,
  SilentConnection,
} from './model.ts';

export interface ChargerRepository {
  /** Returns false when the charger id is already taken in the tenant. */
  create(charger: Charger): Promise<boolean>;
  /** Tenant and charger in one round trip, for the `$connect` authorizer. */
  getWithTenant(tenantId: string, chargerId: string): Promise<{ tenant?: Tenant; charger?: Charger }>;
  getView(tenantId: string, chargerId: string, now: Date): Promise<ChargerView | undefined>;
  list(
    tenantId: string,
    /** `siteIds`: only chargers of these sites (a site-limited key); never chargers without a site. */
    query: { siteId?: string; siteIds?: readonly string[]; limit: number; cursor?: string },
    now: Date,
  ): Promise<Page<ChargerView>>;
  /** Applies the changes (`null` removes a field; a new site moves it in the listing index). */
  update(
    tenantId: string,
    chargerId: string,
    changes: {
      siteId?: string | null;
      description?: string | null;
      tariffId?: string | null;
      cohort?: string | null;
    } & WiringChanges,
    change: Change,
  ): Promise<Charger | undefined>;
  /** Replaces the Basic-auth password hash; false when the charger does not exist. */
  setPassword(tenantId: string, chargerId: string, passwordHash: string, change: Change): Promise<boolean>;
  /**
   * Deletes the charger and every item of its partition (connection, connectors, …), the charger item first
   * so that it can no longer connect; returns false when it did not exist.
   */
  delete(tenantId: string, chargerId: string): Promise<boolean>;
  /**
   * Stores boot data; returns the charger's site, its fail-safe default and phases (what the boot sends it,
   * read in the same write), or undefined when the charger does not exist.
   */
  recordBoot(
    tenantId: string,
    chargerId: string,
    boot: BootInfo & { ocppVersion: Charger['ocppVersion']; at: string },
  ): Promise<Pick<Charger, 'siteId' | 'failSafeLimitA' | 'phases'> | undefined>;
  /**
   * Stores a connector status unless a newer one is stored; returns whether it changed and what it was. A
   * stored status dated after `latestValidAt` (the latest time a charger may claim now) counts as older.
   */
  recordConnectorStatus(
    tenantId: string,
    chargerId: string,
    status: ConnectorStatus,
    latestValidAt?: string,
  ): Promise<{
    stored: boolean;
    previousStatus?: string;
    /** The stored status's time and its `uptimeFrom`: where the interval this closes began. */
    previousStatusAt?: string;
    previousUptimeFrom?: string;
  }>;
}

export interface ConnectionRegistry {
  /**
   * Makes this the charger's connection (in the liveness index by its `silentAfter`); returns the one it
   * replaces, if any.
   */
  register(connection: Connection, expiresAt: Date): Promise<Connection | undefined>;
  /**
   * Records activity on the connection if it is still the current one. `connectedAt` (ISO 8601, when known) is
   * when the connection opened: `register` stored `lastSeenAt` then, which a throttle may count as a write.
   * `silentAfter` moves the connection's liveness deadline with the same write.
   */
  touch(
    tenantId: string,
    chargerId: string,
    connectionId: string,
    at: string,
    connectedAt?: string,
    silentAfter?: string,
  ): Promise<void>;
  /**
   * When the charger was last seen once its last connection ended (the item `remove`/`expireSilent` keep), read
   * strongly consistent: a reconnect seconds after a `$disconnect` must see that disconnect's time.
   */
  lastSeenAfterDisconnect(tenantId: string, chargerId: string): Promise<string | undefined>;
  /** Removes the connection only if it is still the current one; a reconnect may have replaced it. */
  remove(tenantId: string, chargerId: string, connectionId: string, at: string): Promise<boolean>;
  /**
   * The tenant's connections whose `silentAfter` is before `now`, oldest deadline first, at most `limit` (read
   * from the liveness index: eventually consistent, so `expireSilent` re-checks each).
   */
  listSilent(tenantId: string, now: string, limit: number): Promise<readonly SilentConnection[]>;
  /**
   * Removes a silent connection if it is still this one with this deadline (a message since then moved the
   * deadline, a reconnect replaced it: then nothing changes, false), keeping its `lastSeenAt` on the charger.
   */
  expireSilent(tenantId: string, connection: SilentConnection): Promise<boolean>;
}

/** What the chargers slice adds to the dependencies. */
export interface ChargersDependencies {
  readonly chargers: ChargerRepository;
  readonly connections: ConnectionRegistry;
}
