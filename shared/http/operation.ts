import type { z } from 'zod';
import type { Dependencies } from '../domain/dependencies.ts';
import type { Principal } from '../domain/use-cases/tenants.ts';

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
}

/** One API operation: its schemas (the OpenAPI document is generated from them) and its handler. */
export interface Operation<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  readonly summary: string;
  readonly request: { readonly body?: B; readonly query?: Q; readonly path?: P };
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  /** Mutations are refused to `viewer` keys. */
  readonly mutates: boolean;
  handle(
    deps: Dependencies,
    input: OperationInput<z.infer<B>, z.infer<Q>, z.infer<P>>,
  ): Promise<OperationResult>;
}

/** Keeps each operation's handler typed by its own schemas. */
export const defineOperation = <B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  operation: Operation<B, Q, P>,
): Operation => operation as unknown as Operation;
