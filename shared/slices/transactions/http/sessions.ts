import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import {
  listSessionsQuerySchema,
  sessionDetailResponseSchema,
  sessionListResponseSchema,
  sessionPathSchema,
  type sessionResponseSchema,
} from '../../../http/schemas.ts';
import { canSeeSite, siteScopeOf } from '../../../http/site-access.ts';
import { sessionCost } from '../../billing/bill-session.ts';
import type { Session, SessionMeterValue } from '../model.ts';
import { readingInWindow, type SessionWindow } from '../session-fold.ts';
import { getSession, listSessions, sessionWindow } from '../sessions.ts';

export const toSessionResponse = (session: Session): z.infer<typeof sessionResponseSchema> => ({
  sessionId: session.sessionId,
  chargerId: session.chargerId,
  ...(session.siteId && { siteId: session.siteId }),
  chargerTransactionId: session.chargerTransactionId,
  transactionId: session.chargerTransactionId,
  ...(session.evseId !== undefined && { evseId: session.evseId }),
  ...(session.connectorId !== undefined && { connectorId: session.connectorId }),
  ...(session.idToken && { idToken: session.idToken }),
  ...(session.idTokenType && { idTokenType: session.idTokenType }),
  ...(session.driverId && { driverId: session.driverId }),
  ...(session.vehicleId && { vehicleId: session.vehicleId }),
  ...(session.fleetId && { fleetId: session.fleetId }),
  status: session.status,
  startedAt: session.startedAt,
  ...(session.endedAt && { endedAt: session.endedAt }),
  ...(session.stoppedReason && { stoppedReason: session.stoppedReason }),
  energyWh: session.energyWh,
  ...(session.meterStart && { meterStartWh: session.meterStart.wh }),
  ...(session.meterStop && { meterStopWh: session.meterStop.wh }),
  ...(session.chargingStates && { chargingStates: [...session.chargingStates] }),
  version: session.version,
  ...(session.imported && { imported: true as const }),
  ...(session.externalId && { externalId: session.externalId }),
  ...(session.importedCost && { importedCost: { ...session.importedCost } }),
  createdAt: session.createdAt,
  updatedAt: session.updatedAt,
});

export const toMeterValueResponse =
  (window: SessionWindow) =>
  ({ at, seqNo, sampledValues }: SessionMeterValue) => ({
    timestamp: at,
    seqNo,
    ...(!readingInWindow(window, { at, seqNo }) && { outOfWindow: true as const }),
    sampledValues: [...sampledValues],
  });

export const sessionOperations = {
  listSessions: defineOperation({
    summary: 'List charging sessions, newest first, optionally of one charger and/or status',
    request: { query: listSessionsQuerySchema },
    responses: {
      200: {
        description:
          'A page of sessions. With filters a page may hold fewer items than `limit` and still have a cursor.',
        schema: sessionListResponseSchema,
      },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const siteIds = siteScopeOf(tenant);
      // A site-limited key sees the sessions of chargers of its sites only (a session keeps its charger's site).
      const page = await listSessions(deps, {
        tenantId: tenant.tenantId,
        ...query,
        ...(siteIds && { siteIds }),
      });
      return {
        status: 200,
        body: { items: page.items.map(toSessionResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getSession: defineOperation({
    summary: 'A charging session with its meter values',
    request: { path: sessionPathSchema },
    responses: {
      200: { description: 'The session', schema: sessionDetailResponseSchema },
      404: { description: 'No such session in this tenant (or outside the key’s sites)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const input = { tenantId: tenant.tenantId, sessionId: path.sessionId };
      const [found, cost] = await Promise.all([getSession(deps, input), sessionCost(deps, input)]);
      if (!found || !canSeeSite(tenant, found.session.siteId))
        throw apiErrors.notFound(`session ${path.sessionId}`);
      return {
        status: 200,
        body: {
          ...toSessionResponse(found.session),
          meterValues: found.meterValues.map(toMeterValueResponse(sessionWindow(found.session))),
          // Only what billing priced: never made up before.
          ...(cost && { cost }),
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
