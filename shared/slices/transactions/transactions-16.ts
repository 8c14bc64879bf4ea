import { createHash } from 'node:crypto';
import { isStorableNumber, requireConnectorId, requireStorableNumber } from '../../ocpp/charger-numbers.ts';
import type {
  AuthorizeResponse,
  MeterValuesRequest,
  StartTransactionRequest,
  StartTransactionResponse,
  StopTransactionRequest,
  StopTransactionResponse,
} from '../../ocpp/generated/ocpp16.ts';
import { authorizeAtCharger, type ChargerAuthorization } from '../authorization/authorization.ts';
import { toOcpp16Status } from '../authorization/id-tokens.ts';
import { chargerTime } from '../chargers/charger-clock.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import { consumeReservation } from '../reservations/reservations.ts';
import type { ChargingState, SampledValue } from './model.ts';
import { recordSessionEvent, type SessionEvent } from './sessions.ts';

/**
 * OCPP 1.6 transactions as sessions, the same as 2.0.1 ones. The CSMS numbers them (a counter per charger);
 * StartTransaction, MeterValues and StopTransaction become Started, Updated and Ended session events, so that
 * times, energy and meter values fold the same way: by the charger's timestamps, whatever order the messages
 * arrive in (a charger delivers what it queued offline late, with the old timestamps).
 */

type TransactionDeps = Pick<
  Dependencies,
  | 'sessions'
  | 'activeSessions'
  | 'chargerSessions'
  | 'chargerTransactionIds'
  | 'idTokens'
  | 'drivers'
  | 'vehicles'
  | 'reservations'
  | 'events'
  | 'sampleEvents'
  | 'progressAudience'
  | 'selfHealingAudience'
  | 'clock'
  | 'ids'
  | 'settings'
  | 'cohortCounters'
  | 'uptimeCounters'
  | 'sites'
>;

/** OCPP 1.6 has no EVSE level: connector n is EVSE n with one connector, connector 0 the charger itself. */
export const evseOf16 = (connectorId: number) => ({
  evseId: connectorId,
  connectorId: connectorId === 0 ? 0 : 1,
});

/**
 * 1.6 messages have no sequence numbers; these order readings of the same time (StartTransaction's first,
 * StopTransaction's last) and key the stored meter values, so that a repeated message stores nothing new.
 */
export const startSeqNo = 0;
export const stopSeqNo = 2 ** 31 - 1;

/**
 * A MeterValues message's: from its content, so that a repeat gets the same number (and stores nothing new)
 * and another message with values of the same time another one (both are kept). Between the start's and the
 * stop's.
 */
export const meterValuesSeqNo = (request: MeterValuesRequest): number =>
  1 + (createHash('sha256').update(JSON.stringify(request)).digest().readUInt32BE(0) % 1_000_000_000);

/** A charger time of the request, bounded (see `chargerTime`). */
type TimeOf = (field: string, timestamp: string) => string;

const timeOf =
  (deps: Pick<Dependencies, 'settings'>, ctx: ChargerMessageContext): TimeOf =>
  (field, timestamp) =>
    chargerTime(deps, ctx, field, timestamp);

type MeterValue16 = MeterValuesRequest['meterValue'][number];
type SampledValue16 = MeterValue16['sampledValue'][number];

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A 1.6 sampled value (a string) as a number, or undefined for what is no number: signed data (its format is
 * vendor-specific) or a malformed value. Absent measurand and unit keep their OCPP defaults (energy register, Wh).
 */
export const toSampledValue16 = (value: SampledValue16): SampledValue | undefined => {
  if (value.format === 'SignedData' || !decimal.test(value.value.trim())) return undefined;
  const number = Number(value.value);
  // A value DynamoDB cannot hold is as good as malformed (1e300 made the write throw).
  if (!isStorableNumber(number)) return undefined;
  return {
    value: number,
    ...(value.measurand && { measurand: value.measurand }),
    ...(value.unit && { unit: value.unit }),
    ...(value.phase && { phase: value.phase }),
    ...(value.location && { location: value.location }),
    ...(value.context && { context: value.context }),
  };
};

const toMeterValues = (values: readonly MeterValue16[], timeOf: TimeOf): SessionEvent['meterValues'] =>
  values.flatMap((meterValue) => {
    const sampledValues = meterValue.sampledValue.flatMap((value) => toSampledValue16(value) ?? []);
    return sampledValues.length === 0
      ? []
      : [{ at: timeOf('meterValue.timestamp', meterValue.timestamp), sampledValues }];
  });

