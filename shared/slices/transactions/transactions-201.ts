import {
  maxOcppInteger,
  requireConnectorId,
  requireIntegerIn,
  requireStorableNumber,
} from '../../ocpp/charger-numbers.ts';
import { OcppPropertyConstraintViolation } from '../../ocpp/errors.ts';
import type {
  IdTokenInfoType,
  MeterValuesRequest,
  MeterValuesResponse,
  SampledValueType,
  TransactionEventRequest,
  TransactionEventResponse,
} from '../../ocpp/generated/ocpp201.ts';
import { type Authorization, authorizeIdToken } from '../authorization/id-tokens.ts';
import { withChargerCost201 } from '../billing/charger-cost.ts';
import { chargerTime } from '../chargers/charger-clock.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import type { SampledValue } from './model.ts';
import { recordSessionEvent, type SessionEvent } from './sessions.ts';

/** OCPP 2.0.1 idTokenInfo of an authorization; a group id is sent as a `Central` token (set by the CSMS). */
export const toIdTokenInfo = (authorization: Authorization): IdTokenInfoType => ({
  status: authorization.status,
  ...(authorization.expiresAt && { cacheExpiryDateTime: authorization.expiresAt }),
  ...(authorization.groupId && { groupIdToken: { idToken: authorization.groupId, type: 'Central' } }),
  // The charger's local smart charging (K-block) may weigh it too; the schema's own range (-9…9) is the API's.
  ...(authorization.chargingPriority !== undefined && { chargingPriority: authorization.chargingPriority }),
});

const toSampledValue = (value: SampledValueType): SampledValue => ({
  value: requireStorableNumber('sampledValue.value', value.value),
  ...(value.measurand && { measurand: value.measurand }),
  ...(value.unitOfMeasure?.unit && { unit: value.unitOfMeasure.unit }),
  ...(value.unitOfMeasure?.multiplier && {
    multiplier: requireIntegerIn(
      'unitOfMeasure.multiplier',
      value.unitOfMeasure.multiplier,
      -maxOcppInteger,
      maxOcppInteger,
    ),
  }),
  ...(value.phase && { phase: value.phase }),
  ...(value.location && { location: value.location }),
  ...(value.context && { context: value.context }),
});

/** A charger time of the request, bounded (see `chargerTime`). */
type TimeOf = (field: string, timestamp: string) => string;

/**
 * The version-neutral event of a TransactionEvent. Numbers the CSMS keys by or stores are checked first (a
 * PropertyConstraintViolation, nothing written): seqNo and remote start id 32-bit, EVSE 1…1000, connector
 * 0…1000, measured values storable.
 */
export const toSessionEvent = (request: TransactionEventRequest, timeOf: TimeOf): SessionEvent => {
  const { transactionInfo: info, evse, idToken } = request;
  const seqNo = requireIntegerIn('seqNo', request.seqNo, 0, maxOcppInteger);
  if (evse) requireConnectorId('evse.id', evse.id, 1);
  if (evse?.connectorId !== undefined) requireConnectorId('evse.connectorId', evse.connectorId);
  if (info.remoteStartId !== undefined)
    requireIntegerIn('transactionInfo.remoteStartId', info.remoteStartId, -maxOcppInteger, maxOcppInteger);
  return {
    chargerTransactionId: info.transactionId,
    eventType: request.eventType,
    at: timeOf('timestamp', request.timestamp),
    seqNo,
    ...(evse && { evseId: evse.id }),
    ...(evse?.connectorId !== undefined && { connectorId: evse.connectorId }),
    // NoAuthorization: the charger charges without a token (free vend); there is none to record.
    ...(idToken &&
      idToken.type !== 'NoAuthorization' && { idToken: { idToken: idToken.idToken, type: idToken.type } }),
    // OCPP 2.0.1: stoppedReason "MAY only be omitted when Reason is Local".
    ...(request.eventType === 'Ended' && { stoppedReason: info.stoppedReason ?? 'Local' }),
    ...(info.remoteStartId !== undefined && { remoteStartId: info.remoteStartId }),
    // Kept on the session when it changes (see `chargingStatesOf`): billing's parking time.
    ...(info.chargingState && { chargingState: info.chargingState }),
    meterValues: (request.meterValue ?? []).map((meterValue) => ({
      at: timeOf('meterValue.timestamp', meterValue.timestamp),
      sampledValues: meterValue.sampledValue.map(toSampledValue),
    })),
  };
};

/**
 * OCPP 2.0.1 TransactionEvent: records the event on its session and, when the event carries an id token,
 * answers with the token's authorization (the charger stops a transaction whose token is refused, if so set),
 * with the session's cost as `withChargerCost201` says.
 */
export const recordTransactionEvent201 = async (
  deps: Pick<
    Dependencies,
    | 'sessions'
    | 'activeSessions'
    | 'chargerSessions'
    | 'idTokens'
    | 'drivers'
    | 'vehicles'
    | 'events'
    | 'sampleEvents'
    | 'progressAudience'
    | 'selfHealingAudience'
    | 'clock'
    | 'ids'
    | 'settings'
    | 'tariffs'
    | 'chargers'
    | 'sites'
    | 'runningCosts'
    | 'cohortCounters'
    | 'uptimeCounters'
    | 'sites'
  >,
  ctx: ChargerMessageContext,
  request: TransactionEventRequest,
): Promise<TransactionEventResponse> => {
  if (request.transactionInfo.transactionId === '')
    throw new OcppPropertyConstraintViolation('transactionInfo.transactionId must not be empty');
  const event = toSessionEvent(request, (field, timestamp) => chargerTime(deps, ctx, field, timestamp));
  const { session } = await recordSessionEvent(deps, ctx, event);
  const authorization =
    event.idToken &&
    (await authorizeIdToken(deps, {
      tenantId: ctx.tenantId,
      idToken: event.idToken.idToken,
      ...(event.idToken.type && { type: event.idToken.type }),
      now: deps.clock.now(),
    }));
  const response = authorization ? { idTokenInfo: toIdTokenInfo(authorization) } : {};
  // Cost on the charger (I01–I03): the tariff text, the running and the final cost.
  return withChargerCost201(deps, ctx, { eventType: event.eventType, at: event.at, session, response });
};

/**
 * OCPP 2.0.1 MeterValues (J01): values outside any transaction (a transaction's own come in TransactionEvent),
 * of an EVSE or, with EVSE 0, of the main power meter. Treated as 1.6 MeterValues without a transaction id: the
 * EVSE id is checked (0…1000, else a PropertyConstraintViolation) and the values are answered and not kept, as no
 * session holds them. An EVSE the charger never reported a status of is no error here, as in StatusNotification
 * and TransactionEvent: the charger's own EVSEs are what it says they are.
 */
export const receiveMeterValues201 = (request: MeterValuesRequest): MeterValuesResponse => {
  requireConnectorId('evseId', request.evseId);
  return {};
};
