import { z } from 'zod';
import { maxCommandWaitSeconds } from '../../../config.ts';
import { ApiError, apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  driverOf,
  commonErrors as errors,
  type Operation,
  type OperationResult,
} from '../../../http/operation.ts';
import {
  chargerIdSchema,
  idTokenResponseSchema,
  idTokenSchema,
  meterValueSchema,
  sessionIdSchema,
  sessionResponseSchema,
  sessionStatusSchema,
  siteIdSchema,
} from '../../../http/schemas.ts';
import { toIdTokenResponse } from '../../authorization/http/id-tokens.ts';
import { availabilityStates } from '../../availability/model.ts';
import { sessionCostSchema } from '../../billing/http/ocpi-schemas.ts';
import {
  callResponses,
  unsuccessfulCommand,
  waitingCommandSchema,
} from '../../commands/http/charger-calls.ts';
import type { Command } from '../../commands/model.ts';
import { toMeterValueResponse, toSessionResponse } from '../../transactions/http/sessions.ts';
import { sessionWindow } from '../../transactions/sessions.ts';
import {
  type ChargerNearby,
  chargerForDriver,
  chargersNear,
  chargersOnSite,
  type DriverCommandOutcome,
  driverCommand,
  driverProfile,
  driverSession,
  driverSessions,
  priceForDriver,
  startDriverSession,
  stopDriverSession,
} from '../driver-app.ts';
import { driverResponseSchema, vehicleResponseSchema } from './schemas.ts';

// ---- schemas ----

const stateSchema = z.enum(availabilityStates);

const chargerAvailabilitySchema = z
  .object({
    chargerId: z.string(),
    siteId: z.string().optional(),
    siteName: z.string().optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
    distanceKm: z.number().optional().meta({ description: 'From the position asked about, to the site.' }),
    state: stateSchema.meta({ description: 'The availability use case: the best state a connector offers.' }),
    available: z
      .boolean()
      .meta({ description: '`state` is Available: a remote start can reach a free connector.' }),
    online: z.boolean(),
    offlineReason: z.enum(['never-connected', 'disconnected', 'silent']).optional(),
    maxPowerW: z.number().optional(),
    connectors: z.array(
      z.object({
        evseId: z.number().int(),
        connectorId: z.number().int(),
        state: stateSchema,
        status: z.string().meta({ description: 'As the charger last reported it.' }),
        statusAt: z.string(),
        maxPowerW: z.number().optional(),
      }),
    ),
  })
  .meta({ id: 'DriverCharger' });

const findChargersQuerySchema = z
  .strictObject({
    siteId: siteIdSchema.optional(),
    latitude: z.coerce.number().min(-90).max(90).optional(),
    longitude: z.coerce.number().min(-180).max(180).optional(),
    radiusKm: z.coerce.number().positive().max(100).default(5),
    availableOnly: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine(
    (query) =>
      (query.siteId !== undefined) !== (query.latitude !== undefined && query.longitude !== undefined),
    'either siteId, or latitude and longitude',
  )
  .refine(
    (query) => (query.latitude === undefined) === (query.longitude === undefined),
    'latitude and longitude go together',
  );

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });

const priceQuerySchema = z.strictObject({
  energyKwh: z.coerce.number().min(0).max(1000).default(20).meta({ description: 'kWh to estimate for.' }),
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60)
    .meta({ description: 'Charging time.' }),
  idToken: idTokenSchema.optional().meta({ description: "One of the driver's tokens; default their first." }),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a BCP 47 language tag')
    .optional()
    .meta({ description: "The tariff text's language, e.g. `de`; default the tariff's first text." }),
});

