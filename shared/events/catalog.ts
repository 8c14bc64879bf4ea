import { z } from 'zod';

/** EventBridge `source` values. */
export const eventSources = { ocpp: 'csms.ocpp', api: 'csms.api', billing: 'csms.billing' } as const;

const ocppVersion = z.enum(['ocpp1.6', 'ocpp2.0.1']);
const isoTimestamp = z.iso.datetime({ offset: true });

/** Fields every event carries: whose it is, when it happened, and the request that caused it. */
const envelope = z.object({
  tenantId: z.string().min(1),
  occurredAt: isoTimestamp,
  correlationId: z.string().min(1),
  /**
   * Present when one of the tenant's webhooks subscribes to the event (marked when published, from a view of the
   * webhooks up to 5 minutes old): the webhook fan-out rule takes only these.
   */
  webhook: z.literal(true).optional(),
});

const chargerScoped = envelope.extend({
  chargerId: z.string().min(1),
  /** Present when the charger belongs to a site; load balancing works per site. */
  siteId: z.string().min(1).optional(),
  /**
   * Present when the site is load-managed (the charger has a fail-safe default; known at its connection, so a
   * change applies from the next one, like `siteId`): the load-balancing rules start only on these events.
   */
  loadManaged: z.literal(true).optional(),
});

/**
 * Present on the events self-healing consumes (a Faulted status, an authorised session's end) when the tenant has
 * it on, as the publishing container read its settings within the last 5 minutes: the self-healing and
 * ghost-detection rules start only on these.
 */
const selfHealing = z.literal(true).optional();

/** What every transaction event says of its session: `sessionId` (tenant-unique) and the charger's own id. */
const sessionScoped = chargerScoped.extend({
  sessionId: z.string().min(1),
  chargerTransactionId: z.string().min(1),
  evseId: z.number().int().min(0).optional(),
  connectorId: z.number().int().min(0).optional(),
  idToken: z.string().optional(),
  startedAt: isoTimestamp,
});

/** v1 of `sessionScoped`: `transactionId` is the session id (tenant-unique). */
const transactionScopedV1 = chargerScoped.extend({
  transactionId: z.string().min(1),
  evseId: z.number().int().min(0).optional(),
  connectorId: z.number().int().min(0).optional(),
  idToken: z.string().optional(),
  startedAt: isoTimestamp,
});

/** A v2 detail in v1 form: the session id under its v1 name (v1 schemas strip the fields they do not know). */
const sessionIdAsTransactionId = <D extends { readonly sessionId?: string }>({ sessionId, ...rest }: D) => ({
  ...rest,
  ...(sessionId !== undefined && { transactionId: sessionId }),
});

const transactionUpdatedFields = {
  /** Last minus first energy register reading so far. */
  energyWh: z.number().min(0),
  /** Time of the last energy register reading. */
  meterReadAt: isoTimestamp.optional(),
};

/** A session's version: 1, one more per correction of the ended session by late data (`sessionCorrected`). */
const sessionVersion = z.number().int().min(1);

const transactionEndedFields = {
  endedAt: isoTimestamp,
  energyWh: z.number().min(0),
  stoppedReason: z.string().optional(),
  /** The session's version when the end was recorded (absent from events published before versions). */
  version: sessionVersion.optional(),
};

/** An end as a StopTransaction / Ended event said it. */
const sessionEnd = z.object({
  at: isoTimestamp,
  seqNo: z.number().int().min(0),
  stoppedReason: z.string().optional(),
  /** Its last energy register reading, in Wh. */
  meterStopWh: z.number().optional(),
});

const idTokenAuthorizedFields = chargerScoped.extend({
  ocppVersion,
  /** As the charger sent it. */
  idToken: z.string(),
  action: z.string().min(1),
  status: z.string().min(1),
  expiresAt: isoTimestamp.optional(),
  groupId: z.string().optional(),
  evseId: z.number().int().min(0).optional(),
});

/**
 * A version of an event's detail that is still published next to the current one, for the consumers that
 * match it (rules, webhooks), until the next major version removes it.
 */
