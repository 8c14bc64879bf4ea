import type { Page } from '../../kernel/ports.ts';
import type { IdToken } from './model.ts';

/** A tenant's id tokens, keyed by the upper-cased token. */
export interface IdTokenRepository {
  /** Creates or replaces the token, keeping its creation fields; returns it and whether it was new. */
  put(token: IdToken): Promise<{ token: IdToken; created: boolean }>;
  get(tenantId: string, idToken: string): Promise<IdToken | undefined>;
  /** In token order. */
  list(tenantId: string, query: { limit: number; cursor?: string }): Promise<Page<IdToken>>;
  /** Returns the deleted token, or undefined when there was none. */
  delete(tenantId: string, idToken: string): Promise<IdToken | undefined>;
}
