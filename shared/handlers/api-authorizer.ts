import { createHash } from 'node:crypto';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import {
  defaultFailedAuthLimits,
  type FailedAuthLimits,
  NegativeKeyCache,
  SourceFailureLimiter,
  sourceOf,
} from '../http/failed-auth-guard.ts';
import {
  type ApiAuthorizerContext,
  throttledAuthorizerContext,
  toAuthorizerContext,
} from '../http/principal-context.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { type Authentication, authenticateApiKey } from '../slices/tenancy/tenants.ts';
import { createRefusalCounter, type PublishRefusals, publishRefusalsAsEmf } from './refusal-metrics.ts';

export interface ApiAuthorizerOptions {
  readonly limits?: FailedAuthLimits;
  /** Where the refusal counts go, once a minute. */
  readonly publishRefusals?: PublishRefusals;
}

/**
 * HTTP API Lambda authorizer (simple responses): resolves the API key to tenant and role. It always authorizes,
 * so that the API answers 401 (and 429) itself with the contract's error body. A source (`sourceIp`) that failed
 * `maxFailuresPerSource` times in a window is refused (429 with Retry-After) without a lookup; a key refused a
 * moment ago for good (unknown, revoked, wrong secret) is refused again without one. Refusals are counted into one metric, not logged one by one.
 */
export const createApiAuthorizerHandler = (deps: Dependencies, options: ApiAuthorizerOptions = {}) => {
  const limits = options.limits ?? defaultFailedAuthLimits;
  const sources = new SourceFailureLimiter(limits);
  const refusedKeys = new NegativeKeyCache(limits);
  const refusals = createRefusalCounter(options.publishRefusals ?? publishRefusalsAsEmf());

  return async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<ApiAuthorizerContext>> => {
    const now = deps.clock.now().getTime();
    const source = sourceOf(event.requestContext?.http?.sourceIp);
    const retryAfterSeconds = sources.refusedFor(source, now);
    if (retryAfterSeconds !== undefined) {
      refusals.count('throttled', now);
      return { isAuthorized: true, context: throttledAuthorizerContext(retryAfterSeconds) };
    }

    const authorization = event.headers?.authorization ?? event.headers?.Authorization;
    const keyHash = authorization && createHash('sha256').update(authorization.trim()).digest('hex');
    const authentication: Authentication =
      keyHash && refusedKeys.has(keyHash, now)
        ? { ok: false, reason: 'invalid', cause: 'unknown-key' }
        : await authenticateApiKey(deps, authorization);
    if (!authentication.ok) {
      sources.recordFailure(source, now);
      // A suspended tenant's keys are not remembered: they work again from its reactivation on.
      if (keyHash && authentication.reason === 'invalid' && authentication.cause !== 'tenant-inactive')
        refusedKeys.add(keyHash, now);
      refusals.count(authentication.reason, now);
    }
    return { isAuthorized: true, context: toAuthorizerContext(authentication) };
  };
};