export interface PreviousVersion<Current> {
  readonly detailType: string;
  readonly schema: z.ZodType<Record<string, unknown> & { readonly occurredAt: string }>;
  /** The previous version's detail, from the current one (validated by `schema` on the way out). */
  readonly fromCurrent: (detail: Current) => Record<string, unknown>;
}

/**
 * Every event on the bus. The `detailType` suffix is the schema version of the detail: a breaking change (a
 * field renamed, removed or changing meaning) makes a `.v2` entry the current one and keeps the old one as a
 * `previous` version, published with it, so that existing rules and consumers keep matching and reading it.
 */
export const eventCatalog = {
  chargerConnected: {
    source: eventSources.ocpp,
    detailType: 'ChargerConnected.v1',
    schema: chargerScoped.extend({ connectionId: z.string().min(1), ocppVersion }),
  },
  chargerDisconnected: {
    source: eventSources.ocpp,
    detailType: 'ChargerDisconnected.v1',
    schema: chargerScoped.extend({
      connectionId: z.string().min(1),
      /**
       * `silent`: the liveness sweep ended a connection whose charger stopped sending (its connection record
       * stayed: API Gateway's `$disconnect` is best effort); absent: the connection closed.
       */
      reason: z.literal('silent').optional(),
      /** With `silent`: the last time the charger was heard from, as stored. */
      lastSeenAt: isoTimestamp.optional(),
    }),
  },
  chargerBooted: {
    source: eventSources.ocpp,
    detailType: 'ChargerBooted.v1',
    schema: chargerScoped.extend({
      ocppVersion,
      vendor: z.string(),
      model: z.string(),
      serialNumber: z.string().optional(),
      firmwareVersion: z.string().optional(),
      reason: z.string().optional(),
    }),
  },
  connectorStatusChanged: {
    source: eventSources.ocpp,
    detailType: 'ConnectorStatusChanged.v1',
    schema: chargerScoped.extend({
      evseId: z.number().int().min(0),
      connectorId: z.number().int().min(0),
      status: z.string().min(1),
      previousStatus: z.string().min(1).optional(),
      errorCode: z.string().optional(),
      /** Faulted statuses only: see `selfHealing`. */
      selfHealing,
    }),
  },
  /** v2: `sessionId` is the session id (v1 called it `transactionId`). */
  transactionStarted: {
    source: eventSources.ocpp,
    detailType: 'TransactionStarted.v2',
    schema: sessionScoped,
    previous: [
      {
        detailType: 'TransactionStarted.v1',
        schema: transactionScopedV1.extend({ chargerTransactionId: z.string().min(1) }),
        fromCurrent: sessionIdAsTransactionId,
      },
    ] satisfies PreviousVersion<z.infer<typeof sessionScoped>>[],
  },
  /**
   * A transaction's session changed during the transaction (2.0.1 `Updated` event, 1.6 MeterValues): energy so
   * far. Periodic meter values that change nothing else publish it at most once per
   * `TRANSACTION_UPDATED_INTERVAL_SECONDS` (default 900) of the charger's clock per session and Lambda
   * container, and only for sessions someone listens to: load-managed sites, tenants with a webhook for it
   * (`TRANSACTION_UPDATED_FOR_ALL_SESSIONS=1`: every session); every value is stored with the session. At least once, like the others: a repeated message may
   * publish it again.
   */
  transactionUpdated: {
    source: eventSources.ocpp,
    detailType: 'TransactionUpdated.v2',
    schema: sessionScoped.extend(transactionUpdatedFields),
    previous: [
      {
        detailType: 'TransactionUpdated.v1',
        schema: transactionScopedV1.extend({
          chargerTransactionId: z.string().min(1),
          ...transactionUpdatedFields,
        }),
        fromCurrent: sessionIdAsTransactionId,
      },
    ] satisfies PreviousVersion<z.infer<typeof sessionScoped>>[],
  },
  /**
   * The CSMS's answer to an id token a charger asked about (1.6 Authorize, StartTransaction, StopTransaction).
   * `status` is version-neutral (`Unknown` is what 1.6 chargers get as `Invalid`), or `ConcurrentTx`.
   */
  idTokenAuthorized: {
    source: eventSources.ocpp,
    detailType: 'IdTokenAuthorized.v2',
    schema: idTokenAuthorizedFields.extend({
      /** The session, when the request belongs to a transaction (v1 called it `transactionId`). */
      sessionId: z.string().min(1).optional(),
    }),
    previous: [
      {
        detailType: 'IdTokenAuthorized.v1',
        schema: idTokenAuthorizedFields.extend({
          /** The session id, when the request belongs to a transaction. */
          transactionId: z.string().min(1).optional(),
        }),
        fromCurrent: sessionIdAsTransactionId,
      },
    ] satisfies PreviousVersion<{ sessionId?: string }>[],
  },
  /** v2: `sessionId` is the session id (v1 called it `transactionId`); `chargerTransactionId` always present. */
  transactionEnded: {
    source: eventSources.ocpp,
    detailType: 'TransactionEnded.v2',
    schema: sessionScoped.extend(transactionEndedFields).extend({
      /** The session has a first and a last energy register reading: `energyWh` was measured, not just absent. */
      metered: z.boolean().optional(),
      /**
       * Present when the charger reported charging states in the session (1.6 StatusNotification, 2.0.1
       * `chargingState`): whether one of them was `Charging` (the EV started charging).
       */
      chargingStarted: z.boolean().optional(),
      /** Authorised sessions (with `idToken`) only: see `selfHealing`. */
      selfHealing,
    }),
    previous: [
      {
        detailType: 'TransactionEnded.v1',
        schema: transactionScopedV1.extend({
          // Optional in v1: it was added after the first consumers of this event.
          chargerTransactionId: z.string().min(1).optional(),
          ...transactionEndedFields,
        }),
        fromCurrent: sessionIdAsTransactionId,
      },
    ] satisfies PreviousVersion<z.infer<typeof sessionScoped>>[],
  },
  /**
   * Late data changed a session after it ended (a Started delivered after the Ended, a reading the end lacked):
   * the session's new `version` and figures, and the ones they replace. Published once per version; what is
   * billed is always the latest version (a billed one is credited and billed again by billing).
   */
  sessionCorrected: {
    source: eventSources.ocpp,
    detailType: 'SessionCorrected.v1',
    schema: sessionScoped.extend({
      version: sessionVersion.min(2),
      endedAt: isoTimestamp,
      energyWh: z.number().min(0),
      stoppedReason: z.string().optional(),
      previous: z.object({
        version: sessionVersion,
        startedAt: isoTimestamp,
        endedAt: isoTimestamp.optional(),
        energyWh: z.number().min(0),
      }),
    }),
  },
  /**
   * A charger said something about an ended session that contradicts what is recorded — a second
   * StopTransaction / Ended with other data than the first (`conflictingEnd`). Not applied: the session keeps
   * its first end; this is for a person to look at.
   */
  sessionDiscrepancyDetected: {
    source: eventSources.ocpp,
    detailType: 'SessionDiscrepancyDetected.v1',
    schema: sessionScoped.extend({
      kind: z.enum(['conflictingEnd']),
      version: sessionVersion,
      recorded: sessionEnd,
      received: sessionEnd,
    }),
  },
  /**
   * The billing workflow issued a CDR: once per CDR (a correction issues two, the credit and the new CDR).
   * Amounts in integer minor units, negative on a credit. `noTariff`: no tariff applied to the session, billed at
   * zero; a rule can match `{"detail": {"noTariff": [true]}}` to tell someone. At least once, like every event:
   * a consumer keeps `cdrId` to tell a repeat.
   */
  sessionBilled: {
    source: eventSources.billing,
    detailType: 'SessionBilled.v1',
    schema: chargerScoped.extend({
      sessionId: z.string().min(1),
      sessionVersion,
      cdrId: z.string().min(1),
      credit: z.boolean(),
      creditReferenceId: z.string().min(1).optional(),
      currency: z.string().length(3),
      totalExclVat: z.number().int(),
      totalVat: z.number().int(),
      totalInclVat: z.number().int(),
      tariffId: z.string().min(1).optional(),
      tariffVersion: z.number().int().min(1).optional(),
      noTariff: z.literal(true).optional(),
    }),
  },
  /** A charger's security event (1.6 security extension, 2.0.1 SecurityEventNotification); `occurredAt` its time. */
  securityEventReceived: {
    source: eventSources.ocpp,
    detailType: 'SecurityEventReceived.v1',
    schema: chargerScoped.extend({ ocppVersion, type: z.string(), techInfo: z.string().optional() }),
  },
  /**
   * A charger asks for a certificate (1.6 security extension, 2.0.1 SignCertificate). The CSMS has no CA: a signer
   * consumes this and sends the chain with CertificateSigned through the remote-command API.
   */
  certificateSigningRequested: {
    source: eventSources.ocpp,
    detailType: 'CertificateSigningRequested.v1',
    schema: chargerScoped.extend({
      ocppVersion,
      /** PEM-encoded PKCS#10 request, as the charger sent it. */
      csr: z.string(),
      /** 2.0.1 only: ChargingStationCertificate or V2GCertificate. */
      certificateType: z.string().optional(),
    }),
  },
  /**
   * A charger's device-model report (OCPP 2.0.1 NotifyReport parts of one request id) ended: `complete` (every
   * part up to the last one received and stored) or `incomplete` (parts missing, or the connection closed
   * first; what arrived is stored). `solicited` is false for a report the CSMS never asked for.
   */
  deviceModelReported: {
    source: eventSources.ocpp,
    detailType: 'DeviceModelReported.v1',
    schema: chargerScoped.extend({
      requestId: z.number().int().min(0),
      status: z.enum(['complete', 'incomplete']),
      incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
      solicited: z.boolean(),
      reportBase: z.string().optional(),
      parts: z.number().int().min(0),
      variables: z.number().int().min(0),
    }),
  },
  /**
   * A charger's monitoring report (OCPP 2.0.1 NotifyMonitoringReport parts of one GetMonitoringReport) ended:
   * `complete` or `incomplete` (parts missing, or the connection closed first; what arrived is stored). The
   * monitors: GET /v1/chargers/{id}/device-model/monitors.
   */
  deviceMonitoringReported: {
    source: eventSources.ocpp,
    detailType: 'DeviceMonitoringReported.v1',
    schema: chargerScoped.extend({
      requestId: z.number().int().min(0),
      status: z.enum(['complete', 'incomplete']),
      incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
      parts: z.number().int().min(0),
      monitors: z.number().int().min(0),
    }),
  },
  /**
   * A charger's display messages report (OCPP 2.0.1 NotifyDisplayMessages parts of one GetDisplayMessages)
   * ended: `complete`, or `incomplete` when the connection closed first. The messages:
   * GET /v1/chargers/{id}/display-messages.
   */
  displayMessagesReported: {
    source: eventSources.ocpp,
    detailType: 'DisplayMessagesReported.v1',
    schema: chargerScoped.extend({
      requestId: z.number().int().min(0),
      status: z.enum(['complete', 'incomplete']),
      incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
      parts: z.number().int().min(0),
      messages: z.number().int().min(0),
    }),
  },
  /**
   * A charger's answer to CustomerInformation (OCPP 2.0.1 NotifyCustomerInformation parts) ended: `complete` or
   * `incomplete`. It carries no customer data (personal data stays in the store, 30 days):
   * GET /v1/chargers/{id}/customer-information/{requestId}.
   */
  customerInformationReported: {
    source: eventSources.ocpp,
    detailType: 'CustomerInformationReported.v1',
    schema: chargerScoped.extend({
      requestId: z.number().int().min(0),
      status: z.enum(['complete', 'incomplete']),
      incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
      parts: z.number().int().min(0),
      /** Characters of data received. */
      characters: z.number().int().min(0),
    }),
  },
  /**
   * An event a charger notified (OCPP 2.0.1 NotifyEvent: a monitor tripped, a hard-wired notification, a
   * periodic value), one per event; `occurredAt` is the charger's time of it. Stored too (GET
   * /v1/chargers/{id}/device-model/events). A secret variable's value is `***`.
   */
  deviceEventReported: {
    source: eventSources.ocpp,
    detailType: 'DeviceEventReported.v1',
    schema: chargerScoped.extend({
      eventId: z.number().int(),
      trigger: z.enum(['Alerting', 'Delta', 'Periodic']),
      eventNotificationType: z.string(),
      component: z.string(),
      componentInstance: z.string().optional(),
      evseId: z.number().int().min(0).optional(),
      connectorId: z.number().int().min(0).optional(),
      variable: z.string(),
      variableInstance: z.string().optional(),
      actualValue: z.string(),
      cleared: z.boolean().optional(),
      cause: z.number().int().optional(),
      techCode: z.string().optional(),
      techInfo: z.string().optional(),
      transactionId: z.string().optional(),
      variableMonitoringId: z.number().int().optional(),
    }),
  },
  /**
   * A site's load-management settings changed through the API (set, replaced, turned off), or a charger's wiring
   * did (`PATCH /v1/chargers/{id}`): the load-balancing workflow re-allocates the site.
   */
  loadManagementChanged: {
    source: eventSources.api,
    detailType: 'LoadManagementChanged.v1',
    schema: envelope.extend({
      siteId: z.string().min(1),
      change: z.enum(['settings', 'removed', 'wiring']),
      chargerId: z.string().min(1).optional(),
    }),
  },
  /**
   * A load-balancing run changed the limits of a site's sessions. `allocations` are the site's allocations after
   * the run; `flagged` ones are on chargers that reject every profile (budgeted at their rated current).
   */
  allocationChanged: {
    source: eventSources.api,
    detailType: 'AllocationChanged.v1',
    schema: envelope.extend({
      siteId: z.string().min(1),
      allocations: z.array(
        z.object({
          chargerId: z.string().min(1),
          evseId: z.number().int().min(0),
          connectorId: z.number().int().min(0),
          sessionId: z.string().min(1),
          limitA: z.number().min(0),
          previousLimitA: z.number().min(0).optional(),
          validTo: isoTimestamp.optional(),
          status: z.enum(['Pending', 'Accepted', 'Rejected', 'Unanswered', 'Budgeted']),
          flagged: z.boolean().optional(),
        }),
      ),
      /** Sessions whose allocation ended with this run (the session ended, or moved away). */
      released: z.array(z.string().min(1)),
    }),
  },
  /** Every command requested through the API ends with one of these, whatever its outcome. */
  commandCompleted: {
    source: eventSources.api,
    detailType: 'CommandCompleted.v1',
    schema: chargerScoped.extend({
      commandId: z.string().min(1),
      action: z.string().min(1),
      outcome: z.enum(['completed', 'failed', 'timeout', 'offline']),
      /** The CALLERROR code, or the version's FormatViolation code for an answer that broke the schema. */
      errorCode: z.string().min(1).optional(),
    }),
  },
  /**
   * A reservation changed status: `Active` or `Rejected` (the charger's answer to ReserveNow, see
   * `chargerStatus`), `Failed` (no answer), `Cancelled`, `Used` (a transaction started with it). Expiry
   * publishes nothing: an active reservation past `expiresAt` is simply over.
   */
  /**
   * A reservation's stored status changed. `Expired` and `Removed` (added within v1: a new value, no field
   * changed) come from an OCPP 2.0.1 charger's ReservationStatusUpdate.
   */
  reservationStatusChanged: {
    source: eventSources.ocpp,
    detailType: 'ReservationStatusChanged.v1',
    schema: chargerScoped.extend({
      /** The reservation id the charger knows (1.6 reservationId, 2.0.1 id), unique per charger. */
      reservationId: z.number().int().min(0),
      /** 1.6: the connector; 2.0.1: the EVSE. 0: any. */
      connectorId: z.number().int().min(0),
      status: z.enum([
        'Requested',
        'Active',
        'Rejected',
        'Failed',
        'Cancelled',
        'Used',
        'Expired',
        'Removed',
      ]),
      previousStatus: z.string().min(1).optional(),
      chargerStatus: z.string().min(1).optional(),
      expiresAt: isoTimestamp,
    }),
  },
  /** An EV's charging needs on an EVSE, as its charger forwarded them (OCPP 2.0.1 NotifyEVChargingNeeds). */
  evChargingNeedsNotified: {
    source: eventSources.ocpp,
    detailType: 'EVChargingNeedsNotified.v1',
    schema: chargerScoped.extend({
      evseId: z.number().int().min(1),
      requestedEnergyTransfer: z.string().min(1),
      /** When the EV wants to leave, UTC. */
      departureTime: isoTimestamp.optional(),
      /** AC `energyAmount`, or DC `energyAmount` when given, in Wh. */
      energyAmountWh: z.number().optional(),
      evMinCurrentA: z.number().optional(),
      evMaxCurrentA: z.number().optional(),
      evMaxVoltageV: z.number().optional(),
      /** DC only. */
      evMaxPowerW: z.number().optional(),
      stateOfCharge: z.number().int().optional(),
      maxScheduleTuples: z.number().int().optional(),
    }),
  },
  /** The schedule an EV plans to charge by (OCPP 2.0.1 NotifyEVChargingSchedule). */
  evChargingScheduleNotified: {
    source: eventSources.ocpp,
    detailType: 'EVChargingScheduleNotified.v1',
    schema: chargerScoped.extend({
      evseId: z.number().int().min(1),
      timeBase: isoTimestamp,
      scheduleId: z.number().int(),
      chargingRateUnit: z.enum(['W', 'A']),
      periods: z.number().int().min(0),
      duration: z.number().int().optional(),
    }),
  },
  /** A source outside the CSMS (EMS, SO, CSO, Other) limits an EVSE or, `evseId` 0, the charger (NotifyChargingLimit). */
  chargingLimitNotified: {
    source: eventSources.ocpp,
    detailType: 'ChargingLimitNotified.v1',
    schema: chargerScoped.extend({
      evseId: z.number().int().min(0),
      chargingLimitSource: z.string().min(1),
      isGridCritical: z.boolean().optional(),
      /** Schedules the notification carried (0: the charger sent none). */
      schedules: z.number().int().min(0),
    }),
  },
  /** An external limit ended (OCPP 2.0.1 ClearedChargingLimit); `known`: a limit of that source was stored. */
  chargingLimitCleared: {
    source: eventSources.ocpp,
    detailType: 'ChargingLimitCleared.v1',
    schema: chargerScoped.extend({
      evseId: z.number().int().min(0),
      chargingLimitSource: z.string().min(1),
      known: z.boolean(),
    }),
  },
  /** A charger's charging-profile report is complete (the ReportChargingProfiles part with `tbc` false). */
  chargingProfilesReported: {
    source: eventSources.ocpp,
    detailType: 'ChargingProfilesReported.v1',
    schema: chargerScoped.extend({
      requestId: z.number().int(),
      parts: z.number().int().min(1),
      profiles: z.number().int().min(0),
      /** The EVSEs the profiles are on (0: the charger as a whole), ascending. */
      evseIds: z.array(z.number().int().min(0)),
    }),
  },
  /**
   * A charger reported a firmware status (1.6 FirmwareStatusNotification, SignedFirmwareStatusNotification, 2.0.1
   * FirmwareStatusNotification).
   */
  firmwareStatusChanged: {
    source: eventSources.ocpp,
    detailType: 'FirmwareStatusChanged.v1',
    schema: chargerScoped.extend({
      status: z.string().min(1),
      previousStatus: z.string().min(1).optional(),
      /** Security extension (signed firmware), 2.0.1 (UpdateFirmware): the request the status belongs to. */
      requestId: z.number().int().optional(),
    }),
  },
  /**
   * A charger reported an upload status (1.6 DiagnosticsStatusNotification, LogStatusNotification, 2.0.1
   * LogStatusNotification).
   */
  diagnosticsStatusChanged: {
    source: eventSources.ocpp,
    detailType: 'DiagnosticsStatusChanged.v1',
    schema: chargerScoped.extend({
      status: z.string().min(1),
      previousStatus: z.string().min(1).optional(),
      /** Security extension, 2.0.1 (GetLog): the request the status belongs to. */
      requestId: z.number().int().optional(),
    }),
  },
  /**
   * A 2.0.1 local controller reported the status of publishing firmware to the chargers behind it
   * (PublishFirmwareStatusNotification); `locations` with `Published`: where it serves the firmware.
   */
  firmwarePublicationStatusChanged: {
    source: eventSources.ocpp,
    detailType: 'FirmwarePublicationStatusChanged.v1',
    schema: chargerScoped.extend({
      status: z.string().min(1),
      previousStatus: z.string().min(1).optional(),
      /** The request id of the PublishFirmware request. */
      requestId: z.number().int().optional(),
      locations: z.array(z.string()).optional(),
    }),
  },
  /** The self-healing workflow gave up on a charger: a connector stayed Faulted through `resets` resets. */
  incidentOpened: {
    source: eventSources.api,
    detailType: 'IncidentOpened.v1',
    schema: chargerScoped.extend({
      incidentId: z.string().min(1),
      /** The connectors still Faulted when the incident was opened. */
      connectors: z.array(
        z.object({ evseId: z.number().int().min(0), connectorId: z.number().int().min(0) }),
      ),
      resets: z.number().int().min(0),
      faultedSince: isoTimestamp,
    }),
  },
  /**
   * A charger online and Available whose last `ghostSessions` authorised sessions all failed (no energy, or the
   * EV never started charging): a `ghost` incident (`IncidentOpened` stays the Faulted kind's).
   */
  ghostIncidentOpened: {
    source: eventSources.api,
    detailType: 'GhostIncidentOpened.v1',
    schema: chargerScoped.extend({
      incidentId: z.string().min(1),
      /** The failed sessions, newest first. */
      sessionIds: z.array(z.string().min(1)).min(1),
      ghostSessions: z.number().int().min(1),
    }),
  },
  /**
   * An incident was resolved: by an operator (`POST /v1/incidents/{id}/resolve`), or a ghost incident by
   * self-healing when a later session of the charger succeeded (`resolvedBy: self-healing`).
   */
  incidentResolved: {
    source: eventSources.api,
    detailType: 'IncidentResolved.v1',
    schema: chargerScoped.extend({
      incidentId: z.string().min(1),
      resolvedBy: z.string().min(1),
      note: z.string().optional(),
      /** Absent: `faulted`. */
      kind: z.enum(['faulted', 'ghost']).optional(),
    }),
  },
} as const;

