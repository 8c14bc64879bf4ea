import type { Dependencies } from '../dependencies.ts';

/** Counts one API request of the tenant against its limit (its own, or the platform default). */
export const consumeApiRequest = (
  deps: Pick<Dependencies, 'rateLimiter' | 'clock' | 'settings'>,
  input: { tenantId: string; limitPerSecond?: number },
): Promise<{ allowed: boolean; retryAfterSeconds: number }> =>
  deps.rateLimiter.consume(
    input.tenantId,
    input.limitPerSecond ?? deps.settings.apiRateLimitPerSecond,
    deps.clock.now(),
  );