const driverPriceResponseSchema = z
  .object({
    chargerId: z.string(),
    idToken: z
      .string()
      .optional()
      .meta({ description: 'The token priced for; absent: the driver has no accepted one.' }),
    tariff: z
      .object({
        tariffId: z.string(),
        version: z.number().int(),
        scope: z.enum(['idToken', 'charger', 'site', 'default']),
        currency: z.string(),
        text: z.object({ language: z.string(), text: z.string() }).optional().meta({
          description: 'The tariff_alt_text to show the driver.',
        }),
        elements: z.array(z.unknown()).meta({ description: 'The OCPI 2.2.1 tariff elements.' }),
        min_price: z.object({ excl_vat: z.number(), incl_vat: z.number().optional() }).optional(),
        max_price: z.object({ excl_vat: z.number(), incl_vat: z.number().optional() }).optional(),
        tariff_alt_url: z.string().optional(),
      })
      .optional()
      .meta({ description: 'Absent: no tariff applies; sessions are free (billed at zero).' }),
    estimate: z.object({
      energyKwh: z.number(),
      minutes: z.number(),
      cost: sessionCostSchema,
    }),
  })
  .meta({ id: 'DriverPrice' });

const waitQuerySchema = z.strictObject({
  waitSeconds: z.coerce.number().int().min(0).max(maxCommandWaitSeconds).optional(),
});

const startSessionRequestSchema = z.strictObject({
  chargerId: chargerIdSchema,
  evseId: z
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: 'The EVSE (OCPP 1.6: the connector) to start on; default the charger chooses.' }),
  idToken: idTokenSchema
    .optional()
    .meta({ description: "One of the driver's tokens; default their first accepted one." }),
});

const commandAnswerSchema = z
  .object({
    commandId: z.string(),
    chargerId: z.string(),
    status: z.string().meta({
      description:
        "The charger's answer: Accepted (the session follows: GET /v1/driver/sessions?status=Active) or Rejected",
    }),
  })
  .meta({ id: 'DriverCommand' });

const driverCommandSchema = z.object({
  commandId: z.string(),
  chargerId: z.string(),
  action: z.string(),
  status: z.enum(['queued', 'pending', 'completed', 'failed', 'timeout']),
  answer: z.string().optional().meta({ description: "The charger's status answer, once completed." }),
  requestedAt: z.string(),
  completedAt: z.string().optional(),
});

const sessionListQuerySchema = z.strictObject({
  status: sessionStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

const driverSessionSchema = sessionResponseSchema
  .extend({
    meterValues: z.array(meterValueSchema),
    cost: sessionCostSchema.optional().meta({
      description: 'Billed (costIsFinal): the CDR cost. Active: the cost so far, priced at this moment.',
    }),
    costIsFinal: z.boolean(),
  })
  .meta({ id: 'DriverSession' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z
      .string()
      .optional()
      .meta({ description: 'Pass back to get the next page; absent on the last.' }),
  });

// ---- answers ----

const statusOf = (command: Command): string | undefined =>
  typeof command.response?.status === 'string' ? command.response.status : undefined;

const commandLocation = (command: Command) => `/v1/driver/commands/${command.commandId}`;

const commandAnswer = (outcome: DriverCommandOutcome, notFound: string): OperationResult => {
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'unknown-charger':
      case 'unknown-session':
      case 'not-own-token':
        throw apiErrors.notFound(outcome.reason === 'not-own-token' ? 'id token' : notFound);
      case 'no-token':
        throw apiErrors.conflict('the driver has no accepted id token to start with');
      case 'token-not-accepted':
        throw apiErrors.conflict('the id token is not accepted (blocked, expired or otherwise refused)');
      case 'not-active':
        throw apiErrors.conflict('the session is not active');
      case 'offline':
        throw new ApiError(409, 'charger_offline', 'the charger is not connected');
      case 'queue-full':
        throw new ApiError(429, 'charger_queue_full', 'the charger is busy: retry later', {
          'retry-after': String(outcome.retryAfterSeconds),
        });
      default:
        throw apiErrors.badRequest(outcome.message ?? 'the charger cannot take this command');
    }
  }
  const { command } = outcome;
  if (command.status !== 'completed' || !command.response)
    return unsuccessfulCommand(command, { location: commandLocation(command) });
  return {
    status: 200,
    body: {
      commandId: command.commandId,
      chargerId: command.chargerId,
      status: statusOf(command) ?? 'Unknown',
    },
  };
};

