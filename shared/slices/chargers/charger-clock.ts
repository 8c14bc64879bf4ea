import { logger } from '../../handlers/logger.ts';
import { readChargerTime } from '../../ocpp/charger-time.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ChargerMessageContext } from './charger-messages.ts';

/**
 * The time of a charger message's `field` (absent: the time received), bounded by `MAX_CHARGER_CLOCK_SKEW_SECONDS`
 * (see `readChargerTime`). A charger clock ahead of the server beyond it is logged with its skew, under one
 * message that a metric filter can count; the time received is used then.
 */
export const chargerTime = (
  deps: Pick<Dependencies, 'settings'>,
  ctx: ChargerMessageContext,
  field: string,
  timestamp: string | undefined,
): string => {
  const time = readChargerTime(timestamp, ctx.receivedAt, deps.settings.maxChargerClockSkewSeconds);
  if (time.futureSkewSeconds !== undefined)
    logger.warn('Charger clock ahead of the server; time received used', {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      messageId: ctx.messageId,
      correlationId: ctx.correlationId,
      field,
      timestamp,
      skewSeconds: time.futureSkewSeconds,
    });
  return time.at;
};
