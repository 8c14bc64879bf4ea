import type { FunctionId } from './functions.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route. The authorizer resolves the key; the API function enforces this. */
export type RouteAccess = 'public' | 'platform-admin' | 'tenant';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/chargers/{chargerId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly access: RouteAccess;
  readonly function: FunctionId;
}

type RouteRow = readonly [method: HttpMethod, path: string, operationId: string];

/** One group of routes with the same access, all served by the `api` function. */
const group = (access: RouteAccess, rows: readonly RouteRow[]): HttpRoute[] =>
  rows.map(([method, path, operationId]) => ({ method, path, operationId, access, function: 'api' }));

/** The version-neutral command routes: one per command, all POST. */
const commandRows = (
  [
    ['remote-start', 'remoteStart'],
    ['remote-stop', 'remoteStop'],
    ['reset', 'resetCharger'],
    ['unlock-connector', 'unlockConnector'],
    ['change-availability', 'changeAvailability'],
    ['trigger-message', 'triggerMessage'],
    ['get-configuration', 'getConfiguration'],
    ['set-configuration', 'setConfiguration'],
  ] as const
).map(
  ([command, operationId]): RouteRow => ['POST', `/v1/chargers/{chargerId}/commands/${command}`, operationId],
);

export const httpRoutes: readonly HttpRoute[] = [
  ...group('public', [['GET', '/v1/openapi.json', 'getOpenApi']]),
  ...group('platform-admin', [['POST', '/v1/tenants', 'createTenant']]),
  ...group('tenant', [
    ['POST', '/v1/chargers', 'createCharger'],
    ['GET', '/v1/chargers', 'listChargers'],
    ['GET', '/v1/chargers/{chargerId}', 'getCharger'],
  ]),
  // Tenant administration (shared/http/operations/tenants.ts, api-keys.ts, sites.ts, chargers.ts, audit.ts).
  ...group('platform-admin', [
    ['GET', '/v1/tenants', 'listTenants'],
    ['GET', '/v1/tenants/{tenantId}', 'getTenant'],
    ['PATCH', '/v1/tenants/{tenantId}', 'updateTenant'],
  ]),
  ...group('tenant', [
    ['POST', '/v1/api-keys', 'createApiKey'],
    ['GET', '/v1/api-keys', 'listApiKeys'],
    ['DELETE', '/v1/api-keys/{keyId}', 'revokeApiKey'],
    ['POST', '/v1/api-keys/{keyId}/rotate', 'rotateApiKey'],
    ['POST', '/v1/sites', 'createSite'],
    ['GET', '/v1/sites', 'listSites'],
    ['GET', '/v1/sites/{siteId}', 'getSite'],
    ['PATCH', '/v1/sites/{siteId}', 'updateSite'],
    ['DELETE', '/v1/sites/{siteId}', 'deleteSite'],
    ['PATCH', '/v1/chargers/{chargerId}', 'updateCharger'],
    ['DELETE', '/v1/chargers/{chargerId}', 'deleteCharger'],
    ['POST', '/v1/chargers/{chargerId}/password', 'resetChargerPassword'],
    ['POST', '/v1/chargers/bulk', 'importChargers'],
    ['GET', '/v1/audit-log', 'listAuditLog'],
    // Id tokens and charging sessions (shared/http/operations/id-tokens.ts, sessions.ts).
    ['PUT', '/v1/id-tokens/{idToken}', 'putIdToken'],
    ['GET', '/v1/id-tokens', 'listIdTokens'],
    ['GET', '/v1/id-tokens/{idToken}', 'getIdToken'],
    ['DELETE', '/v1/id-tokens/{idToken}', 'deleteIdToken'],
    ['GET', '/v1/sessions', 'listSessions'],
    ['GET', '/v1/sessions/{sessionId}', 'getSession'],
    // Commands to chargers (shared/http/operations/commands.ts): raw OCPP, version-neutral, and their outcome.
    ['POST', '/v1/chargers/{chargerId}/ocpp/{action}', 'sendOcppCall'],
    ...commandRows,
    ['GET', '/v1/commands/{commandId}', 'getCommand'],
    // OCPP 1.6 reservations, local list, configuration, firmware and diagnostics (reservations.ts,
    // local-list.ts, charger-configuration.ts, maintenance.ts).
    ['POST', '/v1/chargers/{chargerId}/reservations', 'createReservation'],
    ['GET', '/v1/chargers/{chargerId}/reservations', 'listReservations'],
    ['GET', '/v1/chargers/{chargerId}/reservations/{reservationId}', 'getReservation'],
    ['DELETE', '/v1/chargers/{chargerId}/reservations/{reservationId}', 'cancelReservation'],
    ['POST', '/v1/chargers/{chargerId}/local-list', 'syncLocalList'],
    ['GET', '/v1/chargers/{chargerId}/local-list', 'getLocalList'],
    ['POST', '/v1/chargers/{chargerId}/local-list/version-check', 'checkLocalListVersion'],
    ['GET', '/v1/chargers/{chargerId}/configuration', 'getChargerConfiguration'],
    ['POST', '/v1/chargers/{chargerId}/firmware-updates', 'updateFirmware'],
    ['POST', '/v1/chargers/{chargerId}/diagnostics', 'requestDiagnostics'],
    ['GET', '/v1/chargers/{chargerId}/maintenance', 'getMaintenanceStatus'],
    ['POST', '/v1/firmware-files', 'createFirmwareFile'],
  ]),
];

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
