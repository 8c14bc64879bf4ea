import type { Page } from '../../kernel/ports.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';
import { isStorableIdToken, normalizeIdToken } from '../authorization/id-tokens.ts';
import type { IdToken } from '../authorization/model.ts';
import { type ChargerAvailability, chargerAvailability } from '../availability/model.ts';
import { sessionCost } from '../billing/bill-session.ts';
import { tariffTextFor } from '../billing/charger-cost-messages.ts';
import type { DisplayText, OcpiTariff } from '../billing/model.ts';
import { type PricedSession, PricingInputError, priceSession } from '../billing/pricing.ts';
import { noTariffCurrency, priceSessionWith } from '../billing/session-pricing.ts';
import { resolveSessionTariff, type SessionTariff, type TariffScope } from '../billing/tariff-resolution.ts';
import type { ChargerView } from '../chargers/model.ts';
import { type CallMapping, chargerCommands } from '../commands/command-catalog.ts';
import type { Command } from '../commands/model.ts';
import {
  awaitCommand,
  type CommandTarget,
  findCommandTarget,
  getCommand,
  sendOcppCall,
} from '../commands/remote-commands.ts';
import type { Dependencies } from '../dependencies.ts';
import type { GeoLocation, Site } from '../tenancy/model.ts';
import type { Session, SessionMeterValue, SessionStatus } from '../transactions/model.ts';
import { getSession, listSessions } from '../transactions/sessions.ts';
import type { Driver, Vehicle } from './model.ts';

/*
 * The driver API (a white-label app calling with a driver key): what one driver of a tenant may see and do.
 * Ownership is by id token: a session is the driver's when its id token is one of the driver's tokens (the
 * tokens the driver has now). Everything else of the tenant is "not found" here.
 */

type Deps<K extends keyof Dependencies> = Pick<Dependencies, K>;

// ---- pure parts ----

const earthRadiusKm = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Pure: great-circle distance in km (haversine, mean Earth radius). */
export const distanceKm = (from: GeoLocation, to: GeoLocation): number => {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
};

/** Pure: the sites with a location within `radiusKm` of `position`, nearest first (ties by site id). */
export const sitesNear = (
  sites: readonly Site[],
  position: GeoLocation,
  radiusKm: number,
): { site: Site; distanceKm: number }[] =>
  sites
    .flatMap((site) => {
      if (!site.location) return [];
      const distance = distanceKm(position, site.location);
      return distance <= radiusKm ? [{ site, distanceKm: distance }] : [];
    })
    .sort((a, b) => a.distanceKm - b.distanceKm || a.site.siteId.localeCompare(b.site.siteId));

/** Pure: the id token values a driver's sessions may carry (stored upper-cased, and as written). */
export const sessionTokenValues = (tokens: readonly IdToken[]): string[] => [
  ...new Set(tokens.flatMap((token) => [token.idToken, token.displayIdToken])),
];

/** Pure: whether the session was charged with one of these tokens (id tokens are case-insensitive). */
export const isSessionOf = (session: Pick<Session, 'idToken'>, tokens: readonly IdToken[]): boolean =>
  session.idToken !== undefined &&
  isStorableIdToken(session.idToken) &&
  tokens.some((token) => token.idToken === normalizeIdToken(session.idToken as string));

/**
 * Pure: an estimate of a session starting at `start` that charges `energyKwh` in `minutes`, priced with the
 * resolved tariff by the one pricing function (zero with a `NO_TARIFF` line when no tariff applies).
 */
export const estimateWith = (
  resolved: SessionTariff,
  input: { start: string; energyKwh: number; minutes: number },
): PricedSession => {
  const version = resolved.tariff?.version;
  const end = new Date(Date.parse(input.start) + input.minutes * 60_000).toISOString();
  const priced = priceSession({
    tariff: version?.tariff ?? { currency: noTariffCurrency, elements: [] },
    ...(version && { tariffId: version.tariffId, tariffVersion: version.version }),
    start_date_time: input.start,
    end_date_time: end,
    charging_periods: [
      {
        start_date_time: input.start,
        dimensions: [
          { type: 'ENERGY', volume: input.energyKwh },
          { type: 'TIME', volume: input.minutes / 60 },
        ],
      },
    ],
    timeZone: resolved.timeZone,
  });
  if (version) return priced;
  return {
    ocpi: priced.ocpi,
    cost: { ...priced.cost, lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }] },
  };
};

