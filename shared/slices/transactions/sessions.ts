import { isDeepStrictEqual } from 'node:util';
import { logger } from '../../handlers/logger.ts';
import type { Page } from '../../kernel/ports.ts';
import { maxRevisionAttempts } from '../../kernel/revisioned.ts';
import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';
import { attributeSession } from '../drivers/fleets.ts';
import type { SessionAttribution } from '../drivers/model.ts';
import { recordCohortActivity } from '../migration/cohort-report.ts';
import { recordSessionEndUptime } from '../uptime/record.ts';
import type { EventHead, Session, SessionMeterValue, SessionStatus } from './model.ts';
import {
  chargingStatesOf,
  deriveSession,
  headFields,
  headOf,
  mergeMeterValues,
  meterValuesOf,
  readingFields,
  type SessionEvent,
  type SessionWindow,
  windowOf,
} from './session-fold.ts';

export { energyRegisterWh, type SessionEvent } from './session-fold.ts';

/**
 * Heads a session keeps at most; beyond, Updated events are only their meter values (a charger gone wrong). It
 * bounds the charging-state changes too: a session that pauses and resumes charging some 30 times is already
 * odd (the item stays a few kB, far below DynamoDB's 400 KB); later changes are not kept.
 */
const maxHeads = 64;

/** 1.6 stops and 2.0.1 seqNos stay below this; a session stored before heads has its stop here. */
const lastSeqNo = 2 ** 31 - 1;

/** The heads of a stored session; one stored before sessions kept them gets them from its fields. */
const headsOfStored = (session: Session): readonly EventHead[] =>
  session.heads ?? [
    {
      eventType: 'Started',
      at: session.startedAt,
      seqNo: 0,
      ...(session.evseId !== undefined && { evseId: session.evseId }),
      ...(session.connectorId !== undefined && { connectorId: session.connectorId }),
      ...(session.idToken && { idToken: session.idToken }),
      ...(session.idTokenType && { idTokenType: session.idTokenType }),
      ...(session.remoteStartId !== undefined && { remoteStartId: session.remoteStartId }),
      ...(session.meterStart && { readingsFrom: session.meterStart.at }),
    },
    ...(session.endedAt
      ? [
          {
            eventType: 'Ended' as const,
            at: session.endedAt,
            seqNo: session.meterStop?.seqNo ?? lastSeqNo,
            ...(session.stoppedReason && { stoppedReason: session.stoppedReason }),
            ...(session.meterStop && { readingsTo: session.meterStop.at }),
          },
        ]
      : []),
  ];

/** The window of a stored session (see `session-fold.ts`). */
export const sessionWindow = (session: Session): SessionWindow => windowOf(headsOfStored(session));

/**
 * The heads with `head` added when it matters: a Started or Ended always (the window), an Updated only when it
 * changes what the heads decide (a token, an EVSE… of an earlier event, a change of the charging state); a head
 * already kept is not added again. So a periodic sample repeating the charging state stays a sample (one write).
 * The price of that: a repeat left out cannot come back, so a change delivered after it but older than it hides
 * it (Charging 10:00, Charging 11:00 dropped, then a late SuspendedEV 10:30 reads as suspended since 10:30).
 * Chargers report changes in order (2.0.1 by seqNo, 1.6 StatusNotification on change), so it takes a repeat
 * and a reordering at once; replays and reordered changes alone fold to the same states.
 */
const withHead = (heads: readonly EventHead[], head: EventHead): readonly EventHead[] => {
  if (heads.some((kept) => isDeepStrictEqual(kept, head))) return heads;
  if (head.eventType !== 'Updated') return [...heads, head];
  if (heads.length >= maxHeads) return heads;
  const added = [...heads, head];
  return isDeepStrictEqual(headFields(added), headFields(heads)) &&
    isDeepStrictEqual(chargingStatesOf(added), chargingStatesOf(heads))
    ? heads
    : added;
};

/** A stored session with some of its latest meter values folded into its first and last readings. */
const withLatestReadings = (session: Session, values: readonly SessionMeterValue[]): Session => ({
  ...session,
  ...readingFields(sessionWindow(session), values, {
    ...(session.meterStart && { meterStart: session.meterStart }),
    ...(session.meterStop && { meterStop: session.meterStop }),
  }),
});

/**
 * The first and last register readings a session keeps, as meter values. Raw meter values expire
 * (METER_VALUE_RETENTION_DAYS) and the session is kept: folded with what is still stored, these stand in for
 * the expired ones, so a read or a late correction of an old session still starts from its real readings.
 * Stored values of the same key come first and win (`mergeMeterValues`); the window filters these as any value.
 */
