import { logger } from '../../handlers/logger.ts';
import type {
  ClearedChargingLimitRequest,
  NotifyChargingLimitRequest,
  NotifyEVChargingNeedsRequest,
  NotifyEVChargingNeedsResponse,
  NotifyEVChargingScheduleRequest,
  NotifyEVChargingScheduleResponse,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import { offerEvSchedule } from './ev-schedule.ts';
import type { EvChargingNeeds, EvChargingSchedule, ExternalChargingLimit } from './model.ts';

/**
 * What an OCPP 2.0.1 charger tells the CSMS of smart charging, stored per EVSE (the latest of each) and
 * published: the EV's charging needs and schedule (ISO 15118), and limits set by sources outside the CSMS.
 * A message for an EVSE the spec does not allow (0 where it says `evseId > 0`) gets the spec's refusal, or the
 * empty answer where the response has no status, and changes nothing.
 */

type Deps = Pick<Dependencies, 'smartChargingInputs' | 'events' | 'clock'>;

const chargerFields = (ctx: ChargerMessageContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  ...(ctx.siteId && { siteId: ctx.siteId }),
  ...(ctx.loadManaged && { loadManaged: true as const }),
  correlationId: ctx.correlationId,
});

/** A charger's time as UTC ISO 8601; undefined when it cannot be read. */
const utc = (timestamp: string | undefined): string | undefined => {
  if (timestamp === undefined) return undefined;
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** An EVSE id the spec allows: > 0 (or ≥ 0 where 0 is the charger), and within the 32 bits ids have. */
const isEvseId = (evseId: number, { zero }: { zero: boolean }): boolean =>
  Number.isSafeInteger(evseId) && evseId >= (zero ? 0 : 1) && evseId <= 2 ** 31 - 1;

const logAttributes = (ctx: ChargerMessageContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  messageId: ctx.messageId,
});

/** The needs as the event carries them: the figures load balancing reads, flat. */
const needsSummary = (needs: EvChargingNeeds) => {
  const { acChargingParameters: ac, dcChargingParameters: dc, requestedEnergyTransfer } = needs.chargingNeeds;
  const departureTime = utc(needs.chargingNeeds.departureTime);
  const energyAmountWh = ac?.energyAmount ?? dc?.energyAmount;
  const maxima = ac ?? dc;
  return {
    requestedEnergyTransfer,
    ...(departureTime && { departureTime }),
    ...(energyAmountWh !== undefined && { energyAmountWh }),
    ...(ac && { evMinCurrentA: ac.evMinCurrent }),
    ...(maxima && { evMaxCurrentA: maxima.evMaxCurrent, evMaxVoltageV: maxima.evMaxVoltage }),
    ...(dc?.evMaxPower !== undefined && { evMaxPowerW: dc.evMaxPower }),
    ...(dc?.stateOfCharge !== undefined && { stateOfCharge: dc.stateOfCharge }),
    ...(needs.maxScheduleTuples !== undefined && { maxScheduleTuples: needs.maxScheduleTuples }),
  };
};

/**
 * NotifyEVChargingNeeds (K15): stored as the EVSE's latest needs and published, answered `Accepted`, and the
 * session's schedule sent (load balancing's run, or `offerEvSchedule` off managed sites); EVSE 0 (the
 * spec: "EvseId may not be 0") is answered `Rejected` and changes nothing.
 */
export const recordEvChargingNeeds = async (
  deps: Deps & Parameters<typeof offerEvSchedule>[0],
  ctx: ChargerMessageContext,
  request: NotifyEVChargingNeedsRequest,
): Promise<NotifyEVChargingNeedsResponse> => {
  if (!isEvseId(request.evseId, { zero: false })) {
    logger.warn('NotifyEVChargingNeeds for EVSE 0; rejected', {
      ...logAttributes(ctx),
      evseId: request.evseId,
    });
    return {
      status: 'Rejected',
      statusInfo: { reasonCode: 'UnknownEvse', additionalInfo: 'evseId must be > 0' },
    };
  }
  const receivedAt = deps.clock.now().toISOString();
  const needs: EvChargingNeeds = {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    evseId: request.evseId,
    chargingNeeds: request.chargingNeeds,
    ...(request.maxScheduleTuples !== undefined && { maxScheduleTuples: request.maxScheduleTuples }),
    receivedAt,
  };
  await deps.smartChargingInputs.putChargingNeeds(needs);
  await deps.events.publish([
    {
      name: 'evChargingNeedsNotified',
      detail: { ...chargerFields(ctx), occurredAt: receivedAt, evseId: needs.evseId, ...needsSummary(needs) },
    },
  ]);
  await offerEvSchedule(deps, ctx, needs);
  return { status: 'Accepted' };
};

