import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFailedAuthLimits } from '../../shared/http/failed-auth-guard.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';

/**
 * Through the local HTTP gateway (its emulated authorizer gets the socket's address as `sourceIp`): a source
 * that keeps presenting bad keys is refused with 429 and Retry-After. Its own runtime: every request of a test
 * file comes from 127.0.0.1, and this one uses up that source's failures.
 */
describe('failed authentications from one source', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;

  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env?.stop());

  it('get 401 up to the bound, then 429 rate_limited with Retry-After; public routes still answer', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    const bad = (n: number) =>
      apiClient(env.runtime.apiUrl, `${tenant.apiKey.replace(/[^.]+$/, `wrong${n}`)}`);

    // Act
    const refused = [];
    for (let n = 0; n < defaultFailedAuthLimits.maxFailuresPerSource; n++)
      refused.push((await bad(n).get('/v1/chargers')).status);
    const throttled = await bad(999).get('/v1/chargers');
    const validFromSameSource = await tenant.api.get('/v1/chargers');
    const openApi = await apiClient(env.runtime.apiUrl).get('/v1/openapi.json');

    // Assess
    expect(refused).toEqual(Array(defaultFailedAuthLimits.maxFailuresPerSource).fill(401));
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(
      defaultFailedAuthLimits.windowSeconds,
    );
    // The source is refused as a whole until its window ends: no key of it is looked up meanwhile.
    expect(validFromSameSource.status).toBe(429);
    expect(openApi.status).toBe(200);
  });
});
