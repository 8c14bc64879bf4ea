import { logger } from '../../handlers/logger.ts';
import type { DataTransferRequest } from '../../ocpp/generated/ocpp16.ts';
import type { AuthorizeResponse, TransactionEventResponse } from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import { type ChargerCallDependencies, enqueueChargerCall } from '../commands/charger-calls.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Session, SessionMeterValue } from '../transactions/model.ts';
import { energyRegisterWh, withMeterValues } from '../transactions/sessions.ts';
import {
  finalCostMessage,
  personalMessageOf,
  runningCostMessage,
  setUserPriceMessage,
  tariffTextFor,
  totalCostOf,
} from './charger-cost-messages.ts';
import { type PricedSession, PricingInputError } from './pricing.ts';
import { priceSessionWith } from './session-pricing.ts';
import { resolveSessionTariff, type SessionTariff } from './tariff-resolution.ts';

/**
 * Cost on the charger (issue 11, item 5): what a charger is told of a session's price and cost, priced by the one
 * pricing path (`priceSessionWith`). Reads, per message:
 *
 * - 2.0.1 Updated: none unless the running cost is due (`runningCosts`, per session and container, by the
 *   charger's clock); then the tariff's (see `resolveSessionTariff`) and, with a tariff, one Query of the
 *   session with its meter values. Ended: the tariff's and the same Query. Started / Authorize: the tariff's.
 * - 1.6, only for chargers that declare California Pricing: the stored configuration (one GetItem) on Authorize,
 *   StopTransaction and due MeterValues, then as above, and the charger view to queue the DataTransfer.
 *
 * Nothing here fails the charger's message: a fault is logged and the answer goes without the cost.
 */

/** What the tariff resolution reads: the token's, the charger's and the site's assignments, the tariffs. */
type ResolveDeps = Pick<Dependencies, 'tariffs' | 'idTokens' | 'chargers' | 'sites' | 'clock'>;
type PricingDeps = ResolveDeps & Pick<Dependencies, 'sessions'>;

/** A 1.6 charger declares California Pricing with this configuration key set to true (as libocpp does). */
export const californiaPricingKey = 'CustomDisplayCostAndPrice';

/** Who the CSMS's own cost messages are recorded as sent by. */
const costMessageActor = 'csms:charger-cost';

const logAttributes = (ctx: ChargerMessageContext, sessionId?: string) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  messageId: ctx.messageId,
  correlationId: ctx.correlationId,
  ...(sessionId && { sessionId }),
});

/** The answer without the cost when pricing fails: the charger's message was recorded, its display waits. */
const withoutCostOnFault = async <T>(
  ctx: ChargerMessageContext,
  fallback: T,
  work: () => Promise<T>,
): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    logger.error('cost on the charger failed; answered without it', { ...logAttributes(ctx), error });
    return fallback;
  }
};

const resolveFor = (deps: ResolveDeps, session: Session): Promise<SessionTariff> =>
  resolveSessionTariff(deps, {
    tenantId: session.tenantId,
    chargerId: session.chargerId,
    ...(session.siteId && { siteId: session.siteId }),
    ...(session.idToken && { idToken: session.idToken }),
    startedAt: session.startedAt,
  });

/** The session with its meter values (one Query of its partition), its readings folded in. */
const readWithMeterValues = async (
  deps: PricingDeps,
  session: Pick<Session, 'tenantId' | 'sessionId'>,
): Promise<{ session: Session; meterValues: SessionMeterValue[] } | undefined> => {
  const stored = await deps.sessions.getWithMeterValues(session.tenantId, session.sessionId);
  // A periodic sample leaves the stored session's last reading behind: fold them all.
  return (
    stored && {
      session: withMeterValues(stored.session, stored.meterValues),
      meterValues: stored.meterValues,
    }
  );
};

/** The session priced until `until`; undefined (logged) when its figures cannot be priced. */
const priceForCharger = (
  ctx: ChargerMessageContext,
  stored: { session: Session; meterValues: readonly SessionMeterValue[] },
  resolved: SessionTariff,
  until: string,
): PricedSession | undefined => {
  try {
    return priceSessionWith({ session: stored.session, meterValues: stored.meterValues, until, resolved });
  } catch (error) {
    if (!(error instanceof PricingInputError)) throw error;
    logger.warn('session cannot be priced for its charger', {
      ...logAttributes(ctx, stored.session.sessionId),
      field: error.field,
      message: error.message,
    });
    return undefined;
  }
};