export type EventName = keyof typeof eventCatalog;
export type EventDetail<N extends EventName> = z.infer<(typeof eventCatalog)[N]['schema']>;

/** A domain event before it is put on the bus. */
export type DomainEvent = { [N in EventName]: { name: N; detail: EventDetail<N> } }[EventName];

/** An event as the bus carries it. */
export interface BusEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown> & { readonly occurredAt: string };
}

/** What `busEventsOf` needs of a catalog entry, whatever its detail. */
interface CatalogEntry {
  readonly source: string;
  readonly detailType: string;
  readonly schema: z.ZodType<BusEvent['detail']>;
  readonly previous?: readonly PreviousVersion<BusEvent['detail']>[];
}

/**
 * What publishing an event puts on the bus: its detail in the current version, then (unless `previousVersions`
 * is false: PUBLISH_PREVIOUS_EVENT_VERSIONS) in each previous version still published, each validated by its
 * schema (consumers never see a detail that breaks its contract).
 */
export const busEventsOf = (event: DomainEvent, { previousVersions = true } = {}): BusEvent[] => {
  const entry = eventCatalog[event.name] as CatalogEntry;
  const detail = entry.schema.parse(event.detail);
  return [
    { source: entry.source, detailType: entry.detailType, detail },
    ...(previousVersions ? (entry.previous ?? []) : []).map((version) => ({
      source: entry.source,
      detailType: version.detailType,
      detail: version.schema.parse(version.fromCurrent(detail)),
    })),
  ];
};

export const eventTypes = Object.fromEntries(
  Object.entries(eventCatalog).map(([name, entry]) => [name, entry.detailType]),
) as { [N in EventName]: (typeof eventCatalog)[N]['detailType'] };
