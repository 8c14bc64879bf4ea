import { isDeepStrictEqual } from 'node:util';
import type { Page } from '../../kernel/ports.ts';
import { maxRevisionAttempts } from '../../kernel/revisioned.ts';
import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import type {
  EnergyReading,
  EventPosition,
  SampledValue,
  Session,
  SessionMeterValue,
  SessionStatus,
} from './model.ts';

/**
 * One transaction event of a charger, version-neutral: 2.0.1 TransactionEvent maps onto it directly, 1.6
 * StartTransaction / MeterValues / StopTransaction can map onto it with sequence numbers of their own.
 */
export interface SessionEvent {
  /** The charger's transaction id. */
  readonly chargerTransactionId: string;
  readonly eventType: 'Started' | 'Updated' | 'Ended';
  /** When it happened at the charger, UTC ISO-8601. */
  readonly at: string;
  readonly seqNo: number;
  readonly evseId?: number;
  readonly connectorId?: number;
  readonly idToken?: { readonly idToken: string; readonly type?: string };
  readonly stoppedReason?: string;
  readonly remoteStartId?: number;
  /** Times UTC ISO-8601; their seqNo is the event's. */
  readonly meterValues: readonly Omit<SessionMeterValue, 'seqNo'>[];
}

const energyRegister = 'Energy.Active.Import.Register';
const whPerUnit: Readonly<Record<string, number>> = { Wh: 1, kWh: 1000 };

/**
 * The reading of active import energy in Wh, or undefined for any other value: another measurand, a
 * per-phase value (the register is the total), another location than the outlet, or a unit that is not energy.
 */
export const energyRegisterWh = (value: SampledValue): number | undefined => {
  if ((value.measurand ?? energyRegister) !== energyRegister || value.phase) return undefined;
  if (value.location && value.location !== 'Outlet') return undefined;
  const factor = whPerUnit[value.unit ?? 'Wh'];
  if (factor === undefined) return undefined;
  // Three decimals: kWh readings times 1000 are not exact in floating point.
  return Math.round(value.value * factor * 10 ** (value.multiplier ?? 0) * 1000) / 1000;
};

const compare = (a: EventPosition, b: EventPosition): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.seqNo - b.seqNo;

const earlier = <T extends EventPosition>(a: T | undefined, b: T): T => (a && compare(a, b) <= 0 ? a : b);
const later = <T extends EventPosition>(a: T | undefined, b: T): T => (a && compare(a, b) >= 0 ? a : b);

/** The meter values of one event, one per timestamp (two values of the same moment share a key). */
const meterValuesOf = (event: SessionEvent): SessionMeterValue[] => {
  const byTime = new Map<string, SampledValue[]>();
  for (const { at, sampledValues } of event.meterValues) {
    byTime.set(at, [...(byTime.get(at) ?? []), ...sampledValues]);
  }
  return [...byTime].map(([at, sampledValues]) => ({ at, seqNo: event.seqNo, sampledValues }));
};

const readingsOf = (values: readonly SessionMeterValue[]): EnergyReading[] =>
  values.flatMap(({ at, seqNo, sampledValues }) => {
    const wh = sampledValues.map(energyRegisterWh).find((reading) => reading !== undefined);
    return wh === undefined ? [] : [{ at, seqNo, wh }];
  });

const energyBetween = (
  meterStart: EnergyReading | undefined,
  meterStop: EnergyReading | undefined,
): number => (meterStart && meterStop ? Math.max(0, Math.round(meterStop.wh - meterStart.wh)) : 0);

type Readings = Pick<Session, 'meterStart' | 'meterStop' | 'energyWh'>;

/** The session's first and last register readings and energy, with `values` folded in (in any order). */
const foldReadings = (
  session: Partial<Readings> | undefined,
  values: readonly SessionMeterValue[],
): Readings => {
  let meterStart = session?.meterStart;
  let meterStop = session?.meterStop;
  for (const reading of readingsOf(values)) {
    meterStart = earlier(meterStart, reading);
    meterStop = later(meterStop, reading);
  }
  return {
    energyWh: energyBetween(meterStart, meterStop),
    ...(meterStart && { meterStart }),
    ...(meterStop && { meterStop }),
  };
};

/** A stored session brought up to date with its stored meter values (see `recordSessionEvent`). */
export const withMeterValues = (session: Session, values: readonly SessionMeterValue[]): Session => {
  const { meterStart: _start, meterStop: _stop, ...rest } = session;
  return { ...rest, ...foldReadings(session, values) };
};

/**
 * Folds an event into a session. Start time, meter readings and token are the earliest (or latest) of what the
 * events carried, by timestamp then seqNo, so they do not depend on the order events arrive in; what a
 * transaction carries once (EVSE, end, stop reason, remote start id) is kept from the first event that had it.
 * Folding the same event twice changes nothing.
 */