/** Reads the session's meter values and prices it until `until`. */
const readAndPrice = async (
  deps: PricingDeps,
  ctx: ChargerMessageContext,
  session: Session,
  resolved: SessionTariff,
  until: string,
): Promise<PricedSession | undefined> => {
  const stored = await readWithMeterValues(deps, session);
  return stored && priceForCharger(ctx, stored, resolved, until);
};

/** 2.0.1 I01: the driver's tariff text as `personalMessage` of an accepted token. */
const withTariffText = (
  info: NonNullable<AuthorizeResponse['idTokenInfo']>,
  resolved: SessionTariff,
): AuthorizeResponse['idTokenInfo'] => {
  if (info.status !== 'Accepted') return info;
  // No language is stored for tokens or drivers yet: the tariff's first text.
  const text = tariffTextFor(resolved.tariff?.version.tariff);
  return text ? { ...info, personalMessage: personalMessageOf(text) } : info;
};

/**
 * OCPP 2.0.1 TransactionEventResponse with the cost: `totalCost` of an Ended (I03: final, incl. VAT; 0 for a
 * session no tariff applies to, "to indicate a free transaction"), running `totalCost` of an Updated when due
 * (I02), the tariff text as `idTokenInfo.personalMessage` of a Started with an accepted token (I01).
 *
 * I02 lets the CSMS send the running cost in a CostUpdated CALL or in this response; the response is chosen: the
 * charger has just asked, so the answer costs no frame, no call slot and no queue writes, and a charger that
 * sends meter values is told as often as the interval allows. (A CostUpdated would only serve a charger that
 * sends no Updated events between start and end, which then has no new figures to show either.)
 */
export const withChargerCost201 = (
  deps: PricingDeps & Pick<Dependencies, 'runningCosts'>,
  ctx: ChargerMessageContext,
  input: {
    eventType: 'Started' | 'Updated' | 'Ended';
    /** The charger's time of the event (the running cost is priced until then). */
    at: string;
    session: Session;
    response: TransactionEventResponse;
  },
): Promise<TransactionEventResponse> =>
  withoutCostOnFault(ctx, input.response, async () => {
    const { session, response } = input;
    if (input.eventType === 'Started') {
      if (!response.idTokenInfo) return response;
      const idTokenInfo = withTariffText(response.idTokenInfo, await resolveFor(deps, session));
      return { ...response, ...(idTokenInfo && { idTokenInfo }) };
    }
    if (input.eventType === 'Updated') {
      if (session.status !== 'Active' || !deps.runningCosts.due(session.sessionId, input.at)) return response;
      const resolved = await resolveFor(deps, session);
      // No tariff: nothing runs up; the end says 0.
      if (!resolved.tariff) return response;
      const running = await readAndPrice(deps, ctx, session, resolved, input.at);
      return running ? { ...response, totalCost: totalCostOf(running) } : response;
    }
    const resolved = await resolveFor(deps, session);
    if (!resolved.tariff) return { ...response, totalCost: 0 };
    const final = await readAndPrice(deps, ctx, session, resolved, session.endedAt ?? input.at);
    return final ? { ...response, totalCost: totalCostOf(final) } : response;
  });

/** OCPP 2.0.1 AuthorizeResponse with the driver's tariff text (I01), for an accepted token. */
export const withTariffText201 = (
  deps: ResolveDeps,
  ctx: ChargerMessageContext,
  input: { idToken: string; response: AuthorizeResponse },
): Promise<AuthorizeResponse> =>
  withoutCostOnFault(ctx, input.response, async () => {
    if (input.response.idTokenInfo.status !== 'Accepted') return input.response;
    const resolved = await resolveSessionTariff(deps, {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      ...(ctx.siteId && { siteId: ctx.siteId }),
      idToken: input.idToken,
      startedAt: deps.clock.now().toISOString(),
    });
    const idTokenInfo = withTariffText(input.response.idTokenInfo, resolved);
    return idTokenInfo ? { ...input.response, idTokenInfo } : input.response;
  });

// ---- OCPP 1.6: OCA California Pricing (DataTransfer), for chargers that declare it ----

type CaliforniaDeps = PricingDeps &
  ChargerCallDependencies &
  Pick<Dependencies, 'chargerConfigs' | 'runningCosts'>;

/**
 * Whether the charger declared California Pricing: its stored configuration (1.6 GetConfiguration answers) has
 * `CustomDisplayCostAndPrice` true. Off by default: a charger that never reported it gets no cost messages,
 * which a charger without the extension would answer `UnknownVendorId` at best.
 */
