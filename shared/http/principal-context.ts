import type { ApiKeyRole } from '../slices/tenancy/model.ts';
import type { Authentication, Principal } from '../slices/tenancy/tenants.ts';

/**
 * The HTTP API authorizer's context. It always authorizes and describes the caller, so that the API answers
 * 401/403 itself with the contract's JSON error body (API Gateway's own denials have another body).
 */
export interface ApiAuthorizerContext {
  readonly kind: 'tenant' | 'driver' | 'platform-admin' | 'anonymous';
  readonly tenantId: string;
  readonly keyId: string;
  readonly role: string;
  /** Comma-separated site ids a site-limited key may see; empty: all sites. Context values must be flat. */
  readonly siteIds: string;
  /** The fleet of a fleet-scoped key; absent or empty: none (contexts of older authorizers have none). */
  readonly fleetId?: string;
  /** The tenant's API rate limit, so that the API needs no read for it; 0 for other callers. */
  readonly rateLimitPerSecond: number;
  /** Why there is no principal; `throttled`: the source failed too often, no key was looked up. */
  readonly authError: '' | AuthError;
  /** With `throttled`: seconds until the source may try again (absent in contexts of older authorizers). */
  readonly retryAfterSeconds?: number;
  /** The driver a `driver` key acts as; absent for other callers. */
  readonly driverId?: string;
}

export type AuthError = 'missing' | 'invalid' | 'throttled';

/** The context of a source refused for its failed attempts, before any lookup. */
export const throttledAuthorizerContext = (retryAfterSeconds: number): ApiAuthorizerContext => ({
  kind: 'anonymous',
  tenantId: '',
  keyId: '',
  role: '',
  siteIds: '',
  rateLimitPerSecond: 0,
  authError: 'throttled',
  retryAfterSeconds,
});

export const toAuthorizerContext = (authentication: Authentication): ApiAuthorizerContext => {
  if (!authentication.ok) {
    return {
      kind: 'anonymous',
      tenantId: '',
      keyId: '',
      role: '',
      siteIds: '',
      rateLimitPerSecond: 0,
      authError: authentication.reason,
    };
  }
  const { principal } = authentication;
  if (principal.kind === 'driver')
    return {
      kind: 'driver',
      tenantId: principal.tenantId,
      keyId: principal.keyId,
      role: 'driver',
      siteIds: '',
      driverId: principal.driverId,
      rateLimitPerSecond: principal.rateLimitPerSecond ?? 0,
      authError: '',
    };
  return principal.kind === 'tenant'
    ? {
        kind: 'tenant',
        tenantId: principal.tenantId,
        keyId: principal.keyId,
        role: principal.role,
        siteIds: principal.siteIds?.join(',') ?? '',
        fleetId: principal.fleetId ?? '',
        rateLimitPerSecond: principal.rateLimitPerSecond ?? 0,
        authError: '',
      }
    : {
        kind: 'platform-admin',
        tenantId: '',
        keyId: principal.keyId,
        role: '',
        siteIds: '',
        rateLimitPerSecond: 0,
        authError: '',
      };
};

export const fromAuthorizerContext = (
  context: Partial<ApiAuthorizerContext> | undefined,
): { principal?: Principal; authError?: AuthError; retryAfterSeconds?: number } => {
  if (context?.kind === 'tenant' && context.tenantId && context.keyId) {
    return {
      principal: {
        kind: 'tenant',
        tenantId: context.tenantId,
        keyId: context.keyId,
        role: context.role as ApiKeyRole,
        ...(context.siteIds && { siteIds: context.siteIds.split(',') }),
        ...(context.fleetId && { fleetId: context.fleetId }),
        // API Gateway passes context values as given; a string is accepted too, to be safe.
        ...(Number(context.rateLimitPerSecond) > 0 && {
          rateLimitPerSecond: Number(context.rateLimitPerSecond),
        }),
      },
    };
  }
  if (context?.kind === 'driver' && context.tenantId && context.keyId && context.driverId) {
    return {
      principal: {
        kind: 'driver',
        tenantId: context.tenantId,
        keyId: context.keyId,
        driverId: context.driverId,
        ...(Number(context.rateLimitPerSecond) > 0 && {
          rateLimitPerSecond: Number(context.rateLimitPerSecond),
        }),
      },
    };
  }
  if (context?.kind === 'platform-admin')
    return { principal: { kind: 'platform-admin', keyId: 'platform-admin' } };
  if (context?.authError === 'throttled')
    return { authError: 'throttled', retryAfterSeconds: Math.max(1, Number(context.retryAfterSeconds) || 1) };
  return { authError: context?.authError === 'invalid' ? 'invalid' : 'missing' };
};