const keptReadings = (session: Session | undefined): SessionMeterValue[] =>
  [session?.meterStart, session?.meterStop].flatMap((reading) =>
    reading ? [{ at: reading.at, seqNo: reading.seqNo, sampledValues: [{ value: reading.wh }] }] : [],
  );

/** A stored session brought up to date with all its stored meter values (see `recordSessionEvent`). */
export const withMeterValues = (session: Session, values: readonly SessionMeterValue[]): Session => {
  // An imported session has no readings: its energy is the one the other CSMS measured.
  if (session.imported) return session;
  const { meterStart: _start, meterStop: _stop, ...rest } = session;
  return {
    ...rest,
    ...readingFields(sessionWindow(session), mergeMeterValues(values, keptReadings(session))),
  };
};

type Bookkeeping = 'revision' | 'version' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy';

const withoutBookkeeping = (session: Session): Omit<Session, Bookkeeping> => {
  const {
    revision: _r,
    version: _v,
    createdAt: _ca,
    createdBy: _cb,
    updatedAt: _ua,
    updatedBy: _ub,
    ...fields
  } = session;
  return fields;
};

/** What billing and the API see of a session: its fields but the heads (which change with no figure). */
const figuresOf = (fields: Omit<Session, Bookkeeping>) => {
  const { heads: _heads, ...figures } = fields;
  return figures;
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
 * Keeps the charger's active-session marker in step with the session, as for its token: set when it becomes
 * active (again for a repeated event, in case setting it failed the first time), removed when it ends.
 */
const trackActiveOnCharger = async (
  deps: Pick<Dependencies, 'chargerSessions'>,
  before: Session | undefined,
  after: Session,
  changed: boolean,
): Promise<void> => {
  const was = before?.status === 'Active';
  const is = after.status === 'Active';
  if (is && (!was || !changed))
    await deps.chargerSessions.add({
      tenantId: after.tenantId,
      chargerId: after.chargerId,
      sessionId: after.sessionId,
      ...(after.evseId !== undefined && { evseId: after.evseId }),
      since: after.createdAt,
    });
  if (was && !is) await deps.chargerSessions.remove(after.tenantId, after.chargerId, after.sessionId);
};

/**
 * The charger's active sessions: its markers (one query of its partition) and each marked session, which must
 * still be active (a marker may outlive its session until its TTL). For load balancing and self-healing, which
 * ask per charger; the tenant's session listing would filter its whole index for that.
 */
export const activeSessionsOfCharger = async (
  deps: Pick<Dependencies, 'sessions' | 'chargerSessions'>,
  tenantId: string,
  chargerId: string,
): Promise<Session[]> => {
  const markers = await deps.chargerSessions.list(tenantId, chargerId);
  const sessions = await Promise.all(markers.map((marker) => deps.sessions.get(tenantId, marker.sessionId)));
  return sessions.filter((session): session is Session => session?.status === 'Active');
};

/**
 * The session with a periodic sample folded in, when the event changes nothing else: an Updated event of an
 * active session whose only news are readings after its first one. Undefined for any other event.
 */
const withPeriodicSample = (
  current: Session,
  event: SessionEvent,
  values: readonly SessionMeterValue[],
): Session | undefined => {
  if (current.status !== 'Active' || event.eventType !== 'Updated') return undefined;
  const heads = headsOfStored(current);
  if (withHead(heads, headOf(event)) !== heads) return undefined;
  const window = windowOf(heads);
  const known = {
    ...(current.meterStart && { meterStart: current.meterStart }),
    ...(current.meterStop && { meterStop: current.meterStop }),
  };
  const folded = readingFields(window, values, known);
  // A new first reading changes the start of the energy: stored with the session, not as a sample.
  if (!isDeepStrictEqual(folded.meterStart, current.meterStart)) return undefined;
  return { ...current, ...folded };
};

/** The outcome of a transaction event: `discrepancy` for a second end that differs from the first. */
export interface RecordedSessionEvent {
  readonly session: Session;
  readonly changed: boolean;
  /** The session had ended and late data changed it: a new version, published as `sessionCorrected`. */
  readonly corrected?: boolean;
  readonly discrepancy?: boolean;
}

/**
 * Records a transaction event: its meter values, then the session folded from its heads and meter values
 * (`session-fold.ts`; created on first sight, whatever the event type). Publishes `transactionStarted` for a
 * Started event, `transactionUpdated` for an Updated one while the session is active, and `transactionEnded`
 * for an Ended one — again for a repeated one, since the charger repeats an event when it got no answer,
 * possibly because publishing failed after the session was stored: events are at least once, consumers dedupe
 * by `sessionId` (and `version`).
 *
 * After the end: a second Ended that differs from the first is a discrepancy — logged and published
 * (`sessionDiscrepancyDetected`), not applied, its meter values not stored. Late data that changes the ended
 * session (a Started delivered after the Ended, a reading the end lacked) makes a new version, published once
 * as `sessionCorrected` instead of the event's own type. Readings outside the window are stored and change
 * nothing.
 *
 * A periodic sample (most of a session's messages) only appends its meter values: one write, and its
 * `transactionUpdated` only when `sampleEvents` says it is due and someone listens (a load-managed site, or a
 * webhook of the tenant: `progressAudience`). The stored session's last reading and energy
 * then lag until its next other event, which folds in every stored value (so the end, and the energy billed,
 * count them all); readers fold them too (`getSession`, `listSessions`).
 */
/** Load management renews its leases and measures under-use on them; anyone else listens through webhooks. */
const progressWanted = async (
  deps: Pick<Dependencies, 'progressAudience'>,
  ctx: ChargerMessageContext,
): Promise<boolean> => ctx.loadManaged === true || deps.progressAudience.listening(ctx.tenantId);

export const recordSessionEvent = async (
  deps: Pick<
    Dependencies,
    | 'sessions'
    | 'activeSessions'
    | 'chargerSessions'
    | 'events'
    | 'sampleEvents'
    | 'progressAudience'
    | 'selfHealingAudience'
    | 'clock'
    | 'ids'
    | 'idTokens'
    | 'drivers'
    | 'vehicles'
    | 'cohortCounters'
    | 'uptimeCounters'
    | 'sites'
  >,
  ctx: ChargerMessageContext,
  event: SessionEvent,
): Promise<RecordedSessionEvent> => {
  const sessionId = await deps.sessions.resolveSessionId(
    ctx.tenantId,
    ctx.chargerId,
    event.chargerTransactionId,
    deps.ids.next(),
  );
  const values = meterValuesOf(event);
  if (event.eventType === 'Updated') {
    const current = await deps.sessions.get(ctx.tenantId, sessionId);
    const sampled = current && withPeriodicSample(current, event, values);
    if (sampled) {
      await deps.sessions.recordMeterValues(ctx.tenantId, sessionId, values);
      if (deps.sampleEvents.due(sessionId, event.at) && (await progressWanted(deps, ctx)))
        await publishSessionEvents(deps, ctx, event, sampled);
      return { session: sampled, changed: false };
    }
  }
  const head = headOf(event);
  const now = deps.clock.now().toISOString();
  const actor = `charger:${ctx.chargerId}`;
  let result: RecordedSessionEvent | undefined;
  let before: Session | undefined;
  let valuesRecorded = false;
  for (let attempt = 0; !result && attempt < maxRevisionAttempts; attempt += 1) {
    const stored = await deps.sessions.getWithMeterValues(ctx.tenantId, sessionId);
    const current = stored?.session;
    before = current;
    const heads = current ? headsOfStored(current) : [];
    const recordedEnd = event.eventType === 'Ended' && heads.find((kept) => kept.eventType === 'Ended');
    if (current && recordedEnd && recordedEnd.fingerprint !== head.fingerprint) {
      await reportDiscrepancy(deps, ctx, current, recordedEnd, event);
      return { session: current, changed: false, discrepancy: true };
    }
    if (!valuesRecorded) {
      await deps.sessions.recordMeterValues(ctx.tenantId, sessionId, values);
      valuesRecorded = true;
    }
    const derived = deriveSession(
      withHead(heads, head),
      mergeMeterValues(stored?.meterValues ?? [], values, keptReadings(current)),
    );
    const siteId = current?.siteId ?? ctx.siteId;
    // Who the session is of is decided once, when it gets its token, and kept: members moving between fleets
    // later do not move their past sessions.
    const attribution =
      current && current.idToken === derived.idToken
        ? attributionOf(current)
        : await attributeSession(deps, { tenantId: ctx.tenantId, idToken: derived.idToken });
    const cohort = current ? current.cohort : ctx.cohort;
    const fields: Omit<Session, Bookkeeping> = {
      tenantId: ctx.tenantId,
      sessionId,
      chargerId: ctx.chargerId,
      ...(siteId && { siteId }),
      ...(cohort && { cohort }),
      chargerTransactionId: event.chargerTransactionId,
      ...derived,
      ...attribution,
    };
    if (current && isDeepStrictEqual(fields, withoutBookkeeping(current))) {
      result = { session: current, changed: false };
      break;
    }
    const corrected =
      current?.status === 'Completed' &&
      !isDeepStrictEqual(figuresOf(fields), figuresOf(withoutBookkeeping(current)));
    const session: Session = {
      ...fields,
      createdAt: current?.createdAt ?? now,
      createdBy: current?.createdBy ?? actor,
      updatedAt: now,
      updatedBy: actor,
      revision: (current?.revision ?? 0) + 1,
      version: (current?.version ?? 1) + (corrected ? 1 : 0),
    };
    if (await deps.sessions.save(session))
      result = { session, changed: true, ...(corrected && { corrected }) };
  }
  if (!result) throw new Error(`session ${sessionId} kept changing under ${maxRevisionAttempts} attempts`);
  if (result.changed || event.eventType !== 'Updated') {
    await trackActiveToken(deps, before, result.session, result.changed);
    await trackActiveOnCharger(deps, before, result.session, result.changed);
  }
  if (result.corrected && before) await publishCorrection(deps, ctx, before, result.session);
  else await publishSessionEvents(deps, ctx, event, result.session);
  if (result.changed) {
    await countForCohort(deps, before, result.session);
    const session = result.session;
    // Uptime and KPIs: an end counts once, on the local day of its site it ended.
    if (session.endedAt && before?.status !== 'Completed')
      await recordSessionEndUptime(deps, {
        tenantId: session.tenantId,
        chargerId: session.chargerId,
        ...(session.siteId && { siteId: session.siteId }),
        endedAt: session.endedAt,
        ...(session.energyWh !== undefined && { energyWh: session.energyWh }),
      });
  }
  return result;
};

/** The attribution a stored session keeps. */
const attributionOf = (session: Session): SessionAttribution => ({
  ...(session.driverId !== undefined && { driverId: session.driverId }),
  ...(session.vehicleId !== undefined && { vehicleId: session.vehicleId }),
  ...(session.fleetId !== undefined && { fleetId: session.fleetId }),
});

/**
 * A session of a cohort's charger counts once when it starts and once when it ends (zero energy: a failed one),
 * on the day of its start and end; repeats and corrections change no count.
 */
const countForCohort = async (
  deps: Pick<Dependencies, 'cohortCounters'>,
  before: Session | undefined,
  session: Session,
): Promise<void> => {
  if (session.cohort === undefined) return;
  const started = (s: Session | undefined) => s?.heads?.some((head) => head.eventType === 'Started') ?? false;
  const { tenantId, cohort } = session;
  if (started(session) && !started(before))
    await recordCohortActivity(deps, {
      tenantId,
      cohort,
      at: session.startedAt,
      add: { sessionsStarted: 1 },
    });
  if (session.endedAt && before?.status !== 'Completed')
    await recordCohortActivity(deps, {
      tenantId,
      cohort,
      at: session.endedAt,
      add: { sessionsEnded: 1, ...(session.energyWh === 0 && { zeroEnergySessions: 1 }) },
    });
};

/** Two distinct energy register readings: the session's energy was measured (one reading says nothing). */
const isMetered = ({ meterStart, meterStop }: Session): boolean =>
  meterStart !== undefined &&
  meterStop !== undefined &&
  (meterStart.at !== meterStop.at || meterStart.seqNo !== meterStop.seqNo);

/** What every event of a session says of it. */
const sessionDetail = (ctx: ChargerMessageContext, session: Session) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  ...(session.siteId && { siteId: session.siteId }),
  ...(ctx.loadManaged && { loadManaged: true as const }),
  correlationId: ctx.correlationId,
  sessionId: session.sessionId,
  chargerTransactionId: session.chargerTransactionId,
  ...(session.evseId !== undefined && { evseId: session.evseId }),
  ...(session.connectorId !== undefined && { connectorId: session.connectorId }),
  ...(session.idToken && { idToken: session.idToken }),
  startedAt: session.startedAt,
});