// ---- use cases ----

/** How many id tokens of a driver sessions are looked up by (DynamoDB's IN takes 100 values). */
const maxTokensPerDriver = 50;

/** The id tokens that belong to the driver now (a link whose token moved to another driver is not). */
export const driverIdTokens = async (
  deps: Deps<'drivers' | 'idTokens'>,
  input: { tenantId: string; driverId: string },
): Promise<IdToken[]> => {
  const values = (await deps.drivers.idTokensOf(input.tenantId, input.driverId)).slice(0, maxTokensPerDriver);
  const tokens = await Promise.all(values.map((value) => deps.idTokens.get(input.tenantId, value)));
  return tokens
    .filter((token): token is IdToken => token !== undefined && token.driverId === input.driverId)
    .sort((a, b) => a.idToken.localeCompare(b.idToken));
};

/** The driver, their vehicles and id tokens; undefined once the driver is erased. */
export const driverProfile = async (
  deps: Deps<'drivers' | 'vehicles' | 'idTokens'>,
  input: { tenantId: string; driverId: string },
): Promise<{ driver: Driver; vehicles: Vehicle[]; idTokens: IdToken[] } | undefined> => {
  const driver = await deps.drivers.get(input.tenantId, input.driverId);
  if (!driver) return undefined;
  const [vehicleIds, idTokens] = await Promise.all([
    deps.drivers.vehicleIdsOf(input.tenantId, input.driverId),
    driverIdTokens(deps, input),
  ]);
  const vehicles = await Promise.all(vehicleIds.map((id) => deps.vehicles.get(input.tenantId, id)));
  return {
    driver,
    vehicles: vehicles.filter(
      (vehicle): vehicle is Vehicle => vehicle !== undefined && vehicle.driverId === input.driverId,
    ),
    idTokens,
  };
};

/** At most this many sites are read to find the ones near a position. */
export const maxSitesScanned = 1000;

export interface ChargerNearby extends ChargerAvailability {
  readonly siteName?: string;
  readonly location?: GeoLocation;
  readonly distanceKm?: number;
}

/** The availability use case's view of a charger (the `availability` slice), as of now. */
const availabilityNow = (deps: Deps<'clock' | 'settings'>, view: ChargerView): ChargerAvailability =>
  chargerAvailability(view, deps.clock.now(), deps.settings.heartbeatIntervalSeconds);

const chargersOfSite = async (
  deps: Deps<'chargers' | 'clock'>,
  tenantId: string,
  siteId: string,
  limit: number,
): Promise<ChargerView[]> => {
  const views: ChargerView[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.chargers.list(
      tenantId,
      { siteId, limit: Math.min(100, limit - views.length), ...(cursor && { cursor }) },
      deps.clock.now(),
    );
    views.push(...page.items);
    cursor = page.cursor;
  } while (cursor && views.length < limit);
  return views;
};

/** The chargers of one site with their availability; undefined for a site the tenant does not have. */
export const chargersOnSite = async (
  deps: Deps<'chargers' | 'sites' | 'clock' | 'settings'>,
  input: { tenantId: string; siteId: string; limit: number },
): Promise<ChargerNearby[] | undefined> => {
  const site = await deps.sites.get(input.tenantId, input.siteId);
  if (!site) return undefined;
  const views = await chargersOfSite(deps, input.tenantId, site.siteId, input.limit);
  return views.map((view) => ({
    ...availabilityNow(deps, view),
    siteName: site.name,
    ...(site.location && { location: site.location }),
  }));
};

