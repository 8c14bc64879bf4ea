type ChargerIdentity = { readonly chargerId: string; readonly siteId?: string };

/** What a simulated charger tells of its load (the site physics, the load-management bench). */
export interface LoadObserver {
  /** The charger draws `amps` per phase from `atMs` (performance.now()) on. */
  drawChanged(charger: ChargerIdentity, amps: number, atMs: number): void;
  /** A SetChargingProfile it accepted; `inSession`: while a session runs. */
  profileReceived(charger: ChargerIdentity, params: Record<string, unknown>, inSession: boolean): void;
  sessionStarted(charger: ChargerIdentity): void;
  sessionEnded(charger: ChargerIdentity): void;
}

/**
 * The physics of managed sites: what each charger draws (A per phase), summed per site and second, against the
 * site's limit. Chargers report each change of their draw; between changes a draw holds, so a second's total
 * is the highest the sum reached within it.
 */
export interface SiteDrawSummary {
  readonly siteId: string;
  readonly limitA: number;
  /** The highest total draw of any second. */
  readonly maxA: number;
  /** Seconds in which the total was above the limit at some instant. */
  readonly secondsAbove: number;
  readonly seconds: number;
}

const epsilon = 1e-6;

export class SiteDrawMeter {
  readonly #events: { siteId: string; chargerId: string; amps: number; atMs: number }[] = [];
  readonly #startMs: number;

  constructor(startMs: number) {
    this.#startMs = startMs;
  }

  /** The charger draws `amps` per phase from `atMs` on. */
  set(siteId: string, chargerId: string, amps: number, atMs: number): void {
    this.#events.push({ siteId, chargerId, amps, atMs });
  }