/** meterStart / meterStop: the energy register in Wh, stored as a reading like any other. */
const registerReading = (wh: number, context: 'Transaction.Begin' | 'Transaction.End'): SampledValue => ({
  value: wh,
  measurand: 'Energy.Active.Import.Register',
  unit: 'Wh',
  context,
});

/** OCPP 1.6 idTagInfo of an authorization; the group becomes the parent id tag when it fits (20 characters). */
export const toIdTagInfo = (authorization: ChargerAuthorization): AuthorizeResponse['idTagInfo'] => ({
  status: toOcpp16Status(authorization.status),
  ...(authorization.expiresAt && { expiryDate: authorization.expiresAt }),
  ...(authorization.groupId && authorization.groupId.length <= 20 && { parentIdTag: authorization.groupId }),
});

/**
 * The identity of a start: a StartTransaction repeated because its answer was lost carries the same connector,
 * id tag, meter start and timestamp, and gets the same transaction id.
 */
export const startKeyOf = (request: StartTransactionRequest, at: string): string =>
  [request.connectorId, request.idTag, request.meterStart, at].join('/');

/** Authorize: the token's authorization, `ConcurrentTx` if it has a session on another charger. */
export const authorize16 = async (
  deps: Pick<Dependencies, 'idTokens' | 'sessions' | 'activeSessions' | 'events' | 'clock'>,
  ctx: ChargerMessageContext,
  idTag: string,
): Promise<AuthorizeResponse> => {
  const authorization = await authorizeAtCharger(deps, ctx, {
    idToken: idTag,
    action: 'Authorize',
    concurrency: {},
  });
  return { idTagInfo: toIdTagInfo(authorization) };
};

/**
 * StartTransaction: gives the start its transaction id (the same again for a repeat), records the session
 * (whatever the token's status: the charger has started; it stops a refused one itself) and answers the token's
 * authorization, `ConcurrentTx` if it has a session on another charger or EVSE.
 */
export const startTransaction16 = async (
  deps: TransactionDeps,
  ctx: ChargerMessageContext,
  request: StartTransactionRequest,
): Promise<StartTransactionResponse & { sessionId: string }> => {
  // Connector 0 is the charger itself: no transaction runs on it.
  requireConnectorId('connectorId', request.connectorId, 1);
  requireStorableNumber('meterStart', request.meterStart);
  const at = chargerTime(deps, ctx, 'timestamp', request.timestamp);
  const evse = evseOf16(request.connectorId);
  const { chargerTransactionId } = await deps.chargerTransactionIds.allocate(
    ctx.tenantId,
    ctx.chargerId,
    startKeyOf(request, at),
    evse.evseId,
  );
  const { session } = await recordSessionEvent(deps, ctx, {
    chargerTransactionId: String(chargerTransactionId),
    eventType: 'Started',
    at,
    seqNo: startSeqNo,
    ...evse,
    ...(request.idTag && { idToken: { idToken: request.idTag } }),
    meterValues: [{ at, sampledValues: [registerReading(request.meterStart, 'Transaction.Begin')] }],
  });
  // A start on a reservation uses it up: the connector is no longer held for the token.
  if (request.reservationId !== undefined) {
    await consumeReservation(deps, {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      reservationId: request.reservationId,
      sessionId: session.sessionId,
      correlationId: ctx.correlationId,
    });
  }
  const authorization = await authorizeAtCharger(deps, ctx, {
    idToken: request.idTag,
    action: 'StartTransaction',
    concurrency: { evseId: evse.evseId },
    sessionId: session.sessionId,
    evseId: evse.evseId,
  });
  return {
    transactionId: chargerTransactionId,
    idTagInfo: toIdTagInfo(authorization),
    sessionId: session.sessionId,
  };
};

/**
 * MeterValues: with a transaction id of a known transaction, its values go to the session (energy so far,
 * `transactionUpdated`). Values without a transaction id (connector-level sampling, the main meter on
 * connector 0) and values of a transaction the CSMS never numbered are not kept: no session holds them.
 * Returns the session id when the values were recorded.
 */
export const recordMeterValues16 = async (
  deps: TransactionDeps,
  ctx: ChargerMessageContext,
  request: MeterValuesRequest,
): Promise<{ sessionId?: string }> => {
  requireConnectorId('connectorId', request.connectorId);
  if (request.transactionId === undefined) return {};
  const chargerTransactionId = String(request.transactionId);
  const sessionId = await deps.sessions.findSessionId(ctx.tenantId, ctx.chargerId, chargerTransactionId);
  const meterValues = toMeterValues(request.meterValue, timeOf(deps, ctx));
  if (!sessionId || meterValues.length === 0) return {};
  await recordSessionEvent(deps, ctx, {
    chargerTransactionId,
    eventType: 'Updated',
    // The latest sample: a message is sent after what it reports.
    at: meterValues.map((value) => value.at).reduce((a, b) => (a > b ? a : b)),
    seqNo: meterValuesSeqNo(request),
    meterValues,
  });
  return { sessionId };
};