/** The chargers of the sites within `radiusKm` of a position, nearest site first, with their availability. */
export const chargersNear = async (
  deps: Deps<'chargers' | 'sites' | 'clock' | 'settings'>,
  input: { tenantId: string; position: GeoLocation; radiusKm: number; limit: number },
): Promise<ChargerNearby[]> => {
  const sites: Site[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.sites.list(input.tenantId, { limit: 100, ...(cursor && { cursor }) });
    sites.push(...page.items);
    cursor = page.cursor;
  } while (cursor && sites.length < maxSitesScanned);
  const found: ChargerNearby[] = [];
  for (const { site, distanceKm } of sitesNear(sites, input.position, input.radiusKm)) {
    if (found.length >= input.limit) break;
    const views = await chargersOfSite(deps, input.tenantId, site.siteId, input.limit - found.length);
    for (const view of views)
      found.push({
        ...availabilityNow(deps, view),
        siteName: site.name,
        ...(site.location && { location: site.location }),
        distanceKm: Math.round(distanceKm * 1000) / 1000,
      });
  }
  return found;
};

/** One charger with its availability; undefined when the tenant has no such charger. */
export const chargerForDriver = async (
  deps: Deps<'chargers' | 'clock' | 'settings'>,
  input: { tenantId: string; chargerId: string },
): Promise<ChargerAvailability | undefined> => {
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  return view && availabilityNow(deps, view);
};

export type TokenChoice =
  | { readonly ok: true; readonly token: IdToken }
  | { readonly ok: false; readonly reason: 'not-own-token' | 'no-token' };

/** Pure: an `Accepted` token that has not expired. */
export const isUsableToken = (token: IdToken, now: Date): boolean =>
  token.status === 'Accepted' &&
  (token.expiresAt === undefined || Date.parse(token.expiresAt) > now.getTime());

/** The token asked for if it is the driver's, else the driver's first `Accepted` one. */
export const chooseDriverToken = (tokens: readonly IdToken[], asked?: string): TokenChoice => {
  if (asked !== undefined) {
    const token =
      isStorableIdToken(asked) && tokens.find((candidate) => candidate.idToken === normalizeIdToken(asked));
    return token ? { ok: true, token } : { ok: false, reason: 'not-own-token' };
  }
  const token = tokens.find((candidate) => candidate.status === 'Accepted');
  return token ? { ok: true, token } : { ok: false, reason: 'no-token' };
};

export interface DriverPrice {
  readonly chargerId: string;
  /** The token priced for; absent when the driver has no accepted one. */
  readonly idToken?: string;
  readonly tariff?: {
    readonly tariffId: string;
    readonly version: number;
    readonly scope: TariffScope;
    readonly currency: string;
    readonly text?: DisplayText;
    readonly tariff: OcpiTariff;
  };
  readonly estimate: { readonly energyKwh: number; readonly minutes: number; readonly priced: PricedSession };
}

export type PriceOutcome =
  | { readonly ok: true; readonly price: DriverPrice }
  | { readonly ok: false; readonly reason: 'unknown-charger' | 'not-own-token' };

/**
 * The price that would apply to the driver at a charger if a session started now: the tariff the contract's
 * resolution picks (the token's, the charger's, the site's, the tenant default), its text in the driver's
 * language, and an estimate for `energyKwh` in `minutes` from the one pricing function.
 */
export const priceForDriver = async (
  deps: Deps<'chargers' | 'sites' | 'tariffs' | 'idTokens' | 'drivers' | 'clock'>,
  input: {
    tenantId: string;
    driverId: string;
    chargerId: string;
    idToken?: string;
    energyKwh: number;
    minutes: number;
    language?: string;
  },
): Promise<PriceOutcome> => {
  const view = await deps.chargers.getView(input.tenantId, input.chargerId, deps.clock.now());
  if (!view) return { ok: false, reason: 'unknown-charger' };
  const choice = chooseDriverToken(await driverIdTokens(deps, input), input.idToken);
  if (!choice.ok && choice.reason === 'not-own-token') return { ok: false, reason: choice.reason };
  // Without an accepted token of the driver's: the price of the charger, site or tenant default.
  const token = choice.ok ? choice.token : undefined;
  const start = deps.clock.now().toISOString();
  const resolved = await resolveSessionTariff(deps, {
    tenantId: input.tenantId,
    chargerId: input.chargerId,
    ...(view.charger.siteId && { siteId: view.charger.siteId }),
    ...(token && { idToken: token.idToken }),
    startedAt: start,
  });
  const version = resolved.tariff?.version;
  const text = version && tariffTextFor(version.tariff, input.language);
  return {
    ok: true,
    price: {
      chargerId: input.chargerId,
      ...(token && { idToken: token.displayIdToken }),
      ...(version &&
        resolved.tariff && {
          tariff: {
            tariffId: version.tariffId,
            version: version.version,
            scope: resolved.tariff.scope,
            currency: version.tariff.currency,
            ...(text && { text }),
            tariff: version.tariff,
          },
        }),
      estimate: {
        energyKwh: input.energyKwh,
        minutes: input.minutes,
        priced: estimateWith(resolved, { start, energyKwh: input.energyKwh, minutes: input.minutes }),
      },
    },
  };
};

