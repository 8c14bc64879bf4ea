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

export const httpRoutes: readonly HttpRoute[] = [
  { method: 'GET', path: '/v1/openapi.json', operationId: 'getOpenApi', access: 'public', function: 'api' },
  {
    method: 'POST',
    path: '/v1/tenants',
    operationId: 'createTenant',
    access: 'platform-admin',
    function: 'api',
  },
  { method: 'POST', path: '/v1/chargers', operationId: 'createCharger', access: 'tenant', function: 'api' },
  { method: 'GET', path: '/v1/chargers', operationId: 'listChargers', access: 'tenant', function: 'api' },
  {
    method: 'GET',
    path: '/v1/chargers/{chargerId}',
    operationId: 'getCharger',
    access: 'tenant',
    function: 'api',
  },
  // Tenant administration (shared/http/operations/tenants.ts, api-keys.ts, sites.ts, chargers.ts, audit.ts).
  ...(
    [
      ['GET', '/v1/tenants', 'listTenants'],
      ['GET', '/v1/tenants/{tenantId}', 'getTenant'],
      ['PATCH', '/v1/tenants/{tenantId}', 'updateTenant'],
    ] as const
  ).map(
    ([method, path, operationId]): HttpRoute => ({
      method,
      path,
      operationId,
      access: 'platform-admin',
      function: 'api',
    }),
  ),
  ...(
    [
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
    ] as const
  ).map(
    ([method, path, operationId]): HttpRoute => ({
      method,
      path,
      operationId,
      access: 'tenant',
      function: 'api',
    }),
  ),
  // Id tokens and charging sessions (shared/http/operations/id-tokens.ts, sessions.ts).
  {
    method: 'PUT',
    path: '/v1/id-tokens/{idToken}',
    operationId: 'putIdToken',
    access: 'tenant',
    function: 'api',
  },
  { method: 'GET', path: '/v1/id-tokens', operationId: 'listIdTokens', access: 'tenant', function: 'api' },
  {
    method: 'GET',
    path: '/v1/id-tokens/{idToken}',
    operationId: 'getIdToken',
    access: 'tenant',
    function: 'api',
  },
  {
    method: 'DELETE',
    path: '/v1/id-tokens/{idToken}',
    operationId: 'deleteIdToken',
    access: 'tenant',
    function: 'api',
  },
  { method: 'GET', path: '/v1/sessions', operationId: 'listSessions', access: 'tenant', function: 'api' },
  {
    method: 'GET',
    path: '/v1/sessions/{sessionId}',
    operationId: 'getSession',
    access: 'tenant',
    function: 'api',
  },
  // Commands to chargers (shared/http/operations/commands.ts): raw OCPP, version-neutral, and their outcome.
  {
    method: 'POST',
    path: '/v1/chargers/{chargerId}/ocpp/{action}',
    operationId: 'sendOcppCall',
    access: 'tenant',
    function: 'api',
  },
  ...(
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
    ([command, operationId]): HttpRoute => ({
      method: 'POST',
      path: `/v1/chargers/{chargerId}/commands/${command}`,
      operationId,
      access: 'tenant',
      function: 'api',
    }),
  ),
  {
    method: 'GET',
    path: '/v1/commands/{commandId}',
    operationId: 'getCommand',
    access: 'tenant',
    function: 'api',
  },
  // OCPP 1.6 reservations, local list, configuration, firmware and diagnostics (reservations.ts, local-list.ts,
  // charger-configuration.ts, maintenance.ts).
  ...(
    [
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
    ] as const
  ).map(
    ([method, path, operationId]): HttpRoute => ({
      method,
      path,
      operationId,
      access: 'tenant',
      function: 'api',
    }),
  ),
];

export const routeKey = (route: Pick<HttpRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;