  /** Per site with a limit: the highest total of any second and the seconds above the limit, up to `endMs`. */
  summary(limits: Readonly<Record<string, number>>, endMs: number): SiteDrawSummary[] {
    const seconds = Math.max(1, Math.ceil((endMs - this.#startMs) / 1000));
    const events = [...this.#events].sort((x, y) => x.atMs - y.atMs);
    return Object.entries(limits).map(([siteId, limitA]) => {
      const draws = new Map<string, number>();
      const peak = new Float64Array(seconds);
      let total = 0;
      let second = 0;
      for (const event of events) {
        if (event.siteId !== siteId) continue;
        const at = Math.min(seconds - 1, Math.max(0, Math.floor((event.atMs - this.#startMs) / 1000)));
        // The total holds from the last change up to this one: each second in between peaks at least at it.
        for (; second < at; second++) peak[second + 1] = Math.max(peak[second + 1]!, total);
        total += event.amps - (draws.get(event.chargerId) ?? 0);
        draws.set(event.chargerId, event.amps);
        peak[at] = Math.max(peak[at]!, total);
      }
      for (; second < seconds - 1; second++) peak[second + 1] = Math.max(peak[second + 1]!, total);
      let maxA = 0;
      let secondsAbove = 0;
      for (const value of peak) {
        maxA = Math.max(maxA, value);
        if (value > limitA + epsilon) secondsAbove += 1;
      }
      return { siteId, limitA, maxA: Math.round(maxA * 10) / 10, secondsAbove, seconds };
    });
  }
}

const percentile = (values: readonly number[], q: number): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export interface LoadManagementSummary {
  readonly sites: readonly SiteDrawSummary[];
  /** Seconds in which any site was above its limit (summed over sites). */
  readonly secondsAboveLimit: number;
  readonly sessions: number;
  /** SetChargingProfile received per session started (defaults at boot included). */
  readonly profilesPerSession: number;
  /** TxProfiles received per session started (the first one, re-allocations and lease renewals). */
  readonly txProfilesPerSession: number;
  /** Fail-safe defaults (TxDefaultProfile) received, at boot and on changes of the site. */
  readonly failSafeDefaults: number;
  /** From a session's start to the first TxProfile it accepted; sessions that got none are counted apart. */
  readonly txProfileLatencyMs: {
    readonly p50?: number;
    readonly p90?: number;
    readonly p99?: number;
    readonly max?: number;
    readonly samples: number;
  };
  readonly sessionsWithoutTxProfile: number;
  /** Sessions that started under a fail-safe default (a TxDefaultProfile was in force). */
  readonly sessionsOnDefault: number;
}

/**
 * The site physics of a fleet: each charger's draw into a `SiteDrawMeter`, and the profiles it received, to
 * report the seconds above each site's limit, the time from a session's start to its TxProfile and the
 * SetChargingProfile messages per session.
 */
export class SitePhysics implements LoadObserver {
  readonly meter: SiteDrawMeter;
  readonly #sessionStart = new Map<string, number>();
  readonly #onDefault = new Set<string>();
  readonly #latencies: number[] = [];
  readonly #profiled = new Set<string>();
  #sessions = 0;
  #profiles = 0;
  #txProfiles = 0;
  #defaults = 0;
  #withoutTxProfile = 0;
  #sessionsOnDefault = 0;

  constructor(startMs = performance.now()) {
    this.meter = new SiteDrawMeter(startMs);
  }

  drawChanged(charger: ChargerIdentity, amps: number, atMs: number): void {
    if (charger.siteId) this.meter.set(charger.siteId, charger.chargerId, amps, atMs);
  }

  profileReceived(charger: ChargerIdentity, params: Record<string, unknown>, inSession: boolean): void {
    this.#profiles += 1;
    const profile = (params.csChargingProfiles ?? params.chargingProfile) as
      | { chargingProfilePurpose?: string }
      | undefined;
    if (profile?.chargingProfilePurpose === 'TxDefaultProfile') {
      this.#defaults += 1;
      this.#onDefault.add(charger.chargerId);
    }
    if (profile?.chargingProfilePurpose === 'TxProfile') this.#txProfiles += 1;
    const started = this.#sessionStart.get(charger.chargerId);
    if (!inSession || started === undefined || profile?.chargingProfilePurpose !== 'TxProfile') return;
    if (this.#profiled.has(charger.chargerId)) return;
    this.#profiled.add(charger.chargerId);
    this.#latencies.push(performance.now() - started);
  }

  sessionStarted(charger: ChargerIdentity): void {
    this.#sessions += 1;
    if (this.#onDefault.has(charger.chargerId)) this.#sessionsOnDefault += 1;
    this.#sessionStart.set(charger.chargerId, performance.now());
    this.#profiled.delete(charger.chargerId);
  }

  sessionEnded(charger: ChargerIdentity): void {
    if (!this.#profiled.has(charger.chargerId)) this.#withoutTxProfile += 1;
    this.#sessionStart.delete(charger.chargerId);
  }

  summary(limits: Readonly<Record<string, number>>, endMs = performance.now()): LoadManagementSummary {
    const sites = this.meter.summary(limits, endMs);
    const p50 = percentile(this.#latencies, 0.5);
    const p90 = percentile(this.#latencies, 0.9);
    const p99 = percentile(this.#latencies, 0.99);
    const max = percentile(this.#latencies, 1);
    return {
      sites,
      secondsAboveLimit: sites.reduce((sum, site) => sum + site.secondsAbove, 0),
      sessions: this.#sessions,
      profilesPerSession: this.#sessions === 0 ? 0 : this.#profiles / this.#sessions,
      txProfilesPerSession: this.#sessions === 0 ? 0 : this.#txProfiles / this.#sessions,
      failSafeDefaults: this.#defaults,
      txProfileLatencyMs: {
        ...(p50 !== undefined && { p50: Math.round(p50) }),
        ...(p90 !== undefined && { p90: Math.round(p90) }),
        ...(p99 !== undefined && { p99: Math.round(p99) }),
        ...(max !== undefined && { max: Math.round(max) }),
        samples: this.#latencies.length,
      },
      // Sessions still running at the end count too: they got none so far.
      sessionsWithoutTxProfile:
        this.#withoutTxProfile +
        [...this.#sessionStart.keys()].filter((id) => !this.#profiled.has(id)).length,
      sessionsOnDefault: this.#sessionsOnDefault,
    };
  }
}

/** Lines for a terminal: the totals, and the sites that went above their limit (at most 10). */
export const formatLoadManagementSummary = (summary: LoadManagementSummary): string => {
  const above = summary.sites.filter((site) => site.secondsAbove > 0);
  const worst = [...summary.sites].sort((x, y) => y.maxA / y.limitA - x.maxA / x.limitA)[0];
  const latency = summary.txProfileLatencyMs;
  return [
    `Site physics: ${summary.sites.length} sites, ${summary.secondsAboveLimit} site-seconds above the limit (target 0)` +
      (worst ? `; highest draw ${worst.maxA} A of ${worst.limitA} A (${worst.siteId})` : ''),
    ...above
      .slice(0, 10)
      .map(
        (site) => `  ${site.siteId}: max ${site.maxA} A of ${site.limitA} A, ${site.secondsAbove} s above`,
      ),
    `Sessions: ${summary.sessions}, ${summary.sessionsOnDefault} started on a fail-safe default; ` +
      `SetChargingProfile per session ${summary.profilesPerSession.toFixed(2)} ` +
      `(TxProfiles ${summary.txProfilesPerSession.toFixed(2)}; ${summary.failSafeDefaults} fail-safe defaults); session start to TxProfile ` +
      (latency.samples > 0
        ? `p50 ${latency.p50} ms, p99 ${latency.p99} ms (${latency.samples} sessions; target p99 < 2000 ms)`
        : 'n/a: no TxProfile was sent (the load-balancing workflow does not send them yet)') +
      `; ${summary.sessionsWithoutTxProfile} sessions without one.`,
  ].join('\n');
};
