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
