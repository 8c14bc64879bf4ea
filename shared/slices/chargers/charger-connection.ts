import { logger } from '../../handlers/logger.ts';
import { parseBasicAuth, secretMatchesStored, type VerifiedSecretCache } from '../../kernel/credentials.ts';
import { isUrlId } from '../../kernel/identifiers.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';
import { negotiateSubprotocol } from '../../ocpp/versions.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordCohortActivity } from '../migration/cohort-report.ts';
import { recordReconnectUptime } from '../uptime/record.ts';
import { silentAfter } from './model.ts';

/** API Gateway cuts every WebSocket after 2 hours; the record outlives that only by a margin, as a TTL backstop. */
export const connectionLifetimeSeconds = 2 * 60 * 60 + 60;

export type ConnectionRefusal = 'bad-credentials' | 'unknown-charger' | 'tenant-suspended';

export type ConnectionAuthorization =
  | {
      allowed: true;
      tenantId: string;
      chargerId: string;
      siteId?: string;
      /** The site is load-managed: the charger has a fail-safe default. */
      loadManaged?: true;
      /** The charger's migration cohort. */
      cohort?: string;
      ocppVersion?: OcppVersion;
    }
  | { allowed: false; reason: ConnectionRefusal };

/**
 * OCPP security profiles 1 and 2: HTTP Basic with username = charger id. The subprotocol is negotiated here
 * too, so that every later frame carries it in the authorizer context instead of costing a read.
 */
export const authorizeChargerConnection = async (
  /** `verifiedSecrets`: the container's cache of scrypt matches (a reconnect then costs no scrypt). */
  deps: Pick<Dependencies, 'chargers'> & { readonly verifiedSecrets?: VerifiedSecretCache },
  input: {
    tenantId: string;
    chargerId: string;
    authorization?: string;
    subprotocols?: string;
    supported: readonly OcppVersion[];
  },
): Promise<ConnectionAuthorization> => {
  // The execute-api endpoint can be called without CloudFront, so its id rule is enforced here too.
  if (!isUrlId(input.tenantId) || !isUrlId(input.chargerId))
    return { allowed: false, reason: 'unknown-charger' };
  const credentials = parseBasicAuth(input.authorization);
  if (!credentials || credentials.username !== input.chargerId)
    return { allowed: false, reason: 'bad-credentials' };
  const { tenant, charger } = await deps.chargers.getWithTenant(input.tenantId, input.chargerId);
  if (!tenant || !charger) return { allowed: false, reason: 'unknown-charger' };
  const matches = deps.verifiedSecrets
    ? await deps.verifiedSecrets.matches(credentials.password, charger.passwordHash)
    : await secretMatchesStored(credentials.password, charger.passwordHash);
  if (!matches) return { allowed: false, reason: 'bad-credentials' };
  if (tenant.status !== 'active') return { allowed: false, reason: 'tenant-suspended' };
  const ocppVersion = negotiateSubprotocol(input.subprotocols, input.supported);
  return {
    allowed: true,
    tenantId: input.tenantId,
    chargerId: input.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    ...(charger.failSafeLimitA !== undefined && { loadManaged: true as const }),
    ...(charger.cohort && { cohort: charger.cohort }),
    ...(ocppVersion && { ocppVersion }),
  };
};

export interface ConnectionInput {
  readonly tenantId: string;
  readonly chargerId: string;
  /** From the authorizer context: a site change applies from the charger's next connection. */
  readonly siteId?: string;
  /** From the authorizer context: the cohort whose daily counters count the connection. */
  readonly cohort?: string;
  readonly connectionId: string;
  readonly correlationId: string;
}

const chargerFields = (input: ConnectionInput) => ({
  tenantId: input.tenantId,
  chargerId: input.chargerId,
  ...(input.siteId && { siteId: input.siteId }),
  connectionId: input.connectionId,
  correlationId: input.correlationId,
});