export type DriverCommandOutcome =
  | { readonly ok: true; readonly command: Command }
  | {
      readonly ok: false;
      readonly reason:
        | 'unknown-charger'
        | 'unknown-session'
        | 'not-own-token'
        | 'no-token'
        | 'token-not-accepted'
        | 'not-active'
        | 'offline'
        | 'invalid';
      readonly message?: string;
    }
  | { readonly ok: false; readonly reason: 'queue-full'; readonly retryAfterSeconds: number };

/** Sends one version-neutral command through the charger's call queue and waits for it, as the command API does. */
const runCommand = async (
  deps: Dependencies,
  input: {
    tenantId: string;
    chargerId: string;
    keyId: string;
    waitSeconds?: number;
    /** The charger and its connection, when the caller looked them up already. */
    target?: CommandTarget;
    toCall: (version: OcppVersion) => CallMapping;
  },
): Promise<DriverCommandOutcome> => {
  const target =
    input.target ?? (await findCommandTarget(deps, { tenantId: input.tenantId, chargerId: input.chargerId }));
  if (target.kind === 'notFound') return { ok: false, reason: 'unknown-charger' };
  if (target.kind === 'offline') return { ok: false, reason: 'offline' };
  const mapping = input.toCall(target.connection.ocppVersion);
  if (!mapping.ok) return { ok: false, reason: 'invalid', message: mapping.message };
  const sent = await sendOcppCall(deps, {
    tenantId: input.tenantId,
    charger: target.charger,
    connection: target.connection,
    action: mapping.call.action,
    payload: mapping.call.payload,
    requestedBy: input.keyId,
  });
  switch (sent.kind) {
    case 'invalidAction':
    case 'invalidPayload':
      return { ok: false, reason: 'invalid', message: sent.message };
    case 'queueFull':
      return { ok: false, reason: 'queue-full', retryAfterSeconds: sent.retryAfterSeconds };
    case 'offline':
      return { ok: false, reason: 'offline' };
    default:
      return {
        ok: true,
        command: await awaitCommand(deps, {
          tenantId: input.tenantId,
          commandId: sent.command.commandId,
          waitSeconds: input.waitSeconds ?? deps.settings.commandWaitSeconds,
        }),
      };
  }
};

/**
 * Starts a session for the driver: a remote start (1.6 RemoteStartTransaction / 2.0.1 RequestStartTransaction)
 * through the charger's call queue, with one of the driver's own tokens (default: their first accepted one).
 */
export const startDriverSession = async (
  deps: Dependencies,
  input: {
    tenantId: string;
    driverId: string;
    keyId: string;
    chargerId: string;
    evseId?: number;
    idToken?: string;
    waitSeconds?: number;
  },
): Promise<DriverCommandOutcome> => {
  // The charger first: another tenant's is not found, whatever the token.
  const target = await findCommandTarget(deps, { tenantId: input.tenantId, chargerId: input.chargerId });
  if (target.kind === 'notFound') return { ok: false, reason: 'unknown-charger' };
  const choice = chooseDriverToken(await driverIdTokens(deps, input), input.idToken);
  if (!choice.ok) return choice;
  const { token } = choice;
  // A blocked or expired token would only be refused by the charger's authorization: say so at once.
  if (!isUsableToken(token, deps.clock.now())) return { ok: false, reason: 'token-not-accepted' };
  return runCommand(deps, {
    ...input,
    target,
    toCall: (version) =>
      chargerCommands['remote-start'].toCall(version, {
        idToken: token.idToken,
        idTokenType: token.tokenType,
        ...(input.evseId !== undefined && { evseId: input.evseId }),
      }),
  });
};