/**
 * StopTransaction: ends the session with meterStop and the transaction data; a repeated stop changes nothing
 * (the session keeps its first end). A stop of a transaction the CSMS never numbered is answered and not kept.
 * The id tag, when there is one, is answered with its authorization (no concurrency rule: it is a stop).
 */
export const stopTransaction16 = async (
  deps: TransactionDeps,
  ctx: ChargerMessageContext,
  request: StopTransactionRequest,
): Promise<StopTransactionResponse & { sessionId?: string }> => {
  requireStorableNumber('meterStop', request.meterStop);
  const chargerTransactionId = String(request.transactionId);
  const sessionId = await deps.sessions.findSessionId(ctx.tenantId, ctx.chargerId, chargerTransactionId);
  if (sessionId) {
    const at = chargerTime(deps, ctx, 'timestamp', request.timestamp);
    await recordSessionEvent(deps, ctx, {
      chargerTransactionId,
      eventType: 'Ended',
      at,
      seqNo: stopSeqNo,
      ...(request.idTag && { idToken: { idToken: request.idTag } }),
      // OCPP 1.6: the reason "MAY be omitted when the Reason is Local".
      stoppedReason: request.reason ?? 'Local',
      // meterStop first: of two register readings of the stop's time, the first counts.
      meterValues: [
        { at, sampledValues: [registerReading(request.meterStop, 'Transaction.End')] },
        ...toMeterValues(request.transactionData ?? [], timeOf(deps, ctx)),
      ],
    });
  }
  const session = sessionId && { sessionId };
  if (request.idTag === undefined) return { ...session };
  const authorization = await authorizeAtCharger(deps, ctx, {
    idToken: request.idTag,
    action: 'StopTransaction',
    ...session,
  });
  return { idTagInfo: toIdTagInfo(authorization), ...session };
};

/** 1.6 connector statuses that say what the EV of a running transaction does (the others say nothing of it). */
const chargingStateOf16: Readonly<Record<string, ChargingState>> = {
  Charging: 'Charging',
  SuspendedEV: 'SuspendedEV',
  SuspendedEVSE: 'SuspendedEVSE',
  Finishing: 'Finishing',
};

/** A status notification's seqNo: from its content (a repeat gets the same one), between the start's and the stop's. */
export const statusSeqNo = (status: { connectorId: number; status: string; at: string }): number =>
  1 +
  (createHash('sha256')
    .update(JSON.stringify(['status', status]))
    .digest()
    .readUInt32BE(0) %
    1_000_000_000);

/**
 * StatusNotification of a connector during its transaction: `Charging`, `SuspendedEV`, `SuspendedEVSE` and
 * `Finishing` become the session's charging state (billing's parking time), as an Updated event without meter
 * values. The transaction is the latest started on the connector's EVSE; a status after its stop is outside
 * its window and changes nothing. Only a change costs a write (`chargingStatesOf`: a repeat adds nothing).
 * Returns the session id when the status was offered to a session.
 */
export const recordChargingStatus16 = async (
  deps: TransactionDeps,
  ctx: ChargerMessageContext,
  status: { connectorId: number; status: string; at: string },
): Promise<{ sessionId?: string }> => {
  const chargingState = chargingStateOf16[status.status];
  if (!chargingState || status.connectorId === 0) return {};
  const { evseId } = evseOf16(status.connectorId);
  const latest = await deps.chargerTransactionIds.latestOnEvse(ctx.tenantId, ctx.chargerId, evseId);
  if (latest === undefined) return {};
  const chargerTransactionId = String(latest);
  const sessionId = await deps.sessions.findSessionId(ctx.tenantId, ctx.chargerId, chargerTransactionId);
  if (!sessionId) return {};
  // A status from the stop on (Finishing, then the next session's Charging before its start) lasts nothing
  // of this session (`chargingStatesOf`): not worth folding the whole session to learn it.
  const session = await deps.sessions.get(ctx.tenantId, sessionId);
  if (!session || (session.endedAt !== undefined && status.at >= session.endedAt)) return {};
  await recordSessionEvent(deps, ctx, {
    chargerTransactionId,
    eventType: 'Updated',
    at: status.at,
    seqNo: statusSeqNo(status),
    chargingState,
    meterValues: [],
  });
  return { sessionId };
};
