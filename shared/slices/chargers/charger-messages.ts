import { logger } from '../../handlers/logger.ts';
import { latestChargerTime } from '../../ocpp/charger-time.ts';
import type { OcppContext } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { uptimeStartOf } from '../uptime/model.ts';
import { recordStatusUptime } from '../uptime/record.ts';
import { chargerTime } from './charger-clock.ts';
import { type BootInfo, type ConnectorStatus, silentAfter } from './model.ts';

/** The charger side of every OCPP message: who sent it, over which connection, with the site it belongs to. */
export type ChargerMessageContext = OcppContext;

const chargerFields = (ctx: ChargerMessageContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  ...(ctx.siteId && { siteId: ctx.siteId }),
  ...(ctx.loadManaged && { loadManaged: true as const }),
  correlationId: ctx.correlationId,
});

export interface BootResult {
  readonly status: 'Accepted' | 'Rejected';
  readonly currentTime: string;
  readonly intervalSeconds: number;
  /** Accepted, of a managed site: the limit of its fail-safe default, which the boot sends after its answer. */
  readonly failSafeLimitA?: number;
}

export const registerBoot = async (
  deps: Pick<Dependencies, 'chargers' | 'events' | 'clock' | 'settings'>,
  ctx: ChargerMessageContext,
  boot: BootInfo,
): Promise<BootResult> => {
  const currentTime = deps.clock.now().toISOString();
  const stored = await deps.chargers.recordBoot(ctx.tenantId, ctx.chargerId, {
    ...boot,
    ocppVersion: ctx.ocppVersion,
    at: currentTime,
  });
  // Deleted while connected: tell it to retry later rather than accept a charger we no longer manage.
  if (!stored)
    return { status: 'Rejected', currentTime, intervalSeconds: deps.settings.heartbeatIntervalSeconds };
  await deps.events.publish([
    {
      name: 'chargerBooted',
      detail: {
        ...chargerFields({ ...ctx, loadManaged: undefined }),
        ...(stored.siteId && { siteId: stored.siteId }),
        // The boot read the charger: its fail-safe default says now whether its site is managed.
        ...(stored.failSafeLimitA !== undefined && { loadManaged: true as const }),
        ocppVersion: ctx.ocppVersion,
        ...boot,
        occurredAt: currentTime,
      },
    },
  ]);
  return {
    status: 'Accepted',
    currentTime,
    intervalSeconds: deps.settings.heartbeatIntervalSeconds,
    ...(stored.failSafeLimitA !== undefined && { failSafeLimitA: stored.failSafeLimitA }),
  };
};

export const recordHeartbeat = async (
  deps: Pick<Dependencies, 'connections' | 'clock' | 'settings'>,
  ctx: ChargerMessageContext,
): Promise<{ currentTime: string }> => {
  const currentTime = deps.clock.now().toISOString();
  await touchConnection(deps, ctx, currentTime);
  return { currentTime };
};

const touchConnection = (
  deps: Pick<Dependencies, 'connections' | 'settings'>,
  ctx: Pick<ChargerMessageContext, 'tenantId' | 'chargerId' | 'connectionId' | 'connectedAt'>,
  at: string,
) =>
  deps.connections.touch(
    ctx.tenantId,
    ctx.chargerId,
    ctx.connectionId,
    at,
    ctx.connectedAt,
    silentAfter(at, deps.settings.heartbeatIntervalSeconds),
  );

/**
 * Any frame of the charger shows it is alive: OCPP lets a busy charger skip Heartbeats while it sends other
 * messages, so each frame refreshes `lastSeenAt` and the liveness deadline (throttled like Heartbeats: a
 * frame within the write interval of the last write costs nothing).
 */
export const recordChargerActivity = (
  deps: Pick<Dependencies, 'connections' | 'settings'>,
  ctx: Pick<ChargerMessageContext, 'tenantId' | 'chargerId' | 'connectionId' | 'connectedAt' | 'receivedAt'>,
): Promise<void> => touchConnection(deps, ctx, ctx.receivedAt);

