// biome-ignore lint/suspicious/noExplicitAny: callers read the fields of the answers they asked for.
type Json = any;

/** A small client of the tenant HTTP API; a 429 waits for its Retry-After and tries again. */
export const tenantApi = (baseUrl: string, apiKey: string) => {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status === 429 && attempt < 20) {
        const seconds = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.max(0.2, seconds) * 1000));
        continue;
      }
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }
  };
  return {
    call,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
  };
};

export type TenantApi = ReturnType<typeof tenantApi>;

/** Throws with the API's error unless the status is the expected one. */
export const expectStatus = <T extends { status: number; body: unknown }>(
  what: string,
  response: T,
  status: number,
): T => {
  if (response.status !== status) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
};
