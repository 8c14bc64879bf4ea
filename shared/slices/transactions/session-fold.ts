import { createHash } from 'node:crypto';
import type {
  ChargingState,
  ChargingStateChange,
  EnergyReading,
  EventHead,
  SampledValue,
  Session,
  SessionMeterValue,
} from './model.ts';

/**
 * A session is derived from what its charger sent, by a pure fold: the heads of its events (Started, Ended and
 * the Updated ones that carried news, see `EventHead`) and its stored meter values. Whatever order they arrived
 * in, the same set gives the same session.
 *
 * The window: a session runs from its Started to its Ended — by seqNo (2.0.1's order of events; 1.6 messages get
 * seqNos that put the start first and the stop last) and by time, including the readings those two events
 * carried themselves. Readings outside it are kept (the API shows them as out of window) but never change the
 * energy or the times; events outside it never change the token, EVSE or remote start id.
 */

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
  /** What the EV is doing (2.0.1 `chargingState`; 1.6 the connector's status during the transaction). */
  readonly chargingState?: ChargingState;
  /** Times UTC ISO-8601; their seqNo is the event's. */
  readonly meterValues: readonly Omit<SessionMeterValue, 'seqNo'>[];
}

const energyRegister = 'Energy.Active.Import.Register';
const whPerUnit: Readonly<Record<string, number>> = { Wh: 1, kWh: 1000 };
/** A register beyond a terawatt-hour is no reading (and its arithmetic would not stay exact). */
const maxRegisterWh = 1e12;

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
  const wh = Math.round(value.value * factor * 10 ** (value.multiplier ?? 0) * 1000) / 1000;
  return Number.isFinite(wh) && Math.abs(wh) <= maxRegisterWh ? wh : undefined;
};

interface Position {
  readonly at: string;
  readonly seqNo: number;
}

/** Readings in time order, then seqNo. */
const byTime = (a: Position, b: Position): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seqNo - b.seqNo);
/** Events in seqNo order, then time. */
const bySeqNo = (a: Position, b: Position): number =>
  a.seqNo - b.seqNo || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** The meter values of one event, one per timestamp (two values of the same moment share a key). */
export const meterValuesOf = (event: SessionEvent): SessionMeterValue[] => {
  const grouped = new Map<string, SampledValue[]>();
  for (const { at, sampledValues } of event.meterValues) {
    grouped.set(at, [...(grouped.get(at) ?? []), ...sampledValues]);
  }
  return [...grouped].map(([at, sampledValues]) => ({ at, seqNo: event.seqNo, sampledValues }));
};

const readingsOf = (values: readonly SessionMeterValue[]): EnergyReading[] =>
  values.flatMap(({ at, seqNo, sampledValues }) => {
    const wh = sampledValues.map(energyRegisterWh).find((reading) => reading !== undefined);
    return wh === undefined ? [] : [{ at, seqNo, wh }];
  });

/** What identifies an event's content: a second Ended with another one is a discrepancy, not a repeat. */
export const fingerprintOf = (event: SessionEvent): string =>
  createHash('sha256').update(JSON.stringify(event)).digest('base64url').slice(0, 16);

/** What a session keeps of an event to fold it again (its meter values are stored apart). */
export const headOf = (event: SessionEvent): EventHead => {
  const times = event.meterValues.map((value) => value.at).sort();
  return {
    eventType: event.eventType,
    at: event.at,
    seqNo: event.seqNo,
    ...(event.evseId !== undefined && { evseId: event.evseId }),
    ...(event.connectorId !== undefined && { connectorId: event.connectorId }),
    ...(event.idToken && { idToken: event.idToken.idToken }),
    ...(event.idToken?.type && { idTokenType: event.idToken.type }),
    ...(event.stoppedReason && { stoppedReason: event.stoppedReason }),
    ...(event.remoteStartId !== undefined && { remoteStartId: event.remoteStartId }),
    ...(event.chargingState && { chargingState: event.chargingState }),
    ...(event.eventType === 'Started' && times[0] !== undefined && { readingsFrom: times[0] }),
    ...(event.eventType === 'Ended' && times.length > 0 && { readingsTo: times[times.length - 1] }),
    ...(event.eventType === 'Ended' && { fingerprint: fingerprintOf(event) }),
  };
};

/** The span of a session: from its Started to its Ended, each bound absent until that event is known. */
export interface SessionWindow {
  readonly started?: EventHead;
  readonly ended?: EventHead;
  /** Earliest time in the window: the Started's, or its earliest reading's. */
  readonly from?: string;
  /** Latest time in the window: the Ended's, or its latest reading's. */
  readonly to?: string;
}

const first = <T extends Position>(items: readonly T[]): T | undefined => [...items].sort(bySeqNo)[0];

export const windowOf = (heads: readonly EventHead[]): SessionWindow => {
  const started = first(heads.filter((head) => head.eventType === 'Started'));
  const ended = first(heads.filter((head) => head.eventType === 'Ended'));
  const from =
    started &&
    (started.readingsFrom && started.readingsFrom < started.at ? started.readingsFrom : started.at);
  const to = ended && (ended.readingsTo && ended.readingsTo > ended.at ? ended.readingsTo : ended.at);
  return { ...(started && { started, from }), ...(ended && { ended, to }) };
};

const eventInWindow = (window: SessionWindow, { seqNo }: { seqNo: number }): boolean =>
  (!window.started || seqNo >= window.started.seqNo) && (!window.ended || seqNo <= window.ended.seqNo);

/** Whether a reading counts: its event in the window by seqNo, and its time in the window. */
export const readingInWindow = (window: SessionWindow, reading: Position): boolean =>
  eventInWindow(window, reading) &&
  (window.from === undefined || reading.at >= window.from) &&
  (window.to === undefined || reading.at <= window.to);

