// CloudFront Function (runtime cloudfront-js-2.0, event type viewer-request) in front of the charger gateway.
//
// API Gateway WebSocket APIs accept nothing after the stage in the path, but OCPP chargers connect to
// `wss://{domain}/ocpp/{tenantId}/{chargerId}`. This function moves both ids into the query string and sends the
// request to `/`, which the origin path (`/{stage}`) turns into the stage URL:
//
//   /ocpp/{tenantId}/{chargerId}  ->  /?tenantId={tenantId}&chargerId={chargerId}
//
// Anything else gets a 404 generated at the edge. The viewer's own query string is dropped, so a charger cannot
// smuggle in a second `tenantId`.
//
// Ids (after URI-decoding each path segment):
// - 1 to 64 characters (OCPP limits the charging station identity to 48; ULID tenant ids are 26);
// - only RFC 3986 unreserved characters `A-Z a-z 0-9 . _ ~ -`, which OCPP recommends for the identity. `:` is
//   refused because the chargerId is the HTTP Basic username, which cannot contain a colon (RFC 7617); `#`, `/`,
//   spaces and percent signs are refused with everything else;
// - not made of dots only (`.` and `..` are path segments, never ids).
// The values put in the query string are URI-encoded (as CloudFront expects them in the event object); with
// this character set the encoding never changes them, but the encoding keeps the output valid if it grows.
//
// This file is also evaluated by the local runtime with node's `vm` module: keep it a plain script (no import,
// export or require) whose top level defines `handler(event)`, and use only what cloudfront-js-2.0 offers.

const MAX_ID_LENGTH = 64;
const ID_PATTERN = /^[A-Za-z0-9._~-]+$/;
const PATH_PATTERN = /^\/ocpp\/([^/]+)\/([^/]+)$/;

function decodeId(segment) {
  let id;
  try {
    id = decodeURIComponent(segment);
  } catch (_error) {
    return null;
  }
  if (id.length > MAX_ID_LENGTH || !ID_PATTERN.test(id) || /^\.+$/.test(id)) {
    return null;
  }
  return id;
}

function notFound() {
  return {
    statusCode: 404,
    statusDescription: 'Not Found',
    headers: { 'cache-control': { value: 'no-store' } },
  };
}

// biome-ignore lint/correctness/noUnusedVariables: the entry point CloudFront (and the local runtime) calls.
function handler(event) {
  const request = event.request;
  const match = PATH_PATTERN.exec(request.uri);
  if (match === null) {
    return notFound();
  }
  const tenantId = decodeId(match[1]);
  const chargerId = decodeId(match[2]);
  if (tenantId === null || chargerId === null) {
    return notFound();
  }
  request.uri = '/';
  request.querystring = {
    tenantId: { value: encodeURIComponent(tenantId) },
    chargerId: { value: encodeURIComponent(chargerId) },
  };
  return request;
}
