/**
 * The OCTT scenario suite's "trigger" API (tzi-app/tzi-OCTT: `POST /api/octt/{version}/{stationId}/{action}`),
 * translated into calls of our tenant API. In a manual OCTT run an operator would press a button in the CSMS's UI;
 * this is that button, and nothing more: every trigger becomes the request an operator's integration would send.
 */

export type OcttVersion = '1.6' | '2.0.1';

/** A request to our tenant API (path under the API's base URL). */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
}

export type TriggerRoute =
  | { readonly kind: 'api'; readonly request: ApiRequest }
  /** Nothing to do in this CSMS, and why (the answer says so; the scenario goes on). */
  | { readonly kind: 'nothing'; readonly reason: string }
  /** A trigger this CSMS has no API for: 501 with the reason, counted as a gap of the adapter. */
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const pascalOf = (kebab: string): string =>
  kebab
    .split('-')
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

const charger = (stationId: string) => `/v1/chargers/${encodeURIComponent(stationId)}`;

const raw = (stationId: string, action: string, body: unknown): TriggerRoute => ({
  kind: 'api',
  request: { method: 'POST', path: `${charger(stationId)}/ocpp/${action}`, body: body ?? {} },
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The version-agnostic endpoints: `/api/octt/set-basic-auth-password`, `/api/octt/create-token`. */
const sharedRoute = (name: string, body: unknown): TriggerRoute => {
  if (!isRecord(body)) return { kind: 'invalid', reason: 'the body must be a JSON object' };
  if (name === 'set-basic-auth-password') {
    const { station_id: stationId, password } = body;
    if (typeof stationId !== 'string' || typeof password !== 'string')
      return { kind: 'invalid', reason: 'station_id and password are required strings' };
    return {
      kind: 'api',
      request: { method: 'POST', path: `${charger(stationId)}/password`, body: { password } },
    };
  }
  if (name === 'create-token') {
    const { token_id: tokenId, status } = body;
    if (typeof tokenId !== 'string' || typeof status !== 'string')
      return { kind: 'invalid', reason: 'token_id and status are required strings' };
    return {
      kind: 'api',
      request: { method: 'PUT', path: `/v1/id-tokens/${encodeURIComponent(tokenId)}`, body: { status } },
    };
  }
  return { kind: 'unsupported', reason: `no shared trigger ${name}` };
};

/**
 * Maps one trigger to the tenant API. `segments` is the path after `/api/octt/`: `[name]` for the shared
 * endpoints, `[version, stationId, action]` or `[version, stationId, 'call', Action]` for the others.
 */
export const routeTrigger = (segments: readonly string[], body: unknown): TriggerRoute => {
  if (segments.length === 1) return sharedRoute(segments[0]!, body);
  const [version, stationId, action, callAction] = segments;
  if (version !== '1.6' && version !== '2.0.1')
    return { kind: 'invalid', reason: `unknown version ${version}` };
  if (!stationId || !action)
    return { kind: 'invalid', reason: 'expected /api/octt/{version}/{stationId}/{action}' };
  if (action === 'call') {
    if (!callAction || segments.length !== 4) return { kind: 'invalid', reason: 'expected …/call/{Action}' };
    return raw(stationId, callAction, body);
  }
  if (segments.length !== 3)
    return { kind: 'invalid', reason: 'expected /api/octt/{version}/{stationId}/{action}' };
  const payload = isRecord(body) ? body : {};
  switch (action) {
    case 'get-variables':
      return {
        kind: 'api',
        request: {
          method: 'POST',
          path: `${charger(stationId)}/device-model/variables/get`,
          body: { variables: payload.getVariableData },
        },
      };
    case 'set-variables':
      return {
        kind: 'api',
        request: {
          method: 'POST',
          path: `${charger(stationId)}/device-model/variables/set`,
          body: { variables: payload.setVariableData },
        },
      };
    case 'set-security-profile':
      return {
        kind: 'nothing',
        reason:
          'security profiles 1 and 2 are both accepted for every charger (TLS ends at CloudFront); ' +
          'profile 3 (mTLS) is not offered on API Gateway WebSocket APIs',
      };
    case 'set-items-per-message':
      return {
        kind: 'unsupported',
        reason:
          'the CSMS learns ItemsPerMessage from the charger’s own device model (NotifyReport / GetVariables ' +
          'DeviceDataCtrlr), it has no API to override it',
      };
    case 'set-pending-boot':
      return { kind: 'unsupported', reason: 'no provisioning step (boot Pending) per charger yet' };
    case 'update-basic-auth-password':
      return { kind: 'unsupported', reason: 'no remote rotation of a charger’s Basic-auth password yet' };
    default:
      return raw(stationId, pascalOf(action), body);
  }
};