export const applySessionEvent = (
  current: Session | undefined,
  event: SessionEvent,
  base: Pick<Session, 'tenantId' | 'sessionId' | 'chargerId' | 'siteId'>,
): Omit<Session, 'revision' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'> => {
  const position = { at: event.at, seqNo: event.seqNo };
  const { energyWh, meterStart, meterStop } = foldReadings(current, meterValuesOf(event));
  const ended = event.eventType === 'Ended';
  const status: SessionStatus = current?.status === 'Completed' || ended ? 'Completed' : 'Active';
  const endedAt = current?.endedAt ?? (ended ? event.at : undefined);
  const stoppedReason = current?.stoppedReason ?? (ended ? event.stoppedReason : undefined);
  const siteId = current?.siteId ?? base.siteId;
  const evseId = current?.evseId ?? event.evseId;
  const connectorId = current?.connectorId ?? event.connectorId;
  const remoteStartId = current?.remoteStartId ?? event.remoteStartId;
  const eventToken =
    event.idToken && (!current?.idTokenFrom || compare(position, current.idTokenFrom) < 0)
      ? event.idToken
      : undefined;
  const idToken = eventToken
    ? {
        idToken: eventToken.idToken,
        ...(eventToken.type && { idTokenType: eventToken.type }),
        idTokenFrom: position,
      }
    : current?.idTokenFrom && {
        idToken: current.idToken,
        ...(current.idTokenType && { idTokenType: current.idTokenType }),
        idTokenFrom: current.idTokenFrom,
      };
  return {
    tenantId: base.tenantId,
    sessionId: base.sessionId,
    chargerId: base.chargerId,
    ...(siteId && { siteId }),
    chargerTransactionId: event.chargerTransactionId,
    status,
    startedAt: current && current.startedAt < event.at ? current.startedAt : event.at,
    ...(endedAt && { endedAt }),
    ...(stoppedReason && { stoppedReason }),
    ...(evseId !== undefined && { evseId }),
    ...(connectorId !== undefined && { connectorId }),
    ...idToken,
    ...(remoteStartId !== undefined && { remoteStartId }),
    energyWh,
    ...(meterStart && { meterStart }),
    ...(meterStop && { meterStop }),
  };
};

const withoutBookkeeping = (session: Session) => {
  const { revision: _r, createdAt: _ca, createdBy: _cb, updatedAt: _ua, updatedBy: _ub, ...fields } = session;
  return fields;
};

/** The id token an active session holds (upper-cased), if it is one the CSMS can store. */
const activeTokenOf = (session: Session | undefined): string | undefined =>
  session?.status === 'Active' && session.idToken && isStorableIdToken(session.idToken)
    ? normalizeIdToken(session.idToken)
    : undefined;

/**
 * Keeps the token's active-session marker in step with the session: set when it becomes active with a token
 * (again for a repeated event, in case setting it failed the first time), removed when it ends.
 */
const trackActiveToken = async (
  deps: Pick<Dependencies, 'activeSessions'>,
  before: Session | undefined,
  after: Session,
  changed: boolean,
): Promise<void> => {
  const was = activeTokenOf(before);
  const is = activeTokenOf(after);
  if (is && (is !== was || !changed)) {
    await deps.activeSessions.add({
      tenantId: after.tenantId,
      idToken: is,
      sessionId: after.sessionId,
      chargerId: after.chargerId,
      ...(after.evseId !== undefined && { evseId: after.evseId }),
      since: after.createdAt,
    });
  }
  if (was && was !== is) await deps.activeSessions.remove(after.tenantId, was, after.sessionId);
};

/**
 * The session with a periodic sample folded in, when the event changes nothing else: an Updated event of an
 * active session whose only news are readings after the first one. Undefined for any other event.
 */
const withPeriodicSample = (
  current: Session | undefined,
  event: SessionEvent,
  base: Pick<Session, 'tenantId' | 'sessionId' | 'chargerId' | 'siteId'>,
): Session | undefined => {
  if (current?.status !== 'Active' || event.eventType !== 'Updated') return undefined;
  const folded = applySessionEvent(current, event, base);
  const { meterStop: _stop, energyWh: _energy, ...rest } = folded;
  const { meterStop: _was, energyWh: _wasEnergy, ...stored } = withoutBookkeeping(current);
  return isDeepStrictEqual(rest, stored) ? { ...current, ...folded } : undefined;
};

/**
 * Records a transaction event: its meter values, then the session folded with it (created on first sight,
 * whatever the event type). Publishes `transactionStarted` for a Started event, `transactionUpdated` for an
 * Updated one while the session is active, and `transactionEnded` for an Ended one — again for a repeated one,
 * since the charger repeats an event when it got no answer, possibly because publishing failed after the
 * session was stored: events are at least once, consumers dedupe by `sessionId`.
 *
 * A periodic sample (most of a session's messages) only appends its meter values: one write, and its
 * `transactionUpdated` only when `sampleEvents` says it is due. The stored session's last reading and energy
 * then lag until its next other event, which folds in every stored value (so the end, and the energy billed,
 * count them all); readers fold them too (`getSession`, `listSessions`).
 */
