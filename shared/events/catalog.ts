import { z } from 'zod';

/** EventBridge `source` values. */
export const eventSources = { ocpp: 'csms.ocpp', api: 'csms.api' } as const;

const ocppVersion = z.enum(['ocpp1.6', 'ocpp2.0.1']);
const isoTimestamp = z.iso.datetime({ offset: true });

/** Fields every event carries: whose it is, when it happened, and the request that caused it. */
const envelope = z.object({
  tenantId: z.string().min(1),
  occurredAt: isoTimestamp,
  correlationId: z.string().min(1),
});

const chargerScoped = envelope.extend({
  chargerId: z.string().min(1),
  /** Present when the charger belongs to a site; load balancing works per site. */
  siteId: z.string().min(1).optional(),
});

/**
 * Every event on the bus. The `detailType` suffix is the schema version of the detail: a breaking change
 * adds a `.v2` entry next to the old one so that existing rules keep matching.
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
    schema: chargerScoped.extend({ connectionId: z.string().min(1) }),
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
    }),
  },
  /** `transactionId` is the session id (tenant-unique); `chargerTransactionId` the charger's own id. */
  transactionStarted: {
    source: eventSources.ocpp,
    detailType: 'TransactionStarted.v1',
    schema: chargerScoped.extend({
      transactionId: z.string().min(1),
      chargerTransactionId: z.string().min(1),
      evseId: z.number().int().min(0).optional(),
      connectorId: z.number().int().min(0).optional(),
      idToken: z.string().optional(),
      startedAt: isoTimestamp,
    }),
  },
  transactionEnded: {
    source: eventSources.ocpp,
    detailType: 'TransactionEnded.v1',
    schema: chargerScoped.extend({
      transactionId: z.string().min(1),
      chargerTransactionId: z.string().min(1).optional(),
      evseId: z.number().int().min(0).optional(),
      connectorId: z.number().int().min(0).optional(),
      idToken: z.string().optional(),
      startedAt: isoTimestamp,
      endedAt: isoTimestamp,
      energyWh: z.number().min(0),
      stoppedReason: z.string().optional(),
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
} as const;

export type EventName = keyof typeof eventCatalog;
export type EventDetail<N extends EventName> = z.infer<(typeof eventCatalog)[N]['schema']>;

/** A domain event before it is put on the bus. */
export type DomainEvent = { [N in EventName]: { name: N; detail: EventDetail<N> } }[EventName];

export const eventTypes = Object.fromEntries(
  Object.entries(eventCatalog).map(([name, entry]) => [name, entry.detailType]),
) as { [N in EventName]: (typeof eventCatalog)[N]['detailType'] };