/**
 * Stores a connector's status unless a newer one is (by the charger's time, bounded: see `chargerTime`), and
 * publishes a change (a Faulted one with `selfHealing` when the tenant has it on: `selfHealingAudience`). Ids
 * are checked by the version's handler, with the version's field names. Returns the
 * status's time and whether it repeats the stored status (a repeat is no news to anyone).
 */
export const recordConnectorStatus = async (
  deps: Pick<
    Dependencies,
    'chargers' | 'events' | 'clock' | 'settings' | 'uptimeCounters' | 'sites' | 'selfHealingAudience'
  >,
  ctx: ChargerMessageContext,
  status: Omit<ConnectorStatus, 'statusAt'> & { statusAt?: string },
): Promise<{ statusAt: string; repeated: boolean }> => {
  // 1.6 makes the timestamp optional; the time we received it is the best we know then. Normalized to UTC
  // so that the stored times compare as strings.
  const statusAt = chargerTime(deps, ctx, 'timestamp', status.statusAt);
  // Uptime counts a status stamped before the connection it came over from that connection's start.
  const uptimeFrom = uptimeStartOf(statusAt, ctx.connectedAt);
  const result = await deps.chargers.recordConnectorStatus(
    ctx.tenantId,
    ctx.chargerId,
    { ...status, statusAt, uptimeFrom: uptimeFrom === statusAt ? undefined : uptimeFrom },
    latestChargerTime(ctx.receivedAt, deps.settings.maxChargerClockSkewSeconds),
  );
  if (!result.stored) return { statusAt, repeated: false };
  const repeated = result.previousStatus === status.status;
  await recordStatusUptime(deps, {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    ...(ctx.siteId && { siteId: ctx.siteId }),
    evseId: status.evseId,
    status: status.status,
    ...(status.errorCode && { errorCode: status.errorCode }),
    statusAt: uptimeFrom,
    ...(result.previousStatus &&
      result.previousStatusAt && {
        previous: {
          status: result.previousStatus,
          statusAt: result.previousUptimeFrom ?? result.previousStatusAt,
        },
      }),
    changed: !repeated,
  });
  if (repeated) return { statusAt, repeated: true };
  // Only a Faulted status can start self-healing: the others ask nothing.
  const healing = status.status === 'Faulted' && (await deps.selfHealingAudience.enabled(ctx.tenantId));
  await deps.events.publish([
    {
      name: 'connectorStatusChanged',
      detail: {
        ...chargerFields(ctx),
        evseId: status.evseId,
        connectorId: status.connectorId,
        status: status.status,
        ...(result.previousStatus && { previousStatus: result.previousStatus }),
        ...(status.errorCode && { errorCode: status.errorCode }),
        ...(healing && { selfHealing: true as const }),
        occurredAt: statusAt,
      },
    },
  ]);
  return { statusAt, repeated: false };
};

/** The size of a DataTransfer's data, for the log: 1.6 sends a string, 2.0.1 any JSON value. */
export const dataTransferLength = (data: unknown): number => {
  if (data === undefined) return 0;
  return typeof data === 'string' ? data.length : JSON.stringify(data).length;
};

/**
 * DataTransfer, in either version. No vendor extension is implemented, so every vendor is unknown and the answer
 * is `UnknownVendorId` (as OCPP asks); logged, not published: an event would make a contract of payloads nobody
 * here understands.
 */
export const receiveDataTransfer = (
  ctx: ChargerMessageContext,
  request: { vendorId: string; messageId?: string; data?: unknown },
): { status: 'UnknownVendorId' } => {
  logger.info('DataTransfer of an unknown vendor', {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    messageId: ctx.messageId,
    correlationId: ctx.correlationId,
    ocppVersion: ctx.ocppVersion,
    vendorId: request.vendorId,
    ...(request.messageId !== undefined && { dataTransferMessageId: request.messageId }),
    dataLength: dataTransferLength(request.data),
  });
  return { status: 'UnknownVendorId' };
};
