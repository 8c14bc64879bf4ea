/** How often a read-modify-write is tried when other writes keep coming first. */
export const maxRevisionAttempts = 5;

export interface RevisionedUpdate<T> {
  /** The value before (undefined: there was none). */
  readonly before?: T;
  /** The value after: the stored one, or `before` when there was nothing to change. */
  readonly after?: T;
  readonly changed: boolean;
}

/**
 * Read-modify-write under optimistic locking: `change` computes the next value from the current one
 * (undefined: nothing to change), which is stored with the next revision if nobody wrote meanwhile; else it
 * is computed again from the newer value. `change` must therefore be a pure function of its input.
 */
export const updateRevisioned = async <T extends { readonly revision: number }>(
  store: { load(): Promise<T | undefined>; save(next: T): Promise<boolean> },
  change: (current: T | undefined) => Omit<T, 'revision'> | undefined,
): Promise<RevisionedUpdate<T>> => {
  for (let attempt = 0; attempt < maxRevisionAttempts; attempt += 1) {
    const current = await store.load();
    const next = change(current);
    if (next === undefined) return { ...(current && { before: current, after: current }), changed: false };
    const stored = { ...next, revision: (current?.revision ?? 0) + 1 } as T;
    if (await store.save(stored))
      return { ...(current && { before: current }), after: stored, changed: true };
  }
  throw new Error(`gave up after ${maxRevisionAttempts} attempts: other writes kept coming first`);
};