const declaresCaliforniaPricing = async (
  deps: Pick<Dependencies, 'chargerConfigs'>,
  ctx: ChargerMessageContext,
): Promise<boolean> => {
  const configuration = await deps.chargerConfigs.get(ctx.tenantId, ctx.chargerId);
  return configuration?.keys[californiaPricingKey]?.value?.trim().toLowerCase() === 'true';
};

/** Queues the DataTransfer through the charger's call queue, after the answer to the charger's CALL. */
const sendAfterReply = async (
  deps: ChargerCallDependencies,
  ctx: ChargerMessageContext,
  message: DataTransferRequest,
): Promise<void> => {
  const send = async () => {
    const result = await enqueueChargerCall(deps, {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      action: 'DataTransfer',
      payload: { ...message },
      requestedBy: costMessageActor,
    });
    if (result.kind !== 'sent')
      logger.warn('cost message not sent', {
        ...logAttributes(ctx),
        costMessage: message.messageId,
        outcome: result.kind,
      });
  };
  if (ctx.afterReply) ctx.afterReply(send);
  else await send();
};

/** Pure: whether energy flowed between the session's last two register readings (one reading: it just began). */
export const isEnergyFlowing = (meterValues: readonly SessionMeterValue[]): boolean => {
  const readings = meterValues.flatMap((value) => {
    const wh = value.sampledValues.map(energyRegisterWh).find((reading) => reading !== undefined);
    return wh === undefined ? [] : [wh];
  });
  const [previous, last] = readings.slice(-2);
  return last === undefined || previous === undefined || last > previous;
};

/** `SetUserPrice` after an accepted 1.6 Authorize: the driver's tariff text. */
export const offerUserPrice16 = (
  deps: CaliforniaDeps,
  ctx: ChargerMessageContext,
  input: { idTag: string; status: string },
): Promise<void> =>
  withoutCostOnFault(ctx, undefined, async () => {
    if (input.status !== 'Accepted' || !(await declaresCaliforniaPricing(deps, ctx))) return;
    const resolved = await resolveSessionTariff(deps, {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      ...(ctx.siteId && { siteId: ctx.siteId }),
      idToken: input.idTag,
      startedAt: deps.clock.now().toISOString(),
    });
    const tariff = resolved.tariff?.version.tariff;
    const message = tariff && setUserPriceMessage({ idToken: input.idTag, tariff });
    if (message) await sendAfterReply(deps, ctx, message);
  });

/** `RunningCost` on 1.6 MeterValues of a session, when the running cost is due (checked before any read). */
export const tellRunningCost16 = (
  deps: CaliforniaDeps,
  ctx: ChargerMessageContext,
  input: { sessionId: string; at: string },
): Promise<void> =>
  withoutCostOnFault(ctx, undefined, async () => {
    if (!deps.runningCosts.due(input.sessionId, input.at)) return;
    if (!(await declaresCaliforniaPricing(deps, ctx))) return;
    const stored = await readWithMeterValues(deps, { tenantId: ctx.tenantId, sessionId: input.sessionId });
    if (stored?.session.status !== 'Active') return;
    const resolved = await resolveFor(deps, stored.session);
    if (!resolved.tariff) return;
    const priced = priceForCharger(ctx, stored, resolved, input.at);
    if (!priced) return;
    await sendAfterReply(
      deps,
      ctx,
      runningCostMessage({
        transactionId: Number(stored.session.chargerTransactionId),
        at: input.at,
        meterValueWh: stored.session.meterStop?.wh ?? 0,
        charging: isEnergyFlowing(stored.meterValues),
        priced,
      }),
    );
  });

/** `FinalCost` after a 1.6 StopTransaction: the final cost (0 when no tariff applies) and a receipt line. */
export const tellFinalCost16 = (
  deps: CaliforniaDeps,
  ctx: ChargerMessageContext,
  input: { sessionId: string },
): Promise<void> =>
  withoutCostOnFault(ctx, undefined, async () => {
    if (!(await declaresCaliforniaPricing(deps, ctx))) return;
    const stored = await readWithMeterValues(deps, { tenantId: ctx.tenantId, sessionId: input.sessionId });
    const session = stored?.session;
    if (!stored || session?.status !== 'Completed' || !session.endedAt) return;
    const resolved = await resolveFor(deps, session);
    const priced = priceForCharger(ctx, stored, resolved, session.endedAt);
    if (!priced) return;
    await sendAfterReply(
      deps,
      ctx,
      finalCostMessage({ transactionId: Number(session.chargerTransactionId), priced }),
    );
  });
