import { logger } from '../../handlers/logger.ts';
import { readChargerTime } from '../../ocpp/charger-time.ts';
import type { OcppContext, OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { MeterValuesRequest } from '../../ocpp/generated/ocpp16.ts';
import { tellFinalCost16, tellRunningCost16 } from '../billing/charger-cost.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordMeterValues16, startTransaction16, stopTransaction16 } from './transactions-16.ts';
import { receiveMeterValues201, recordTransactionEvent201 } from './transactions-201.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;

/** The time of a MeterValues message's latest sample, bounded as stored (a running cost is priced until then). */
const latestTimestamp = (deps: Dependencies, ctx: OcppContext, req: MeterValuesRequest): string =>
  req.meterValue
    .map(
      (value) =>
        readChargerTime(value.timestamp, ctx.receivedAt, deps.settings.maxChargerClockSkewSeconds).at,
    )
    .reduce((a, b) => (b > a ? b : a));
type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

const logAttributes = (ctx: OcppContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  messageId: ctx.messageId,
  correlationId: ctx.correlationId,
});

export const createTransactionHandlers16 = (
  deps: Dependencies,
): Required<Pick<V16, 'MeterValues' | 'StartTransaction' | 'StopTransaction'>> => ({
  MeterValues: async (ctx, req) => {
    const { sessionId } = await recordMeterValues16(deps, ctx, req);
    // California Pricing: the running cost, when due, sent after this answer.
    if (sessionId) await tellRunningCost16(deps, ctx, { sessionId, at: latestTimestamp(deps, ctx, req) });
    if (!sessionId && req.transactionId !== undefined)
      logger.warn('MeterValues of a transaction without a session; not kept', {
        ...logAttributes(ctx),
        transactionId: req.transactionId,
      });
    return {};
  },

  StartTransaction: async (ctx, req) => {
    const { sessionId: _, ...response } = await startTransaction16(deps, ctx, req);
    return response;
  },

  StopTransaction: async (ctx, req) => {
    const { sessionId, ...response } = await stopTransaction16(deps, ctx, req);
    // California Pricing: the final cost, sent after this answer.
    if (sessionId) await tellFinalCost16(deps, ctx, { sessionId });
    if (!sessionId)
      logger.warn('StopTransaction of a transaction without a session; not kept', {
        ...logAttributes(ctx),
        transactionId: req.transactionId,
      });
    return response;
  },
});

export const createTransactionHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'MeterValues' | 'TransactionEvent'>> => ({
  MeterValues: async (_ctx, req) => receiveMeterValues201(req),

  TransactionEvent: async (ctx, req) => recordTransactionEvent201(deps, ctx, req),
});