export const connectCharger = async (
  deps: Pick<Dependencies, 'connections' | 'channel' | 'events' | 'clock' | 'settings'> &
    Partial<Pick<Dependencies, 'cohortCounters' | 'uptimeCounters' | 'sites' | 'chargers'>>,
  input: ConnectionInput & { ocppVersion: OcppVersion },
): Promise<void> => {
  const now = deps.clock.now();
  const at = now.toISOString();
  const { tenantId, chargerId, connectionId, ocppVersion } = input;
  const silent = silentAfter(at, deps.settings.heartbeatIntervalSeconds);
  const previous = await deps.connections.register(
    {
      tenantId,
      chargerId,
      connectionId,
      ocppVersion,
      connectedAt: at,
      lastSeenAt: at,
      ...(silent && { silentAfter: silent }),
    },
    new Date(now.getTime() + connectionLifetimeSeconds * 1000),
  );
  // A charger that reconnects before its old socket died would otherwise keep a half-open twin alive.
  if (previous && previous.connectionId !== input.connectionId)
    await deps.channel.close(previous.connectionId);
  // Uptime: with no connection left to replace, the charger was away since its last disconnect (one small read);
  // only a gap longer than the grace writes anything (`recordReconnectUptime`).
  if (!previous && deps.uptimeCounters && deps.sites && deps.chargers) {
    const lastSeenAt = await deps.connections.lastSeenAfterDisconnect(tenantId, chargerId);
    if (lastSeenAt)
      await recordReconnectUptime(deps as Pick<Dependencies, 'uptimeCounters' | 'sites' | 'chargers'>, {
        tenantId,
        chargerId,
        ...(input.siteId && { siteId: input.siteId }),
        lastSeenAt,
        connectedAt: at,
      });
  }
  await deps.events.publish([
    { name: 'chargerConnected', detail: { ...chargerFields(input), ocppVersion, occurredAt: at } },
  ]);
  if (deps.cohortCounters)
    await recordCohortActivity(deps as Pick<Dependencies, 'cohortCounters'>, {
      tenantId,
      cohort: input.cohort,
      at,
      add: { connections: 1 },
    });
};

export const disconnectCharger = async (
  /** Without cohort counters (a path that knows no cohort: a 410 on a send), nothing is counted. */
  deps: Pick<Dependencies, 'connections' | 'events' | 'clock'> &
    Partial<Pick<Dependencies, 'cohortCounters'>>,
  input: ConnectionInput,
): Promise<{ removed: boolean }> => {
  const at = deps.clock.now().toISOString();
  const removed = await deps.connections.remove(input.tenantId, input.chargerId, input.connectionId, at);
  if (removed) {
    await deps.events.publish([
      { name: 'chargerDisconnected', detail: { ...chargerFields(input), occurredAt: at } },
    ]);
    if (deps.cohortCounters)
      await recordCohortActivity(deps as Pick<Dependencies, 'cohortCounters'>, {
        tenantId: input.tenantId,
        cohort: input.cohort,
        at,
        add: { disconnections: 1 },
      });
  }
  return { removed };
};

/** Silent connections expired per query of the liveness index; the sweep queries again while pages are full. */
export const silentSweepBatch = 100;

/**
 * The liveness sweep of one tenant: every connection past its `silentAfter` (no message for two heartbeat
 * intervals beyond the throttled lastSeenAt write, see `silentAfter`) is removed, if it still is that connection
 * with that deadline, and its charger counts as disconnected: `ChargerDisconnected.v1` with `reason: "silent"`,
 * and its socket, if any is left, closed (its `$disconnect` then finds nothing to remove and publishes nothing).
 */
export const sweepSilentConnections = async (
  deps: Pick<Dependencies, 'connections' | 'channel' | 'events' | 'clock'>,
  input: { tenantId: string; correlationId: string; maxRounds?: number },
): Promise<{ expired: readonly string[] }> => {
  const now = deps.clock.now().toISOString();
  const expired: string[] = [];
  for (let round = 0; round < (input.maxRounds ?? 10); round += 1) {
    const silent = await deps.connections.listSilent(input.tenantId, now, silentSweepBatch);
    for (const connection of silent) {
      if (!(await deps.connections.expireSilent(input.tenantId, connection))) continue;
      expired.push(connection.chargerId);
      await deps.events.publish([
        {
          name: 'chargerDisconnected',
          detail: {
            tenantId: input.tenantId,
            chargerId: connection.chargerId,
            connectionId: connection.connectionId,
            correlationId: input.correlationId,
            reason: 'silent',
            lastSeenAt: connection.lastSeenAt,
            occurredAt: now,
          },
        },
      ]);
      try {
        await deps.channel.close(connection.connectionId);
      } catch (error) {
        logger.warn('could not close a silent connection', {
          tenantId: input.tenantId,
          chargerId: connection.chargerId,
          connectionId: connection.connectionId,
          error,
        });
      }
    }
    if (silent.length < silentSweepBatch) break;
  }
  return { expired };
};