/** What the heads alone decide of a session. */
export type HeadFields = Pick<
  Session,
  | 'status'
  | 'startedAt'
  | 'endedAt'
  | 'stoppedReason'
  | 'evseId'
  | 'connectorId'
  | 'idToken'
  | 'idTokenType'
  | 'remoteStartId'
>;

/**
 * Times, status, token, EVSE and remote start id: from the Started and Ended, else from the earliest event in
 * the window (by seqNo) that carried each. Without a Started the start is the earliest event's time.
 */
export const headFields = (heads: readonly EventHead[]): HeadFields => {
  const window = windowOf(heads);
  const inWindow = heads.filter((head) => eventInWindow(window, head)).sort(bySeqNo);
  const withEvse = inWindow.find((head) => head.evseId !== undefined);
  const withConnector = inWindow.find((head) => head.connectorId !== undefined);
  const withToken = inWindow.find((head) => head.idToken !== undefined);
  const withRemoteStart = inWindow.find((head) => head.remoteStartId !== undefined);
  const earliest = [...inWindow].sort(byTime)[0];
  const startedAt = window.started?.at ?? earliest?.at ?? heads[0]?.at ?? '';
  return {
    status: window.ended ? 'Completed' : 'Active',
    startedAt,
    ...(window.ended && { endedAt: window.ended.at }),
    ...(window.ended?.stoppedReason && { stoppedReason: window.ended.stoppedReason }),
    ...(withEvse && { evseId: withEvse.evseId }),
    ...(withConnector && { connectorId: withConnector.connectorId }),
    ...(withToken?.idToken && { idToken: withToken.idToken }),
    ...(withToken?.idTokenType && { idTokenType: withToken.idTokenType }),
    ...(withRemoteStart && { remoteStartId: withRemoteStart.remoteStartId }),
  };
};

/**
 * The charging state's changes: the states of the events in the window (by seqNo and by time), in time order
 * (then seqNo), each kept only when it differs from the one before — a replayed event or a repeat adds nothing,
 * and a late one takes its place by its time. A state from the end on lasts no time: left out, so that the
 * 1.6 `Finishing` a charger reports at its stop, after it, is no correction of the ended session. Empty
 * without states.
 */
export const chargingStatesOf = (heads: readonly EventHead[]): ChargingStateChange[] => {
  const window = windowOf(heads);
  const lasts = (head: EventHead) => window.ended === undefined || head.at < window.ended.at;
  const withState = heads.filter(
    (kept) => kept.chargingState && readingInWindow(window, kept) && lasts(kept),
  );
  const changes: ChargingStateChange[] = [];
  for (const head of withState.sort(byTime)) {
    const state = head.chargingState!;
    if (changes[changes.length - 1]?.state !== state) changes.push({ at: head.at, state });
  }
  return changes;
};

export type ReadingFields = Pick<Session, 'energyWh' | 'meterStart' | 'meterStop'>;

const energyBetween = (meterStart?: EnergyReading, meterStop?: EnergyReading): number =>
  meterStart && meterStop ? Math.max(0, Math.round(meterStop.wh - meterStart.wh)) : 0;

/** First and last register readings in the window, and the energy between them. */
export const readingFields = (
  window: SessionWindow,
  values: readonly SessionMeterValue[],
  known: Partial<ReadingFields> = {},
): ReadingFields => {
  const readings = readingsOf(values).filter((reading) => readingInWindow(window, reading));
  const candidates = [
    ...(known.meterStart ? [known.meterStart] : []),
    ...(known.meterStop ? [known.meterStop] : []),
    ...readings,
  ].sort(byTime);
  const meterStart = candidates[0];
  const meterStop = candidates[candidates.length - 1];
  return {
    energyWh: energyBetween(meterStart, meterStop),
    ...(meterStart && { meterStart }),
    ...(meterStop && { meterStop }),
  };
};

/** The derived part of a session: everything but its identity and bookkeeping. */
export type DerivedSession = HeadFields &
  ReadingFields &
  Pick<Session, 'chargingStates'> & { readonly heads: readonly EventHead[] };

/** The session its heads and meter values make. */
export const deriveSession = (
  heads: readonly EventHead[],
  values: readonly SessionMeterValue[],
): DerivedSession => {
  const sorted = [...heads].sort(bySeqNo);
  const states = chargingStatesOf(sorted);
  return {
    ...headFields(sorted),
    ...readingFields(windowOf(sorted), values),
    // Absent, not empty, without states: sessions stored before states fold to what they were.
    ...(states.length > 0 && { chargingStates: states }),
    heads: sorted,
  };
};

/**
 * Meter values of several sources, once per key (time and seqNo): the first given wins, as the conditional
 * write of a stored one does.
 */
export const mergeMeterValues = (
  ...sources: readonly (readonly SessionMeterValue[])[]
): SessionMeterValue[] => {
  const byKey = new Map<string, SessionMeterValue>();
  for (const value of sources.flat()) {
    const key = `${value.at}/${value.seqNo}`;
    if (!byKey.has(key)) byKey.set(key, value);
  }
  return [...byKey.values()].sort(byTime);
};

/**
 * The fold in one call, for a set of events as a charger sent them: the session they make, whatever their order
 * (only a second Ended that differs from the first is left out, and reported: see `recordSessionEvent`).
 */
export const foldSessionEvents = (events: readonly SessionEvent[]): DerivedSession => {
  const sorted = [...events].sort(bySeqNo);
  const firstEnded = sorted.find((event) => event.eventType === 'Ended');
  const kept = sorted.filter((event) => event.eventType !== 'Ended' || event === firstEnded);
  return deriveSession(kept.map(headOf), mergeMeterValues(...kept.map(meterValuesOf)));
};
