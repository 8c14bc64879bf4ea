import type { AuditFields } from '../../kernel/model.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';
import type { ChargerWiring, FailSafeState } from '../load-management/model.ts';

/** What the charger told us about itself at boot. */
export interface BootInfo {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  readonly reason?: string;
}

/** A charger; its wiring (rated current, phases, circuit) is what load management knows of it. */
export interface Charger
  extends AuditFields,
    Partial<Omit<BootInfo, 'reason'>>,
    ChargerWiring,
    FailSafeState {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  readonly description?: string;
  /** The tariff of sessions on this charger, unless the id token has one (billing: tariff-resolution.ts). */
  readonly tariffId?: string;
  /** The migration cohort (a tag): the cohort report counts the charger's connections, sessions and billing. */
  readonly cohort?: string;
  /** SHA-256 (hex) of the charger's Basic-auth password. */
  readonly passwordHash: string;
  readonly ocppVersion?: OcppVersion;
  readonly bootedAt?: string;
  /** Why the charger last booted (2.0.1 only: PowerUp, FirmwareUpdate, …). */
  readonly bootReason?: string;
  /** Last time the charger was heard from, kept when it disconnects. */
  readonly lastSeenAt?: string;
}

export interface Connection {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly connectionId: string;
  readonly ocppVersion: OcppVersion;
  readonly connectedAt: string;
  readonly lastSeenAt: string;
  /**
   * When the connection counts as silent unless written again (`silentAfter(lastSeenAt, heartbeat)`): the sweep
   * finds it by this in the liveness index. Absent on records written before liveness was tracked.
   */
  readonly silentAfter?: string;
}

/** A connection past its `silentAfter`, as the liveness index lists it. */
export interface SilentConnection {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly lastSeenAt: string;
  readonly silentAfter: string;
}

/**
 * Status of one connector. OCPP 1.6 has no EVSE level: its connector n is stored as EVSE n, connector 1
 * (connector 0, the charger itself, as EVSE 0 connector 0), which is how 1.6 hardware is built in practice.
 */
export interface ConnectorStatus {
  readonly evseId: number;
  readonly connectorId: number;
  readonly status: string;
  readonly errorCode?: string;
  readonly info?: string;
  /** When the charger says the status began; a late message with an older time changes nothing. */
  readonly statusAt: string;
  /**
   * When the uptime counters count the status from, if later than `statusAt`: the start of the connection it came
   * over (a status stamped during a disconnect counts from the reconnect; see `shared/slices/uptime/model.ts`).
   */
  readonly uptimeFrom?: string;
}

/** A charger as operators see it: identity, boot data, connection state, connector states. */
export interface ChargerView {
  readonly charger: Charger;
  readonly connection?: Connection;
  readonly connectors: readonly ConnectorStatus[];
}

/**
 * The charger fields a BootNotification sets. A field the new boot no longer reports is `undefined`, so that
 * stores clear it rather than keep a stale serial number or firmware version.
 */
export const chargerFieldsFromBoot = (
  chargerId: string,
  boot: BootInfo & { ocppVersion: Charger['ocppVersion']; at: string },
) => ({
  vendor: boot.vendor,
  model: boot.model,
  serialNumber: boot.serialNumber,
  firmwareVersion: boot.firmwareVersion,
  ocppVersion: boot.ocppVersion,
  bootReason: boot.reason,
  bootedAt: boot.at,
  lastSeenAt: boot.at,
  updatedAt: boot.at,
  updatedBy: `charger:${chargerId}`,
});

/**
 * How often a connected charger's `lastSeenAt` is written at most (last-seen-throttle.ts): an open connection's
 * stored time may lag its last message by up to this plus one heartbeat interval.
 */
export const lastSeenWriteIntervalSeconds = 30 * 60;

/** Slack on top of two missed heartbeats: cold starts, API Gateway's delivery, the sweep's own period. */
export const silenceMarginSeconds = 120;

/**
 * When a connection whose `lastSeenAt` was written at `writtenAt` counts as silent (the charger gone although
 * its connection record stays: API Gateway's `$disconnect` is best effort). A live charger sends a message at
 * least every heartbeat interval, and the throttle writes on the first one past `lastSeenWriteIntervalSeconds`,
 * so a live connection's record is rewritten before `writtenAt + write interval + heartbeat`; the deadline
 * allows two heartbeats and a margin on top. Undefined for an unparsable time (a record never written well).
 */
export const silentAfter = (writtenAt: string, heartbeatIntervalSeconds: number): string | undefined => {
  const at = Date.parse(writtenAt);
  if (Number.isNaN(at)) return undefined;
  const slackSeconds = lastSeenWriteIntervalSeconds + 2 * heartbeatIntervalSeconds + silenceMarginSeconds;
  return new Date(at + slackSeconds * 1000).toISOString();
};
