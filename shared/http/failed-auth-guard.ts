/**
 * What keeps unauthenticated traffic cheap, per container (a warm Lambda, or the local runtime): a source that
 * keeps failing to authenticate is refused for the rest of its window without any lookup, and a key that was
 * just found unknown is refused again without reading it. Both are in memory and bounded: a shared store would
 * cost a write per refused request, which is what they are here to avoid. With N warm containers a source gets
 * up to N times the bound; the HTTP API stage's throttle caps the total.
 */

export interface FailedAuthLimits {
  /** Failed authentications a source may have per window; beyond, it is refused until the window ends. */
  readonly maxFailuresPerSource: number;
  readonly windowSeconds: number;
  /** Sources tracked at once; the oldest window is forgotten first. */
  readonly maxSources: number;
  /** How long a key found unknown, revoked or suspended is refused without a lookup. */
  readonly negativeCacheSeconds: number;
  /** Keys remembered as refused at once; the oldest is forgotten first. */
  readonly maxNegativeKeys: number;
}

/**
 * 30 failures a minute are far beyond a client with a wrong key (it fails every time and stops, or retries a few
 * times) and far below the 790 requests a second the unlimited path took. A key reactivated with its tenant
 * (suspended, then active) is refused for up to 30 s more.
 */
export const defaultFailedAuthLimits: FailedAuthLimits = {
  maxFailuresPerSource: 30,
  windowSeconds: 60,
  maxSources: 10_000,
  negativeCacheSeconds: 30,
  maxNegativeKeys: 10_000,
};

/** A Map that forgets its oldest entries beyond `max` (insertion order; a re-set entry counts as new). */
class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * The source a limit applies to: an IPv4 address as it is, an IPv6 address by its /64 prefix (one subscriber
 * usually has a whole /64, so counting single addresses would let it rotate through them).
 */
export const sourceOf = (ip: string | undefined): string => {
  if (!ip) return 'unknown';
  const address = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};

/** Fixed windows of failed authentications per source. */
export class SourceFailureLimiter {
  readonly #windows: BoundedMap<string, { startedAt: number; failures: number }>;
  constructor(private readonly limits: FailedAuthLimits) {
    this.#windows = new BoundedMap(limits.maxSources);
  }

  /** Seconds until the source may try again, or undefined when it may now. */
  refusedFor(source: string, nowMs: number): number | undefined {
    const window = this.#windows.get(source);
    if (!window) return undefined;
    const endsAt = window.startedAt + this.limits.windowSeconds * 1000;
    if (endsAt <= nowMs) {
      this.#windows.delete(source);
      return undefined;
    }
    if (window.failures < this.limits.maxFailuresPerSource) return undefined;
    return Math.max(1, Math.ceil((endsAt - nowMs) / 1000));
  }

  recordFailure(source: string, nowMs: number): void {
    const window = this.#windows.get(source);
    const current =
      window && window.startedAt + this.limits.windowSeconds * 1000 > nowMs
        ? { startedAt: window.startedAt, failures: window.failures + 1 }
        : { startedAt: nowMs, failures: 1 };
    this.#windows.set(source, current);
  }
}

/** Keys (by the hash of the whole token) refused a moment ago. */
export class NegativeKeyCache {
  readonly #refusedUntil: BoundedMap<string, number>;
  constructor(private readonly limits: FailedAuthLimits) {
    this.#refusedUntil = new BoundedMap(limits.maxNegativeKeys);
  }

  has(tokenHash: string, nowMs: number): boolean {
    const until = this.#refusedUntil.get(tokenHash);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.#refusedUntil.delete(tokenHash);
    return false;
  }

  add(tokenHash: string, nowMs: number): void {
    this.#refusedUntil.set(tokenHash, nowMs + this.limits.negativeCacheSeconds * 1000);
  }

  get size(): number {
    return this.#refusedUntil.size;
  }
}