/**
 * NotifyEVChargingSchedule (K17): stored as the EVSE's latest EV schedule and published, answered `Accepted`;
 * EVSE 0 (the spec: "EvseId must be > 0") is answered `Rejected` and changes nothing.
 */
export const recordEvChargingSchedule = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: NotifyEVChargingScheduleRequest,
): Promise<NotifyEVChargingScheduleResponse> => {
  const timeBase = utc(request.timeBase);
  const evseAllowed = isEvseId(request.evseId, { zero: false });
  if (!evseAllowed || !timeBase) {
    logger.warn('NotifyEVChargingSchedule for EVSE 0 or with an unreadable timeBase; rejected', {
      ...logAttributes(ctx),
      evseId: request.evseId,
    });
    return {
      status: 'Rejected',
      statusInfo: !evseAllowed
        ? { reasonCode: 'UnknownEvse', additionalInfo: 'evseId must be > 0' }
        : { reasonCode: 'InvalidValue', additionalInfo: 'timeBase is no date-time' },
    };
  }
  const receivedAt = deps.clock.now().toISOString();
  const schedule: EvChargingSchedule = {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    evseId: request.evseId,
    timeBase,
    chargingSchedule: request.chargingSchedule,
    receivedAt,
  };
  await deps.smartChargingInputs.putEvChargingSchedule(schedule);
  const { chargingSchedule } = request;
  await deps.events.publish([
    {
      name: 'evChargingScheduleNotified',
      detail: {
        ...chargerFields(ctx),
        occurredAt: receivedAt,
        evseId: schedule.evseId,
        timeBase,
        scheduleId: chargingSchedule.id,
        chargingRateUnit: chargingSchedule.chargingRateUnit,
        periods: chargingSchedule.chargingSchedulePeriod.length,
        ...(chargingSchedule.duration !== undefined && { duration: chargingSchedule.duration }),
      },
    },
  ]);
  return { status: 'Accepted' };
};

/**
 * NotifyChargingLimit (K12): the source's limit on the EVSE, or on the charger as a whole (no `evseId`: stored
 * as EVSE 0), replaces the one stored and is published. An explicit EVSE 0 (the spec: "evseId must be > 0") is
 * logged and not kept; the answer is empty either way (the response has no status).
 */
export const recordChargingLimit = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: NotifyChargingLimitRequest,
): Promise<ExternalChargingLimit | undefined> => {
  if (request.evseId !== undefined && !isEvseId(request.evseId, { zero: false })) {
    logger.warn('NotifyChargingLimit for EVSE 0; not kept', {
      ...logAttributes(ctx),
      evseId: request.evseId,
    });
    return undefined;
  }
  const receivedAt = deps.clock.now().toISOString();
  const { chargingLimitSource, isGridCritical } = request.chargingLimit;
  const limit: ExternalChargingLimit = {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    evseId: request.evseId ?? 0,
    chargingLimitSource,
    ...(isGridCritical !== undefined && { isGridCritical }),
    ...(request.chargingSchedule && { chargingSchedule: request.chargingSchedule }),
    receivedAt,
  };
  await deps.smartChargingInputs.putChargingLimit(limit);
  await deps.events.publish([
    {
      name: 'chargingLimitNotified',
      detail: {
        ...chargerFields(ctx),
        occurredAt: receivedAt,
        evseId: limit.evseId,
        chargingLimitSource,
        ...(isGridCritical !== undefined && { isGridCritical }),
        schedules: request.chargingSchedule?.length ?? 0,
      },
    },
  ]);
  return limit;
};

/**
 * ClearedChargingLimit (K13): the source's limit on the EVSE (no `evseId`: the charger as a whole, EVSE 0) is
 * removed and the end published, `known: false` when none was stored (the charger knew of one we never heard
 * of). The answer is empty.
 */
export const clearChargingLimit = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  request: ClearedChargingLimitRequest,
): Promise<ExternalChargingLimit | undefined> => {
  const evseId = request.evseId ?? 0;
  if (!isEvseId(evseId, { zero: true })) {
    logger.warn('ClearedChargingLimit for no EVSE there can be; nothing changed', {
      ...logAttributes(ctx),
      evseId,
    });
    return undefined;
  }
  const removed = await deps.smartChargingInputs.deleteChargingLimit(
    ctx.tenantId,
    ctx.chargerId,
    evseId,
    request.chargingLimitSource,
  );
  await deps.events.publish([
    {
      name: 'chargingLimitCleared',
      detail: {
        ...chargerFields(ctx),
        occurredAt: deps.clock.now().toISOString(),
        evseId,
        chargingLimitSource: request.chargingLimitSource,
        known: removed !== undefined,
      },
    },
  ]);
  return removed;
};
