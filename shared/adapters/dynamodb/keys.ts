/**
 * Every DynamoDB key of the single table. Tenant first, always — in GSI keys too — so that an IAM
 * `dynamodb:LeadingKeys` condition can confine a tenant, and partitions are per charger, never per tenant.
 */
const SEP = '#';

/** Ids become key segments; a separator inside one would let it forge another tenant's key. */
const segment = (name: string, value: string): string => {
  if (value.length === 0 || value.includes(SEP)) {
    throw new Error(`invalid ${name} for a key: ${JSON.stringify(value)}`);
  }
  return value;
};

const tenantPrefix = (tenantId: string): string => `TENANT${SEP}${segment('tenantId', tenantId)}`;

/** OCPP 1.6 reservation ids are positive 32-bit integers: 10 digits sort as numbers. */
const reservationSortKey = (reservationId: number): string => {
  if (!Number.isSafeInteger(reservationId) || reservationId < 0 || reservationId > 2 ** 31 - 1) {
    throw new Error(`invalid reservationId for a key: ${JSON.stringify(reservationId)}`);
  }
  return String(reservationId).padStart(10, '0');
};

/**
 * A device-model name (component, variable or instance; OCPP 2.0.1 names are case-insensitive and free text
 * up to 50 characters) as a key segment: lower-cased and URI-encoded (no `#` then, and a prefix of a name
 * encodes to a prefix of its segment); absent is empty.
 */
const deviceModelSegment = (value: string | undefined): string =>
  value === undefined ? '' : encodeURIComponent(value.toLowerCase());

/** EVSE and connector ids are non-negative 32-bit integers: 10 digits sort as numbers; absent is empty. */
const deviceModelNumber = (name: string, value: number | undefined): string => {
  if (value === undefined) return '';
  if (!Number.isSafeInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new Error(`invalid ${name} for a key: ${JSON.stringify(value)}`);
  }
  return String(value).padStart(10, '0');
};

/** OCPP request ids are integers of the charger's or the CSMS's choice (no range): any safe integer. */
const requestIdSegment = (requestId: number): string => {
  if (!Number.isSafeInteger(requestId)) {
    throw new Error(`invalid requestId for a key: ${JSON.stringify(requestId)}`);
  }
  return String(requestId);
};

/** What names one variable of a charger's device model. */
export interface DeviceModelVariableKey {
  readonly component: string;
  readonly componentInstance?: string;
  readonly evseId?: number;
  readonly connectorId?: number;
  readonly variable: string;
  readonly variableInstance?: string;
}

/** Tariff and session versions are positive 32-bit integers: 10 digits sort as numbers. */
const versionSortKey = (name: string, version: number): string => {
  if (!Number.isSafeInteger(version) || version < 1 || version > 2 ** 31 - 1) {
    throw new Error(`invalid ${name} for a key: ${JSON.stringify(version)}`);
  }
  return String(version).padStart(10, '0');
};

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** Reserved tenant holding platform-level records; ULID tenant ids can never contain `_`. */
export const platformTenantId = '_platform';