const publishSessionEvents = async (
  deps: Pick<Dependencies, 'events' | 'selfHealingAudience'>,
  ctx: ChargerMessageContext,
  event: SessionEvent,
  session: Session,
): Promise<void> => {
  const common = sessionDetail(ctx, session);
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
    // Only an authorised session's end (one with `idToken`, as in `sessionDetail`) goes to ghost detection: the
    // others ask nothing.
    const healing = Boolean(session.idToken) && (await deps.selfHealingAudience.enabled(ctx.tenantId));
    await deps.events.publish([
      {
        name: 'transactionEnded',
        detail: {
          ...common,
          endedAt: session.endedAt,
          energyWh: session.energyWh,
          ...(session.stoppedReason && { stoppedReason: session.stoppedReason }),
          version: session.version,
          metered: isMetered(session),
          ...(session.chargingStates &&
            session.chargingStates.length > 0 && {
              chargingStarted: session.chargingStates.some((change) => change.state === 'Charging'),
            }),
          ...(healing && { selfHealing: true as const }),
          occurredAt: session.endedAt,
        },
      },
    ]);
  }
};

/** One `sessionCorrected` per new version of an ended session, with the figures it replaces. */
const publishCorrection = async (
  deps: Pick<Dependencies, 'events' | 'clock'>,
  ctx: ChargerMessageContext,
  before: Session,
  after: Session,
): Promise<void> => {
  logger.info('Ended session corrected by late data', {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    sessionId: after.sessionId,
    correlationId: ctx.correlationId,
    version: after.version,
    energyWh: after.energyWh,
    previousEnergyWh: before.energyWh,
  });
  await deps.events.publish([
    {
      name: 'sessionCorrected',
      detail: {
        ...sessionDetail(ctx, after),
        version: after.version,
        endedAt: after.endedAt ?? before.endedAt ?? after.startedAt,
        energyWh: after.energyWh,
        ...(after.stoppedReason && { stoppedReason: after.stoppedReason }),
        previous: {
          version: before.version,
          startedAt: before.startedAt,
          ...(before.endedAt && { endedAt: before.endedAt }),
          energyWh: before.energyWh,
        },
        occurredAt: deps.clock.now().toISOString(),
      },
    },
  ]);
};

