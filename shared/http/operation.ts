import type { z } from 'zod';
import type { Dependencies } from '../slices/dependencies.ts';
import type { ApiKeyRole, DriverKeyRole } from '../slices/tenancy/model.ts';
import type { Principal } from '../slices/tenancy/tenants.ts';
import { apiErrors } from './api-error.ts';

/** What a route handler gets: validated input and who is calling. */
export interface OperationInput<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly path: P;
  readonly principal: Principal | undefined;
}

export interface OperationResult {
  readonly status: number;
  readonly body: unknown;
  /** Extra response headers, e.g. `Location` of a 202. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One API operation: its schemas (the OpenAPI document is generated from them) and its handler. */
export interface Operation<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  readonly summary: string;
  readonly request: {
    readonly body?: B;
    readonly query?: Q;
    readonly path?: P;
    /**
     * Set when the body may also come as `text/csv` with a header row: maps the CSV records to the JSON body,
     * which `body` then validates as usual.
     */
    readonly csv?: (records: readonly Record<string, string>[]) => unknown;
  };
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  /**
   * Set when a 200 may also be answered as `text/csv` (the request's `Accept` names it): the CSV text of the
   * JSON body, and headers that carry what CSV cannot (the next page's cursor).
   */
  readonly csvResponse?: (body: unknown) => {
    readonly text: string;
    readonly headers?: Record<string, string>;
  };
  /**
   * The least tenant role that may call it: `viewer` reads, `operator` also sends commands, `admin` does
   * everything in its tenant. Platform-admin routes ignore it. `driver`: exactly the driver API's routes (access
   * `driver`), which only driver keys may call.
   */
  readonly role: ApiKeyRole | DriverKeyRole;
  /**
   * Set on the routes a fleet-scoped key may call (every other answers it 403); the handler confines such a key
   * to its own fleet, answering 404 for another fleet's data.
   */
  readonly fleetScoped?: true;
  handle(
    deps: Dependencies,
    input: OperationInput<z.infer<B>, z.infer<Q>, z.infer<P>>,
  ): Promise<OperationResult>;
}

/** Keeps each operation's handler typed by its own schemas. */
export const defineOperation = <B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  operation: Operation<B, Q, P>,
): Operation => operation as unknown as Operation;

/** Roles ordered by what they may do. */
export const roleRank: Record<ApiKeyRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** The router checks access before any handler runs; this narrows the principal for tenant routes. */
export const tenantOf = (principal: Principal | undefined) => {
  if (principal?.kind !== 'tenant') throw apiErrors.forbidden('a tenant API key is required');
  return principal;
};

/** The router checks access before any handler runs; this narrows the principal for driver routes. */
export const driverOf = (principal: Principal | undefined) => {
  if (principal?.kind !== 'driver') throw apiErrors.forbidden('a driver key is required');
  return principal;
};

/** Responses every authenticated operation can give. */
export const commonErrors = {
  400: { description: 'Invalid input' },
  401: { description: 'Missing or invalid API key' },
  403: { description: 'The key may not do this' },
  429: { description: 'Rate limited; retry after the Retry-After header' },
} as const;