/** The availability slice's view, without what is for operators only (error codes). */
const toCharger = (charger: ChargerNearby): z.infer<typeof chargerAvailabilitySchema> => ({
  chargerId: charger.chargerId,
  ...(charger.siteId && { siteId: charger.siteId }),
  ...(charger.siteName && { siteName: charger.siteName }),
  ...(charger.location && { location: { ...charger.location } }),
  ...(charger.distanceKm !== undefined && { distanceKm: charger.distanceKm }),
  state: charger.state,
  available: charger.state === 'Available',
  online: charger.online,
  ...(charger.offlineReason && { offlineReason: charger.offlineReason }),
  ...(charger.maxPowerW !== undefined && { maxPowerW: charger.maxPowerW }),
  connectors: charger.connectors.map((connector) => ({
    evseId: connector.evseId,
    connectorId: connector.connectorId,
    state: connector.state,
    status: connector.status,
    statusAt: connector.statusAt,
    ...(connector.maxPowerW !== undefined && { maxPowerW: connector.maxPowerW }),
  })),
});

const commandResponses = {
  200: { description: "The charger's answer", schema: commandAnswerSchema },
  202: {
    description: 'Still waiting: look at Location (/v1/driver/commands/{commandId})',
    schema: waitingCommandSchema,
  },
  409: { description: 'charger_offline, or a conflict (no token, session not active)' },
  429: callResponses[429],
  502: callResponses[502],
  504: callResponses[504],
} as const;

// ---- operations ----

/**
 * The driver API: called with a driver key (`POST /v1/drivers/{driverId}/api-keys`); "me" is the key's driver.
 * Another driver's or another tenant's objects are not found here.
 */