/** The end an Ended event says: its time, seqNo, reason and last energy register reading. */
const endOf = (head: EventHead, meterStopWh: number | undefined) => ({
  at: head.at,
  seqNo: head.seqNo,
  ...(head.stoppedReason && { stoppedReason: head.stoppedReason }),
  ...(meterStopWh !== undefined && { meterStopWh }),
});

/** A second end that differs from the first: kept out of the session, logged and published for a person. */
const reportDiscrepancy = async (
  deps: Pick<Dependencies, 'events' | 'clock'>,
  ctx: ChargerMessageContext,
  session: Session,
  recordedEnd: EventHead,
  event: SessionEvent,
): Promise<void> => {
  const received = endOf(headOf(event), readingFields({}, meterValuesOf(event)).meterStop?.wh);
  const recorded = endOf(recordedEnd, session.meterStop?.wh);
  logger.warn('Second end of a session differs from the first; not applied', {
    tenantId: ctx.tenantId,
    chargerId: ctx.chargerId,
    sessionId: session.sessionId,
    messageId: ctx.messageId,
    correlationId: ctx.correlationId,
    recorded,
    received,
  });
  await deps.events.publish([
    {
      name: 'sessionDiscrepancyDetected',
      detail: {
        ...sessionDetail(ctx, session),
        kind: 'conflictingEnd',
        version: session.version,
        recorded,
        received,
        occurredAt: deps.clock.now().toISOString(),
      },
    },
  ]);
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

/** Each active session of a page with its latest readings folded in. */
const withLatestReadingsOfActive = async (
  deps: Pick<Dependencies, 'sessions'>,
  tenantId: string,
  page: Page<Session>,
): Promise<Page<Session>> => ({
  ...page,
  items: await Promise.all(
    page.items.map(async (session) =>
      session.status === 'Active'
        ? withLatestReadings(
            session,
            await deps.sessions.latestMeterValues(tenantId, session.sessionId, latestValuesPerActiveSession),
          )
        : session,
    ),
  ),
});

/** A fleet's sessions across every site, newest first, `from` inclusive and `to` exclusive (start times). */
export const listFleetSessions = async (
  deps: Pick<Dependencies, 'sessions'>,
  input: { tenantId: string; fleetId: string; from?: string; to?: string; limit: number; cursor?: string },
): Promise<Page<Session>> => {
  const { tenantId, fleetId, ...query } = input;
  return withLatestReadingsOfActive(
    deps,
    tenantId,
    await deps.sessions.listByFleet(tenantId, fleetId, query),
  );
};

/** Sessions newest first; an active one with its latest readings folded in (see `recordSessionEvent`). */
export const listSessions = async (
  deps: Pick<Dependencies, 'sessions'>,
  input: {
    tenantId: string;
    chargerId?: string;
    status?: SessionStatus;
    siteIds?: readonly string[];
    idTokens?: readonly string[];
    limit: number;
    cursor?: string;
  },
): Promise<Page<Session>> => {
  const { tenantId, ...query } = input;
  return withLatestReadingsOfActive(deps, tenantId, await deps.sessions.list(tenantId, query));
};
