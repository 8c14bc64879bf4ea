/** An error the API answers with: `{ "error": { "code", "message" } }` and an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const apiErrors = {
  badRequest: (message: string) => new ApiError(400, 'invalid_request', message),
  unauthorized: (message = 'a valid API key is required: Authorization: Bearer <apiKey>') =>
    new ApiError(401, 'unauthorized', message),
  forbidden: (message: string) => new ApiError(403, 'forbidden', message),
  // Also for another tenant's resources: their existence is not revealed.
  notFound: (what: string) => new ApiError(404, 'not_found', `${what} not found`),
  conflict: (message: string) => new ApiError(409, 'conflict', message),
  payloadTooLarge: (limit: number) =>
    new ApiError(413, 'payload_too_large', `request body exceeds ${limit} bytes`),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', 'too many requests for this tenant; retry later', {
      'retry-after': String(retryAfterSeconds),
    }),
  /** A source that failed to authenticate too often: refused without looking its key up. */
  authenticationThrottled: (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', 'too many failed authentications from this address; retry later', {
      'retry-after': String(retryAfterSeconds),
    }),
  unsupportedMediaType: () =>
    new ApiError(415, 'unsupported_media_type', 'request body must be application/json'),
} as const;