export const driverAppOperations = {
  getDriverMe: defineOperation({
    summary: 'The driver of this key, with their vehicles and id tokens (read-only)',
    request: {},
    responses: {
      200: {
        description: 'The driver',
        schema: z.object({
          driver: driverResponseSchema,
          vehicles: z.array(vehicleResponseSchema),
          idTokens: z.array(idTokenResponseSchema),
        }),
      },
      404: { description: 'The driver was erased' },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { principal }) {
      const driver = driverOf(principal);
      const profile = await driverProfile(deps, driver);
      if (!profile) throw apiErrors.notFound('driver');
      const { tenantId: _t, ...me } = profile.driver;
      return {
        status: 200,
        body: {
          driver: me,
          vehicles: profile.vehicles.map(({ tenantId: _tenant, ...vehicle }) => vehicle),
          idTokens: profile.idTokens.map(toIdTokenResponse),
        },
      };
    },
  }),

  listDriverVehicles: defineOperation({
    summary: "The driver's vehicles (read-only)",
    request: {},
    responses: { 200: { description: 'The vehicles', schema: page(vehicleResponseSchema) }, ...errors },
    role: 'driver',
    async handle(deps, { principal }) {
      const profile = await driverProfile(deps, driverOf(principal));
      return {
        status: 200,
        body: { items: (profile?.vehicles ?? []).map(({ tenantId: _t, ...vehicle }) => vehicle) },
      };
    },
  }),

  listDriverIdTokens: defineOperation({
    summary: "The driver's id tokens (read-only)",
    request: {},
    responses: { 200: { description: 'The id tokens', schema: page(idTokenResponseSchema) }, ...errors },
    role: 'driver',
    async handle(deps, { principal }) {
      const profile = await driverProfile(deps, driverOf(principal));
      return { status: 200, body: { items: (profile?.idTokens ?? []).map(toIdTokenResponse) } };
    },
  }),

  findDriverChargers: defineOperation({
    summary:
      'Chargers of a site, or near a position (sites with a location within radiusKm), with connector availability',
    request: { query: findChargersQuerySchema },
    responses: {
      200: { description: 'Chargers, nearest site first', schema: page(chargerAvailabilitySchema) },
      404: { description: 'No such site in this tenant' },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { query, principal }) {
      const driver = driverOf(principal);
      const found =
        query.siteId !== undefined
          ? await chargersOnSite(deps, {
              tenantId: driver.tenantId,
              siteId: query.siteId,
              limit: query.limit,
            })
          : await chargersNear(deps, {
              tenantId: driver.tenantId,
              position: { latitude: query.latitude as number, longitude: query.longitude as number },
              radiusKm: query.radiusKm,
              limit: query.limit,
            });
      if (!found) throw apiErrors.notFound(`site ${query.siteId}`);
      const items = query.availableOnly ? found.filter((charger) => charger.state === 'Available') : found;
      return { status: 200, body: { items: items.map(toCharger) } };
    },
  }),

  getDriverCharger: defineOperation({
    summary: 'One charger with its connector availability',
    request: { path: chargerPathSchema },
    responses: {
      200: { description: 'The charger', schema: chargerAvailabilitySchema },
      404: { description: 'No such charger in this tenant' },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { path, principal }) {
      const driver = driverOf(principal);
      const charger = await chargerForDriver(deps, { tenantId: driver.tenantId, chargerId: path.chargerId });
      if (!charger) throw apiErrors.notFound(`charger ${path.chargerId}`);
      return { status: 200, body: toCharger(charger) };
    },
  }),

  getDriverPrice: defineOperation({
    summary:
      'The price that applies to this driver at a charger if a session started now: the tariff, its text, an estimate',
    request: { path: chargerPathSchema, query: priceQuerySchema },
    responses: {
      200: { description: 'The tariff and the estimate (minor units)', schema: driverPriceResponseSchema },
      404: { description: "No such charger in this tenant, or not one of the driver's id tokens" },

      ...errors,
    },
    role: 'driver',
    async handle(deps, { path, query, principal }) {
      const driver = driverOf(principal);
      const outcome = await priceForDriver(deps, {
        tenantId: driver.tenantId,
        driverId: driver.driverId,
        chargerId: path.chargerId,
        energyKwh: query.energyKwh,
        minutes: query.minutes,
        ...(query.idToken && { idToken: query.idToken }),
        ...(query.language && { language: query.language }),
      });
      if (!outcome.ok)
        throw apiErrors.notFound(
          outcome.reason === 'unknown-charger' ? `charger ${path.chargerId}` : 'id token',
        );
      const { price } = outcome;
      const tariff = price.tariff;
      return {
        status: 200,
        body: {
          chargerId: price.chargerId,
          ...(price.idToken && { idToken: price.idToken }),
          ...(tariff && {
            tariff: {
              tariffId: tariff.tariffId,
              version: tariff.version,
              scope: tariff.scope,
              currency: tariff.currency,
              ...(tariff.text && { text: tariff.text }),
              elements: [...tariff.tariff.elements],
              ...(tariff.tariff.min_price && { min_price: tariff.tariff.min_price }),
              ...(tariff.tariff.max_price && { max_price: tariff.tariff.max_price }),
              ...(tariff.tariff.tariff_alt_url && { tariff_alt_url: tariff.tariff.tariff_alt_url }),
            },
          }),
          estimate: {
            energyKwh: price.estimate.energyKwh,
            minutes: price.estimate.minutes,
            cost: price.estimate.priced.cost,
          },
        },
      };
    },
  }),

  startDriverSession: defineOperation({
    summary:
      "Start a session remotely (1.6 RemoteStartTransaction / 2.0.1 RequestStartTransaction) with one of the driver's tokens",
    request: { body: startSessionRequestSchema, query: waitQuerySchema },
    responses: {
      ...commandResponses,
      404: { description: "No such charger in this tenant, or not one of the driver's id tokens" },
      ...errors,
      429: callResponses[429],
    },
    role: 'driver',
    async handle(deps, { body, query, principal }) {
      const driver = driverOf(principal);
      const outcome = await startDriverSession(deps, {
        tenantId: driver.tenantId,
        driverId: driver.driverId,
        keyId: driver.keyId,
        chargerId: body.chargerId,
        ...(body.evseId !== undefined && { evseId: body.evseId }),
        ...(body.idToken && { idToken: body.idToken }),
        ...(query.waitSeconds !== undefined && { waitSeconds: query.waitSeconds }),
      });
      return commandAnswer(outcome, `charger ${body.chargerId}`);
    },
  }),

  stopDriverSession: defineOperation({
    summary:
      "Stop one of the driver's active sessions remotely (1.6 RemoteStopTransaction / 2.0.1 RequestStopTransaction)",
    request: { path: z.strictObject({ sessionId: sessionIdSchema }), query: waitQuerySchema },
    responses: {
      ...commandResponses,
      404: { description: 'No such session of this driver' },
      ...errors,
      429: callResponses[429],
    },
    role: 'driver',
    async handle(deps, { path, query, principal }) {
      const driver = driverOf(principal);
      const outcome = await stopDriverSession(deps, {
        tenantId: driver.tenantId,
        driverId: driver.driverId,
        keyId: driver.keyId,
        sessionId: path.sessionId,
        ...(query.waitSeconds !== undefined && { waitSeconds: query.waitSeconds }),
      });
      return commandAnswer(outcome, `session ${path.sessionId}`);
    },
  }),

  getDriverCommand: defineOperation({
    summary: 'A start or stop this driver asked for, with the charger’s answer once known',
    request: { path: z.strictObject({ commandId: z.string().regex(/^[0-9A-Za-z]{1,40}$/, 'a ULID') }) },
    responses: {
      200: { description: 'The command', schema: driverCommandSchema },
      404: { description: 'No such command of this driver' },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { path, principal }) {
      const driver = driverOf(principal);
      const command = await driverCommand(deps, { ...driver, commandId: path.commandId });
      if (!command) throw apiErrors.notFound(`command ${path.commandId}`);
      const answer = statusOf(command);
      return {
        status: 200,
        body: {
          commandId: command.commandId,
          chargerId: command.chargerId,
          action: command.action,
          status: command.status,
          ...(answer && { answer }),
          requestedAt: command.requestedAt,
          ...(command.completedAt && { completedAt: command.completedAt }),
        },
      };
    },
  }),

  listDriverSessions: defineOperation({
    summary: "The driver's sessions, newest first (history, or status=Active for the live one)",
    request: { query: sessionListQuerySchema },
    responses: {
      200: {
        description: 'A page of sessions; a page may hold fewer items than `limit` and still have a cursor',
        schema: page(sessionResponseSchema),
      },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { query, principal }) {
      const driver = driverOf(principal);
      const result = await driverSessions(deps, {
        tenantId: driver.tenantId,
        driverId: driver.driverId,
        ...(query.status && { status: query.status }),
        limit: query.limit,
        ...(query.cursor && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: { items: result.items.map(toSessionResponse), ...(result.cursor && { cursor: result.cursor }) },
      };
    },
  }),

  getDriverSession: defineOperation({
    summary: "One of the driver's sessions: energy, meter values, cost so far (active) or billed cost",
    request: { path: z.strictObject({ sessionId: sessionIdSchema }) },
    responses: {
      200: { description: 'The session', schema: driverSessionSchema },
      404: { description: 'No such session of this driver' },
      ...errors,
    },
    role: 'driver',
    async handle(deps, { path, principal }) {
      const driver = driverOf(principal);
      const detail = await driverSession(deps, { ...driver, sessionId: path.sessionId });
      if (!detail) throw apiErrors.notFound(`session ${path.sessionId}`);
      return {
        status: 200,
        body: {
          ...toSessionResponse(detail.session),
          meterValues: detail.meterValues.map(toMeterValueResponse(sessionWindow(detail.session))),
          ...(detail.cost && { cost: detail.cost }),
          costIsFinal: detail.costIsFinal,
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