/** Stops one of the driver's active sessions: a remote stop through the charger's call queue. */
export const stopDriverSession = async (
  deps: Dependencies,
  input: { tenantId: string; driverId: string; keyId: string; sessionId: string; waitSeconds?: number },
): Promise<DriverCommandOutcome> => {
  const [found, tokens] = await Promise.all([
    deps.sessions.get(input.tenantId, input.sessionId),
    driverIdTokens(deps, input),
  ]);
  if (!found || !isSessionOf(found, tokens)) return { ok: false, reason: 'unknown-session' };
  if (found.status !== 'Active') return { ok: false, reason: 'not-active' };
  return runCommand(deps, {
    tenantId: input.tenantId,
    chargerId: found.chargerId,
    keyId: input.keyId,
    ...(input.waitSeconds !== undefined && { waitSeconds: input.waitSeconds }),
    toCall: (version) =>
      chargerCommands['remote-stop'].toCall(version, { transactionId: found.chargerTransactionId }),
  });
};

/** A command one of the driver's keys requested; undefined for anyone else's. */
export const driverCommand = async (
  deps: Dependencies,
  input: { tenantId: string; driverId: string; commandId: string },
): Promise<Command | undefined> => {
  const command = await getCommand(deps, { tenantId: input.tenantId, commandId: input.commandId });
  if (!command) return undefined;
  const key = await deps.apiKeys.get(input.tenantId, command.requestedBy);
  return key?.role === 'driver' && key.driverId === input.driverId ? command : undefined;
};

/** The driver's sessions, newest first (those of the id tokens the driver has now). */
export const driverSessions = async (
  deps: Deps<'sessions' | 'drivers' | 'idTokens'>,
  input: { tenantId: string; driverId: string; status?: SessionStatus; limit: number; cursor?: string },
): Promise<Page<Session>> => {
  const tokens = await driverIdTokens(deps, input);
  if (tokens.length === 0) return { items: [] };
  return listSessions(deps, {
    tenantId: input.tenantId,
    idTokens: sessionTokenValues(tokens),
    ...(input.status && { status: input.status }),
    limit: input.limit,
    ...(input.cursor && { cursor: input.cursor }),
  });
};

export interface DriverSessionDetail {
  readonly session: Session;
  readonly meterValues: readonly SessionMeterValue[];
  /** Billed: the CDR's cost. Active: the cost so far, priced now. */
  readonly cost?: PricedSession['cost'];
  readonly costIsFinal: boolean;
}

/** One of the driver's sessions with its energy and cost (so far, while active); undefined for others'. */
export const driverSession = async (
  deps: Deps<'sessions' | 'drivers' | 'idTokens' | 'billing' | 'chargers' | 'sites' | 'tariffs' | 'clock'>,
  input: { tenantId: string; driverId: string; sessionId: string },
): Promise<DriverSessionDetail | undefined> => {
  const [found, tokens, billed] = await Promise.all([
    getSession(deps, input),
    driverIdTokens(deps, input),
    sessionCost(deps, input),
  ]);
  if (!found || !isSessionOf(found.session, tokens)) return undefined;
  if (billed) return { ...found, cost: billed, costIsFinal: true };
  if (found.session.status !== 'Active') return { ...found, costIsFinal: false };
  const { session } = found;
  const resolved = await resolveSessionTariff(deps, {
    tenantId: session.tenantId,
    chargerId: session.chargerId,
    ...(session.siteId && { siteId: session.siteId }),
    ...(session.idToken && { idToken: session.idToken }),
    startedAt: session.startedAt,
  });
  try {
    const priced = priceSessionWith({
      session,
      meterValues: found.meterValues,
      until: deps.clock.now().toISOString(),
      resolved,
    });
    return { ...found, cost: priced.cost, costIsFinal: false };
  } catch (error) {
    // Figures the pricing function refuses (a charger's odd readings): the session, without a made-up cost.
    if (error instanceof PricingInputError) return { ...found, costIsFinal: false };
    throw error;
  }
};