export const keys = {
  tenant: (tenantId: string): ItemKey => ({ PK: tenantPrefix(tenantId), SK: 'TENANT' }),

  apiKey: (tenantId: string, keyId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}APIKEY${SEP}${segment('keyId', keyId)}`,
    SK: 'APIKEY',
  }),

  /** How many active admin keys the tenant has; guards against revoking the last one. */
  adminKeyCount: (tenantId: string): ItemKey => ({ PK: tenantPrefix(tenantId), SK: 'ADMINKEYS' }),

  /** API key listing index: the keys of one tenant. */
  apiKeyIndex: (tenantId: string, keyId: string) => ({
    GSI1PK: keys.apiKeyIndexPartition(tenantId),
    GSI1SK: `APIKEY${SEP}${segment('keyId', keyId)}`,
  }),

  apiKeyIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}APIKEYS`,

  /**
   * Driver key listing index: the keys of one driver (`POST /v1/drivers/{id}/api-keys`), kept out of the tenant's
   * key listing (a driver gets one per app login), found again for revocation and erasure.
   */
  driverApiKeyIndex: (tenantId: string, driverId: string, keyId: string) => ({
    GSI1PK: keys.driverApiKeyIndexPartition(tenantId, driverId),
    GSI1SK: `APIKEY${SEP}${segment('keyId', keyId)}`,
  }),

  driverApiKeyIndexPartition: (tenantId: string, driverId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}DRIVER${SEP}${segment('driverId', driverId)}${SEP}APIKEYS`,

  /** Tenant listing index for the platform admin, under the reserved platform tenant (tenant first, still). */
  tenantIndex: (tenantId: string) => ({
    GSI1PK: keys.tenantIndexPartition(),
    GSI1SK: `TENANT${SEP}${segment('tenantId', tenantId)}`,
  }),

  tenantIndexPartition: (): string => `${tenantPrefix(platformTenantId)}${SEP}TENANTS`,

  site: (tenantId: string, siteId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}SITE${SEP}${segment('siteId', siteId)}`,
    SK: 'SITE',
  }),

  /** A site's load-management settings, in the site's partition: a site has one, or none (not managed). */
  loadManagement: (tenantId: string, siteId: string): ItemKey => ({
    PK: keys.site(tenantId, siteId).PK,
    SK: 'LOADMGMT',
  }),

  /** A site's live allocations (the limits in force per session), written by the load-balancing run. */
  loadAllocation: (tenantId: string, siteId: string): ItemKey => ({
    PK: keys.site(tenantId, siteId).PK,
    SK: 'LOADALLOC',
  }),

  /** A site's load-balancing run lock and trigger counter: one run at a time per site. */
  loadRun: (tenantId: string, siteId: string): ItemKey => ({
    PK: keys.site(tenantId, siteId).PK,
    SK: 'LOADRUN',
  }),

  /** One limit sent to a charger of the site (history, TTL); sorted by time, then charger and EVSE. */
  loadHistoryEntry: (
    tenantId: string,
    siteId: string,
    sentAt: string,
    chargerId: string,
    evseId: number,
  ) => ({
    PK: keys.site(tenantId, siteId).PK,
    SK: `${keys.loadHistoryPrefix}${segment('sentAt', sentAt)}${SEP}${segment('chargerId', chargerId)}${SEP}${evseId}`,
  }),

  loadHistoryPrefix: `LOADHIST${SEP}`,

  /** Site listing index: the sites of one tenant. */
  siteIndex: (tenantId: string, siteId: string) => ({
    GSI1PK: keys.siteIndexPartition(tenantId),
    GSI1SK: `SITE${SEP}${segment('siteId', siteId)}`,
  }),

  siteIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}SITES`,

  /** One fixed rate-limit window (one second) of a tenant; expires by TTL. */
  rateWindow: (tenantId: string, epochSecond: number): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}RATE${SEP}${Math.floor(epochSecond)}`,
    SK: 'RATE',
  }),

  /** A tenant's audit log of one month (`yyyy-mm`): one partition per tenant and month. */
  auditPartition: (tenantId: string, month: string): string =>
    `${tenantPrefix(tenantId)}${SEP}AUDIT${SEP}${segment('month', month)}`,

  /** One audit entry; sorted by time, the id keeps entries of the same millisecond apart. */
  auditEntry: (tenantId: string, at: string, entryId: string): ItemKey => ({
    PK: keys.auditPartition(tenantId, at.slice(0, 7)),
    SK: `${segment('at', at)}${SEP}${segment('entryId', entryId)}`,
  }),

  /**
   * The charger partition holds what its view shows — `CS`, `CONN`, `EVSE#…` — and the `CALL` slot, nothing
   * that grows: configuration, firmware and diagnostics state and the local list live in partitions of their own
   * (`…#CFG`, `…#MAINT`, `…#LOCALLIST`), as do reservations and transaction records.
   */
  chargerPartition: (tenantId: string, chargerId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}CS${SEP}${segment('chargerId', chargerId)}`,

  charger: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'CS',
  }),

  /**
   * The sort keys a charger view reads, inclusive: `CONN`, `CS` and every `EVSE#…` status (`$` sorts right after
   * `#`), and not the `CALL` slot, which sorts before. A view is one bounded Query, whatever else is added.
   */
  chargerViewRange: { from: 'CONN', to: 'EVSE$' } as const,

  /**
   * When the charger was last seen, kept once its connection is gone: a small item of its own (in the view's
   * range: `CS#` sorts between `CS` and `EVSE`), not an attribute of the charger item, whose every write also
   * writes its GSI1 copy (the charger listing).
   */
  chargerLastSeen: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: keys.chargerLastSeenSortKey,
  }),

  chargerLastSeenSortKey: `CS${SEP}SEEN`,

  /** The charger's current WebSocket connection; expires by TTL if `$disconnect` never arrives. */
  connection: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'CONN',
  }),

  connector: (tenantId: string, chargerId: string, evseId: number, connectorId: number): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: `${keys.connectorPrefix}${evseId}${SEP}CONN${SEP}${connectorId}`,
  }),

  connectorPrefix: `EVSE${SEP}`,

  /** The charger's one outstanding CSMS→charger CALL; expires by TTL if no answer ever frees it. */
  pendingCall: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'CALL',
  }),

  /**
   * A CSMS→charger call waiting for the charger's slot: sorted by its command id (a ULID, so by time), so the
   * first item of `queuedCallPrefix` is the next to go out. Expires by TTL if nothing ever drains it.
   */
  queuedCall: (tenantId: string, chargerId: string, commandId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: `${keys.queuedCallPrefix}${segment('commandId', commandId)}`,
  }),

  queuedCallPrefix: `CALLQ${SEP}`,

  /** A command sent to a charger through the API, with its outcome. */
  command: (tenantId: string, commandId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}CMD${SEP}${segment('commandId', commandId)}`,
    SK: 'CMD',
  }),

  /**
   * The charger's configuration partition: the 1.6 configuration item (the 2.0.1 device model has a partition of
   * its own, `…#DM`), whose writes then never share the charger partition's throughput.
   */
  chargerConfigurationPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}CFG`,

  /** The charger's configuration as it reported it (OCPP 1.6 GetConfiguration), merged by key. */
  chargerConfiguration: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerConfigurationPartition(tenantId, chargerId),
    SK: 'CONFIG',
  }),

  /**
   * The charger's OCPP 2.0.1 device model: one item per (component, variable) and one per report (by request
   * id), plus the request id counter. A partition of its own: thousands of variables never make one item grow,
   * and the charger view never reads them.
   */
  deviceModelPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}DM`,

  /** One variable: `VAR#<component>#<instance>#<evse>#<connector>#<variable>#<instance>`, sorted by component. */
  deviceModelVariable: (tenantId: string, chargerId: string, ref: DeviceModelVariableKey): ItemKey => ({
    PK: keys.deviceModelPartition(tenantId, chargerId),
    SK: [
      'VAR',
      deviceModelSegment(ref.component),
      deviceModelSegment(ref.componentInstance),
      deviceModelNumber('evseId', ref.evseId),
      deviceModelNumber('connectorId', ref.connectorId),
      deviceModelSegment(ref.variable),
      deviceModelSegment(ref.variableInstance),
    ].join(SEP),
  }),

  deviceModelVariablePrefix: `VAR${SEP}`,

  /** The sort key prefix of the variables of components whose name starts with `componentPrefix`. */
  deviceModelComponentPrefix: (componentPrefix: string): string =>
    `VAR${SEP}${deviceModelSegment(componentPrefix)}`,

  /** A variable name as the device model filters it (lower-cased, like its key segment). */
  deviceModelNameFilter: (name: string): string => deviceModelSegment(name),

  /** One report (GetBaseReport / GetReport, or one the charger sent unasked), by its request id. */
  deviceModelReport: (tenantId: string, chargerId: string, requestId: number): ItemKey => ({
    PK: keys.deviceModelPartition(tenantId, chargerId),
    SK: `${keys.deviceModelReportPrefix}${deviceModelNumber('requestId', requestId)}`,
  }),

  deviceModelReportPrefix: `REPORT${SEP}`,

  /** The counter of the request ids the CSMS gives its GetBaseReport / GetReport calls to the charger. */
  deviceModelRequestCounter: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.deviceModelPartition(tenantId, chargerId),
    SK: 'SEQ',
  }),

  /**
   * One monitor of a variable (OCPP 2.0.1 NotifyMonitoringReport), in the device-model partition:
   * `MON#<the variable's segments, as VAR#>#<monitor id>`, sorted by component, then variable, then id.
   */
  deviceModelMonitor: (
    tenantId: string,
    chargerId: string,
    ref: DeviceModelVariableKey,
    monitorId: number,
  ): ItemKey => ({
    PK: keys.deviceModelPartition(tenantId, chargerId),
    SK: [
      'MON',
      deviceModelSegment(ref.component),
      deviceModelSegment(ref.componentInstance),
      deviceModelNumber('evseId', ref.evseId),
      deviceModelNumber('connectorId', ref.connectorId),
      deviceModelSegment(ref.variable),
      deviceModelSegment(ref.variableInstance),
      deviceModelNumber('monitorId', monitorId),
    ].join(SEP),
  }),

  deviceModelMonitorPrefix: `MON${SEP}`,

  /** The sort key prefix of the monitors of components whose name starts with `componentPrefix`. */
  deviceModelMonitorComponentPrefix: (componentPrefix: string): string =>
    `MON${SEP}${deviceModelSegment(componentPrefix)}`,

  /** One monitoring report (GetMonitoringReport), by its request id: apart from the device-model reports. */
  deviceModelMonitoringReport: (tenantId: string, chargerId: string, requestId: number): ItemKey => ({
    PK: keys.deviceModelPartition(tenantId, chargerId),
    SK: `${keys.deviceModelMonitoringReportPrefix}${deviceModelNumber('requestId', requestId)}`,
  }),

  deviceModelMonitoringReportPrefix: `MONREPORT${SEP}`,

  /** The display messages a charger reported (OCPP 2.0.1 NotifyDisplayMessages): a partition of their own. */
  displayMessagePartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}DISPLAY`,

  /** One display message, by its id (a non-negative integer: 10 digits sort as numbers). */
  displayMessage: (tenantId: string, chargerId: string, messageId: number): ItemKey => ({
    PK: keys.displayMessagePartition(tenantId, chargerId),
    SK: `${keys.displayMessagePrefix}${deviceModelNumber('messageId', messageId)}`,
  }),

  displayMessagePrefix: `MSG${SEP}`,

  /** One GetDisplayMessages request and the progress of its NotifyDisplayMessages parts, by request id. */
  displayMessagesReport: (tenantId: string, chargerId: string, requestId: number): ItemKey => ({
    PK: keys.displayMessagePartition(tenantId, chargerId),
    SK: `${keys.displayMessagesReportPrefix}${deviceModelNumber('requestId', requestId)}`,
  }),

  displayMessagesReportPrefix: `REPORT${SEP}`,

  /**
   * Customer information a charger reported (OCPP 2.0.1 NotifyCustomerInformation): personal data, in a
   * partition of its own, every item with a TTL.
   */
  customerInformationPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}CUSTINFO`,

  /** One CustomerInformation request and the progress of its parts, by request id. */
  customerInformation: (tenantId: string, chargerId: string, requestId: number): ItemKey => ({
    PK: keys.customerInformationPartition(tenantId, chargerId),
    SK: `${keys.customerInformationPrefix}${deviceModelNumber('requestId', requestId)}`,
  }),

  /** The sort key prefix of the requests and their parts (parts are told apart by their item type). */
  customerInformationPrefix: `REQ${SEP}`,

  /** One part's data (its seqNo sorts as a number), next to its request. */
  customerInformationPart: (
    tenantId: string,
    chargerId: string,
    requestId: number,
    seqNo: number,
  ): ItemKey => ({
    PK: keys.customerInformationPartition(tenantId, chargerId),
    SK: `${keys.customerInformationPartPrefix(requestId)}${deviceModelNumber('seqNo', seqNo)}`,
  }),

  /** The sort key prefix of a request's parts. */
  customerInformationPartPrefix: (requestId: number): string =>
    `${keys.customerInformationPrefix}${deviceModelNumber('requestId', requestId)}${SEP}PART${SEP}`,

  /** The events a charger notified (OCPP 2.0.1 NotifyEvent): a partition of their own, kept for a while by TTL. */
  deviceEventPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}DMEVENT`,

  /** One event, by its time (UTC ISO 8601, so sorted by time) and the charger's event id. */
  deviceEvent: (tenantId: string, chargerId: string, timestamp: string, eventId: number): ItemKey => ({
    PK: keys.deviceEventPartition(tenantId, chargerId),
    SK: `${keys.deviceEventPrefix}${segment('timestamp', timestamp)}${SEP}${deviceModelNumber('eventId', eventId)}`,
  }),

  deviceEventPrefix: `EV${SEP}`,

  /**
   * What a charger told the CSMS of smart charging (OCPP 2.0.1 block K): the latest charging needs, EV schedule
   * and external limits per EVSE and its reported charging profiles. A partition of its own, a bounded set of
   * items (a few per EVSE, the parts of a report or two), read with one Query.
   */
  smartChargingPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}SC`,

  /** The EV's latest charging needs on one EVSE (NotifyEVChargingNeeds), replaced by the next. */
  evChargingNeeds: (tenantId: string, chargerId: string, evseId: number): ItemKey => ({
    PK: keys.smartChargingPartition(tenantId, chargerId),
    SK: `${keys.evChargingNeedsPrefix}${deviceModelNumber('evseId', evseId)}`,
  }),

  evChargingNeedsPrefix: `NEEDS${SEP}`,

  /** The EV's latest charging schedule on one EVSE (NotifyEVChargingSchedule), replaced by the next. */
  evChargingSchedule: (tenantId: string, chargerId: string, evseId: number): ItemKey => ({
    PK: keys.smartChargingPartition(tenantId, chargerId),
    SK: `${keys.evChargingSchedulePrefix}${deviceModelNumber('evseId', evseId)}`,
  }),

  evChargingSchedulePrefix: `EVSCHED${SEP}`,

  /**
   * The latest external limit of one source (EMS, SO, CSO, Other) on one EVSE, 0: the charger as a whole
   * (NotifyChargingLimit; ClearedChargingLimit deletes it).
   */
  externalChargingLimit: (tenantId: string, chargerId: string, evseId: number, source: string): ItemKey => ({
    PK: keys.smartChargingPartition(tenantId, chargerId),
    SK: `${keys.externalChargingLimitPrefix}${deviceModelNumber('evseId', evseId)}${SEP}${segment('chargingLimitSource', source)}`,
  }),

  externalChargingLimitPrefix: `LIMIT${SEP}`,

  /** A charging-profile report (ReportChargingProfiles parts of one request id): its progress. */
  chargingProfileReport: (tenantId: string, chargerId: string, requestId: number): ItemKey => ({
    PK: keys.smartChargingPartition(tenantId, chargerId),
    SK: `${keys.chargingProfileReportPrefix}${requestIdSegment(requestId)}`,
  }),

  /** One part of a charging-profile report, by the message id the charger sent it with (a retry rewrites it). */
  chargingProfileReportPart: (
    tenantId: string,
    chargerId: string,
    requestId: number,
    messageId: string,
  ): ItemKey => ({
    PK: keys.smartChargingPartition(tenantId, chargerId),
    SK: `${keys.chargingProfileReportPartPrefix(requestId)}${segment('messageId', encodeURIComponent(messageId))}`,
  }),

  /** The sort key prefix of a report's parts (not of its progress item, nor of another request id's parts). */
  chargingProfileReportPartPrefix: (requestId: number): string =>
    `${keys.chargingProfileReportPrefix}${requestIdSegment(requestId)}${SEP}PART${SEP}`,

  chargingProfileReportPrefix: `PROFREPORT${SEP}`,

  /** Firmware and diagnostics state of the charger: a partition of its own, an item each. */
  maintenancePartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}MAINT`,

  /** Firmware update state of the charger: the last request and the statuses since (a short history). */
  firmwareStatus: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.maintenancePartition(tenantId, chargerId),
    SK: 'FW',
  }),

  /** Diagnostics / log upload state of the charger: the last request and the statuses since. */
  diagnosticsStatus: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.maintenancePartition(tenantId, chargerId),
    SK: 'DIAG',
  }),

  /** Firmware publication state of a 2.0.1 local controller (PublishFirmware): the statuses it reported. */
  firmwarePublicationStatus: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.maintenancePartition(tenantId, chargerId),
    SK: 'PUBFW',
  }),

  /** The charger's local authorization list: its entries and their summary, a partition of their own. */
  localListPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}LOCALLIST`,

  /** The local authorization list version the charger accepted last, with its size: a small summary. */
  localList: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.localListPartition(tenantId, chargerId),
    SK: 'SUMMARY',
  }),

  /** The entries of the charger's local list (a fingerprint per id tag); it can reach a few hundred KB. */
  localListEntries: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.localListPartition(tenantId, chargerId),
    SK: 'ENTRIES',
  }),

  /**
   * The reservations of a charger and their id counter. A partition of its own, which outlives the charger's
   * deletion: a re-created charger never reuses a reservation id.
   */
  reservationPartition: (tenantId: string, chargerId: string): string =>
    `${keys.chargerPartition(tenantId, chargerId)}${SEP}RES`,

  /** One reservation, by its OCPP 1.6 integer id (zero-padded: sorted by id). */
  reservation: (tenantId: string, chargerId: string, reservationId: number): ItemKey => ({
    PK: keys.reservationPartition(tenantId, chargerId),
    SK: `${keys.reservationPrefix}${reservationSortKey(reservationId)}`,
  }),

  reservationPrefix: `RES${SEP}`,

  /** The charger's reservation id counter. */
  reservationCounter: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.reservationPartition(tenantId, chargerId),
    SK: 'SEQ',
  }),

  /** Charger listing index: all chargers of a tenant, sorted by site so one site is a range query. */
  chargerIndex: (tenantId: string, chargerId: string, siteId: string | undefined) => ({
    GSI1PK: keys.chargerIndexPartition(tenantId),
    GSI1SK: siteId
      ? `${keys.siteIndexPrefix(siteId)}CS${SEP}${segment('chargerId', chargerId)}`
      : `CS${SEP}${segment('chargerId', chargerId)}`,
  }),

  chargerIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}CHARGERS`,

  /**
   * Liveness index (sparse: only connection items carry it): a tenant's open connections by the time they count
   * as silent (`silentAfter`, ISO 8601 UTC, which sorts as time), so that the sweep reads the overdue ones with
   * one range query. Written only with the connection's own writes (connect, throttled lastSeenAt); removed
   * with the connection.
   */
  livenessIndex: (tenantId: string, chargerId: string, silentAfter: string) => ({
    GSI1PK: keys.livenessIndexPartition(tenantId),
    GSI1SK: `${segment('silentAfter', silentAfter)}${SEP}CS${SEP}${segment('chargerId', chargerId)}`,
  }),

  livenessIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}LIVENESS`,

  siteIndexPrefix: (siteId: string): string => `SITE${SEP}${segment('siteId', siteId)}${SEP}`,

  /** A session (one transaction of one charger), by its session id: `TENANT#<t>#TX#<sessionId>` / `TX`. */
  session: (tenantId: string, sessionId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}TX${SEP}${segment('sessionId', sessionId)}`,
    SK: 'TX',
  }),

  /**
   * A session's billing ledger: the version billed, its cost, the CDRs issued. In the session's partition, so
   * billing writes spread over sessions, never one partition per tenant.
   */
  billingLedger: (tenantId: string, sessionId: string): ItemKey => ({
    PK: keys.session(tenantId, sessionId).PK,
    SK: 'LEDGER',
  }),

  /**
   * A CDR, in its session's partition: the debit of a session version, or the credit of that version's debit
   * (one each at most: the key is the guard of a conditional put). Versions zero-padded: sorted by number.
   */
  cdr: (tenantId: string, sessionId: string, sessionVersion: number, kind: 'DEBIT' | 'CREDIT'): ItemKey => ({
    PK: keys.session(tenantId, sessionId).PK,
    SK: `${keys.cdrPrefix}${versionSortKey('session version', sessionVersion)}${SEP}${kind}`,
  }),

  cdrPrefix: `CDR${SEP}`,

  /**
   * CDR listing index: the CDRs of one tenant by issue time (`last_updated`), then id. One index partition per
   * tenant, as sessions have: a CDR is written once per session end (far below a partition's 1,000 writes a
   * second), and `from`/`to` stay one range query; the base-table writes go to session partitions.
   */
  cdrIndex: (tenantId: string, issuedAt: string, cdrId: string) => ({
    GSI1PK: keys.cdrIndexPartition(tenantId),
    GSI1SK: `${segment('issuedAt', issuedAt)}${SEP}${segment('cdrId', cdrId)}`,
  }),

  cdrIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}CDRS`,

  /** An id token, by its upper-cased value (OCPP 2.0.1 id tokens are case-insensitive). */
  idToken: (tenantId: string, idToken: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}IDTOKEN${SEP}${segment('idToken', idToken)}`,
    SK: 'IDTOKEN',
  }),

  /** Id token listing index: the tokens of one tenant, in token order. */
  idTokenIndex: (tenantId: string, idToken: string) => ({
    GSI1PK: keys.idTokenIndexPartition(tenantId),
    GSI1SK: `IDTOKEN${SEP}${segment('idToken', idToken)}`,
  }),

  idTokenIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}IDTOKENS`,

  /** Marks an active session of an id token, in the token's partition (concurrent-transaction rule). */
  idTokenSession: (tenantId: string, idToken: string, sessionId: string): ItemKey => ({
    PK: keys.idToken(tenantId, idToken).PK,
    SK: `${keys.idTokenSessionPrefix}${segment('sessionId', sessionId)}`,
  }),

  idTokenSessionPrefix: `SESSION${SEP}`,

  /**
   * That a session of the charger is active: a marker in the charger's partition, outside its view's range
   * (`TXACTIVE#` sorts after `EVSE$`), set while the session runs, so that load balancing and self-healing find
   * a charger's running sessions with one query instead of filtering the tenant's session index.
   */
  chargerActiveSession: (tenantId: string, chargerId: string, sessionId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: `${keys.chargerActiveSessionPrefix}${segment('sessionId', sessionId)}`,
  }),

  chargerActiveSessionPrefix: `TXACTIVE${SEP}`,

  /**
   * OCPP 1.6: the charger's transaction counter (the CSMS numbers 1.6 transactions). A partition of its own, so
   * that it outlives the charger's deletion: a re-created charger never reuses a number of its past sessions.
   */
  transactionCounter: (tenantId: string, chargerId: string): ItemKey => ({
    PK: `${keys.chargerPartition(tenantId, chargerId)}${SEP}TXSEQ`,
    SK: 'TXSEQ',
  }),

  /** OCPP 1.6: the charger transaction id given to one StartTransaction (URI-encoded start key), for its retries. */
  transactionStart: (tenantId: string, chargerId: string, startKey: string): ItemKey => ({
    PK: `${keys.chargerPartition(tenantId, chargerId)}${SEP}TXSTART${SEP}${segment('startKey', encodeURIComponent(startKey))}`,
    SK: 'TXSTART',
  }),

  /**
   * Maps a charger's own transaction id (unique per charger only) to the session id. A partition of its own,
   * so that the charger partition does not grow with every transaction. The charger's id may hold any
   * character, so it is URI-encoded (no `#` then).
   */
  chargerTransaction: (tenantId: string, chargerId: string, chargerTransactionId: string): ItemKey => ({
    PK: `${keys.chargerPartition(tenantId, chargerId)}${SEP}TX${SEP}${segment('chargerTransactionId', encodeURIComponent(chargerTransactionId))}`,
    SK: 'TXID',
  }),

  /** Session listing index: the sessions of one tenant by start time (queried newest first). */
  sessionIndex: (tenantId: string, startedAt: string, sessionId: string) => ({
    GSI1PK: keys.sessionIndexPartition(tenantId),
    GSI1SK: `${segment('startedAt', startedAt)}${SEP}${segment('sessionId', sessionId)}`,
  }),

  sessionIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}SESSIONS`,

  /** A meter value of a session, in its partition, in time order; the event's seqNo keeps equal times apart. */
  meterValue: (tenantId: string, sessionId: string, at: string, seqNo: number): ItemKey => ({
    PK: keys.session(tenantId, sessionId).PK,
    SK: `${keys.meterValuePrefix}${segment('at', at)}${SEP}${String(seqNo).padStart(10, '0')}`,
  }),

  meterValuePrefix: `MV${SEP}`,

  /** A tariff's partition: the tariff as it is now (`TARIFF`) and every version it had (`V#<version>`). */
  tariffPartition: (tenantId: string, tariffId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}TARIFF${SEP}${segment('tariffId', tariffId)}`,

  /** The tariff as it is now: its latest version, or that it was deleted. */
  tariff: (tenantId: string, tariffId: string): ItemKey => ({
    PK: keys.tariffPartition(tenantId, tariffId),
    SK: 'TARIFF',
  }),

  /** One version of a tariff, never changed once written (sessions reference it); sorted by number. */
  tariffVersion: (tenantId: string, tariffId: string, version: number): ItemKey => ({
    PK: keys.tariffPartition(tenantId, tariffId),
    SK: `${keys.tariffVersionPrefix}${versionSortKey('tariff version', version)}`,
  }),

  tariffVersionPrefix: `V${SEP}`,

  /** Tariff listing index: the tariffs (not deleted) of one tenant, in id order. */
  tariffIndex: (tenantId: string, tariffId: string) => ({
    GSI1PK: keys.tariffIndexPartition(tenantId),
    GSI1SK: `TARIFF${SEP}${segment('tariffId', tariffId)}`,
  }),

  tariffIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}TARIFFS`,

  /** A driver's partition: the driver (`DRIVER`) and a link item per vehicle of theirs (`VEHICLE#<id>`). */
  driverPartition: (tenantId: string, driverId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}DRIVER${SEP}${segment('driverId', driverId)}`,

  driver: (tenantId: string, driverId: string): ItemKey => ({
    PK: keys.driverPartition(tenantId, driverId),
    SK: 'DRIVER',
  }),

  /** That a vehicle belongs to the driver: read with the driver, so that a driver with vehicles is known. */
  driverVehicle: (tenantId: string, driverId: string, vehicleId: string): ItemKey => ({
    PK: keys.driverPartition(tenantId, driverId),
    SK: `${keys.driverVehiclePrefix}${segment('vehicleId', vehicleId)}`,
  }),

  driverVehiclePrefix: `VEHICLE${SEP}`,

  /** That an id token belongs to the driver (its normalized value), for export and erasure. */
  driverIdToken: (tenantId: string, driverId: string, idToken: string): ItemKey => ({
    PK: keys.driverPartition(tenantId, driverId),
    SK: `${keys.driverIdTokenPrefix}${segment('idToken', idToken)}`,
  }),

  driverIdTokenPrefix: `IDTOKEN${SEP}`,

  /** Driver listing index: a tenant's drivers in id (creation) order. */
  driverIndex: (tenantId: string, driverId: string) => ({
    GSI1PK: keys.driverIndexPartition(tenantId),
    GSI1SK: `DRIVER${SEP}${segment('driverId', driverId)}`,
  }),

  driverIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}DRIVERS`,

  /**
   * Which driver has an external reference (the driver's id in the operator's own user system), so that an import
   * finds the driver again: a partition per reference, written before the driver it names (a reservation). The
   * reference is free text, so it is URI-encoded (no `#` then).
   */
  driverExternalRef: (tenantId: string, externalRef: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}DRIVERREF${SEP}${segment('externalRef', encodeURIComponent(externalRef))}`,
    SK: 'DRIVERREF',
  }),

  vehicle: (tenantId: string, vehicleId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}VEHICLE${SEP}${segment('vehicleId', vehicleId)}`,
    SK: 'VEHICLE',
  }),

  /** Vehicle listing index: a tenant's vehicles in id (creation) order. */
  vehicleIndex: (tenantId: string, vehicleId: string) => ({
    GSI1PK: keys.vehicleIndexPartition(tenantId),
    GSI1SK: `VEHICLE${SEP}${segment('vehicleId', vehicleId)}`,
  }),

  vehicleIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}VEHICLES`,

  /**
   * A fleet's partition: the fleet (`FLEET`) and a link item per member (`DRIVER#<id>`, `VEHICLE#<id>`), so that
   * its members are one query and a fleet with members is known before it is deleted.
   */
  fleetPartition: (tenantId: string, fleetId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}FLEET${SEP}${segment('fleetId', fleetId)}`,

  fleet: (tenantId: string, fleetId: string): ItemKey => ({
    PK: keys.fleetPartition(tenantId, fleetId),
    SK: 'FLEET',
  }),

  /** That a driver or vehicle is a member of the fleet, in the fleet's partition. */
  fleetMember: (
    tenantId: string,
    fleetId: string,
    kind: 'DRIVER' | 'VEHICLE',
    memberId: string,
  ): ItemKey => ({
    PK: keys.fleetPartition(tenantId, fleetId),
    SK: `${keys.fleetMemberPrefix(kind)}${segment('memberId', memberId)}`,
  }),

  fleetMemberPrefix: (kind: 'DRIVER' | 'VEHICLE'): string => `${kind}${SEP}`,

  /** Fleet listing index: a tenant's fleets in id (creation) order. */
  fleetIndex: (tenantId: string, fleetId: string) => ({
    GSI1PK: keys.fleetIndexPartition(tenantId),
    GSI1SK: `FLEET${SEP}${segment('fleetId', fleetId)}`,
  }),

  fleetIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}FLEETS`,

  /**
   * That a session counts for a fleet (the fleet of its driver or vehicle when it started): a small item in the
   * session's partition (so the writes spread over sessions), indexed per fleet by start time.
   */
  fleetSession: (tenantId: string, sessionId: string): ItemKey => ({
    PK: keys.session(tenantId, sessionId).PK,
    SK: 'FLEET',
  }),

  /** Fleet session index: one fleet's sessions by start time, across every site of the tenant. */
  fleetSessionIndex: (tenantId: string, fleetId: string, startedAt: string, sessionId: string) => ({
    GSI1PK: keys.fleetSessionIndexPartition(tenantId, fleetId),
    GSI1SK: `${segment('startedAt', startedAt)}${SEP}${segment('sessionId', sessionId)}`,
  }),

  fleetSessionIndexPartition: (tenantId: string, fleetId: string): string =>
    `${keys.fleetPartition(tenantId, fleetId)}${SEP}SESSIONS`,

  /**
   * A session imported from another CSMS, by the operator's external id: the session id it got (the guard of a
   * conditional put, so that a re-run imports it once). URI-encoded (free text).
   */
  sessionImport: (tenantId: string, externalId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}TXIMPORT${SEP}${segment('externalId', encodeURIComponent(externalId))}`,
    SK: 'TXIMPORT',
  }),

  /**
   * A migration cohort's partition: a counter item per UTC day (`DAY#YYYY-MM-DD`), read as one range for the
   * cohort report. A cohort is a handful of chargers, so its writes stay far below a partition's limits.
   */
  cohortPartition: (tenantId: string, cohort: string): string =>
    `${tenantPrefix(tenantId)}${SEP}COHORT${SEP}${segment('cohort', encodeURIComponent(cohort))}`,

  cohortDay: (tenantId: string, cohort: string, day: string): ItemKey => ({
    PK: keys.cohortPartition(tenantId, cohort),
    SK: `${keys.cohortDayPrefix}${segment('day', day)}`,
  }),

  cohortDayPrefix: `DAY${SEP}`,

  /**
   * A charger's uptime partition: a counter item per local day of its site (`DAY#YYYY-MM-DD`), read as one range
   * per month for the uptime and session reports. Per charger, so a fleet's status changes never share one.
   */
  uptimePartition: (tenantId: string, chargerId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}UPTIME${SEP}${segment('chargerId', chargerId)}`,

  uptimeDay: (tenantId: string, chargerId: string, day: string): ItemKey => ({
    PK: keys.uptimePartition(tenantId, chargerId),
    SK: `${keys.uptimeDayPrefix}${segment('day', day)}`,
  }),

  uptimeDayPrefix: `DAY${SEP}`,

  /** Which tariff is the tenant's default: one small item, read when no id token, charger or site names one. */
  defaultTariff: (tenantId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}TARIFFDEFAULT`,
    SK: 'TARIFFDEFAULT',
  }),
  /**
   * A webhook's partition: the webhook (`WEBHOOK`), its deliveries (`DELIVERY#<id>`, with the signed body) and
   * its delivery log (`ATTEMPT#<ulid>`, newest last). Per webhook, so that a busy endpoint's log never shares a
   * partition with another's; log and deliveries expire by TTL.
   */
  webhookPartition: (tenantId: string, webhookId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}WEBHOOK${SEP}${segment('webhookId', webhookId)}`,

  webhook: (tenantId: string, webhookId: string): ItemKey => ({
    PK: keys.webhookPartition(tenantId, webhookId),
    SK: 'WEBHOOK',
  }),

  /** Webhook listing index: the webhooks of one tenant (also read whole by the fan-out of each event). */
  webhookIndex: (tenantId: string, webhookId: string) => ({
    GSI1PK: keys.webhookIndexPartition(tenantId),
    GSI1SK: `WEBHOOK${SEP}${segment('webhookId', webhookId)}`,
  }),

  webhookIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}WEBHOOKS`,

  webhookDelivery: (tenantId: string, webhookId: string, deliveryId: string): ItemKey => ({
    PK: keys.webhookPartition(tenantId, webhookId),
    SK: `DELIVERY${SEP}${segment('deliveryId', deliveryId)}`,
  }),

  /** One attempt in a webhook's delivery log; ULIDs sort by time. */
  webhookAttempt: (tenantId: string, webhookId: string, attemptId: string): ItemKey => ({
    PK: keys.webhookPartition(tenantId, webhookId),
    SK: `${keys.webhookAttemptPrefix}${segment('attemptId', attemptId)}`,
  }),

  webhookAttemptPrefix: `ATTEMPT${SEP}`,

  /** A tenant's self-healing settings: one small item, read by each run of the self-healing workflow. */
  selfHealingSettings: (tenantId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}SELFHEAL`,
    SK: 'SELFHEAL',
  }),

  /**
   * The charger's latest self-healing attempt, in the charger partition (one item, bounded: a few steps). It is
   * also the lock that keeps a second attempt of the charger from starting while one runs.
   */
  healingAttempt: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'HEAL',
  }),

  /**
   * A charger's ghost counter: its last authorised session outcomes (at most ten) and its open ghost incident;
   * one small item apart from the charger partition, written once per authorised session end.
   */
  ghostCounter: (tenantId: string, chargerId: string): ItemKey => ({
    PK: `${keys.chargerPartition(tenantId, chargerId)}${SEP}GHOST`,
    SK: 'GHOST',
  }),

  /** An incident the self-healing workflow opened, by its id. */
  incident: (tenantId: string, incidentId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}INCIDENT${SEP}${segment('incidentId', incidentId)}`,
    SK: 'INCIDENT',
  }),

  /** Incident listing index: the incidents of one tenant by opening time, then id (queried newest first). */
  incidentIndex: (tenantId: string, openedAt: string, incidentId: string) => ({
    GSI1PK: keys.incidentIndexPartition(tenantId),
    GSI1SK: `${segment('openedAt', openedAt)}${SEP}${segment('incidentId', incidentId)}`,
  }),

  incidentIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}INCIDENTS`,
} as const;