export const recordSessionEvent = async (
  deps: Pick<Dependencies, 'sessions' | 'activeSessions' | 'events' | 'sampleEvents' | 'clock' | 'ids'>,
  ctx: ChargerMessageContext,
  event: SessionEvent,
): Promise<{ session: Session; changed: boolean }> => {
  const sessionId = await deps.sessions.resolveSessionId(
    ctx.tenantId,
    ctx.chargerId,
    event.chargerTransactionId,
    deps.ids.next(),
  );
  await deps.sessions.recordMeterValues(ctx.tenantId, sessionId, meterValuesOf(event));
  const base = {
    tenantId: ctx.tenantId,
    sessionId,
    chargerId: ctx.chargerId,
    ...(ctx.siteId && { siteId: ctx.siteId }),
  };
  if (event.eventType === 'Updated') {
    const sampled = withPeriodicSample(await deps.sessions.get(ctx.tenantId, sessionId), event, base);
    if (sampled) {
      if (deps.sampleEvents.due(sessionId, event.at)) await publishSessionEvents(deps, ctx, event, sampled);
      return { session: sampled, changed: false };
    }
  }
  const now = deps.clock.now().toISOString();
  const actor = `charger:${ctx.chargerId}`;
  let result: { session: Session; changed: boolean } | undefined;
  let before: Session | undefined;
  for (let attempt = 0; !result && attempt < maxRevisionAttempts; attempt += 1) {
    const stored = await deps.sessions.getWithMeterValues(ctx.tenantId, sessionId);
    const current = stored?.session;
    before = current;
    const fields = applySessionEvent(
      stored && withMeterValues(stored.session, stored.meterValues),
      event,
      base,
    );
    if (current && isDeepStrictEqual(fields, withoutBookkeeping(current))) {
      result = { session: current, changed: false };
      break;
    }
    const session: Session = {
      ...fields,
      createdAt: current?.createdAt ?? now,
      createdBy: current?.createdBy ?? actor,
      updatedAt: now,
      updatedBy: actor,
      revision: (current?.revision ?? 0) + 1,
    };
    if (await deps.sessions.save(session)) result = { session, changed: true };
  }
  if (!result) throw new Error(`session ${sessionId} kept changing under ${maxRevisionAttempts} attempts`);
  if (result.changed || event.eventType !== 'Updated')
    await trackActiveToken(deps, before, result.session, result.changed);
  await publishSessionEvents(deps, ctx, event, result.session);
  return result;
};

const publishSessionEvents = async (
  deps: Pick<Dependencies, 'events'>,
  ctx: ChargerMessageContext,
  event: SessionEvent,
  session: Session,
): Promise<void> => {
  const common = {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    ...(session.siteId && { siteId: session.siteId }),
    correlationId: ctx.correlationId,
    sessionId: session.sessionId,
    chargerTransactionId: session.chargerTransactionId,
    ...(session.evseId !== undefined && { evseId: session.evseId }),
    ...(session.connectorId !== undefined && { connectorId: session.connectorId }),
    ...(session.idToken && { idToken: session.idToken }),
    startedAt: session.startedAt,
  };
  if (event.eventType === 'Started') {
    await deps.events.publish([{ name: 'transactionStarted', detail: { ...common, occurredAt: event.at } }]);
  } else if (event.eventType === 'Updated' && session.status === 'Active') {
    await deps.events.publish([
      {
        name: 'transactionUpdated',
        detail: {
          ...common,
          energyWh: session.energyWh,
          ...(session.meterStop && { meterReadAt: session.meterStop.at }),
          occurredAt: event.at,
        },
      },
    ]);
  } else if (event.eventType === 'Ended' && session.endedAt) {
    await deps.events.publish([
      {
        name: 'transactionEnded',
        detail: {
          ...common,
          endedAt: session.endedAt,
          energyWh: session.energyWh,
          ...(session.stoppedReason && { stoppedReason: session.stoppedReason }),
          occurredAt: session.endedAt,
        },
      },
    ]);
  }
};

export const getSession = async (
  deps: Pick<Dependencies, 'sessions'>,
  input: { tenantId: string; sessionId: string },
): Promise<{ session: Session; meterValues: SessionMeterValue[] } | undefined> => {
  const found = await deps.sessions.getWithMeterValues(input.tenantId, input.sessionId);
  return (
    found && { session: withMeterValues(found.session, found.meterValues), meterValues: found.meterValues }
  );
};

/** Meter values read per active session of a listing: a periodic sample carries the energy register. */
const latestValuesPerActiveSession = 5;

/** Sessions newest first; an active one with its latest readings folded in (see `recordSessionEvent`). */
export const listSessions = async (
  deps: Pick<Dependencies, 'sessions'>,
  input: {
    tenantId: string;
    chargerId?: string;
    status?: SessionStatus;
    siteIds?: readonly string[];
    limit: number;
    cursor?: string;
  },
): Promise<Page<Session>> => {
  const { tenantId, ...query } = input;
  const page = await deps.sessions.list(tenantId, query);
  const items = await Promise.all(
    page.items.map(async (session) =>
      session.status === 'Active'
        ? withMeterValues(
            session,
            await deps.sessions.latestMeterValues(tenantId, session.sessionId, latestValuesPerActiveSession),
          )
        : session,
    ),
  );
  return { ...page, items };
};
