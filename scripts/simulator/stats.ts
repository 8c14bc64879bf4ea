/** Round trips and outcomes of a fleet's calls, kept apart per window: the connection ramp and the steady run. */
export type StatsWindow = 'ramp' | 'steady';

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export const summarize = (samples: readonly number[]): LatencySummary => {
  if (samples.length === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    mean: round(sum / sorted.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
  };
};

interface ActionStats {
  sent: number;
  answered: number;
  callErrors: Record<string, number>;
  /** Sent on an open connection, no answer within the call timeout. */
  timeouts: number;
  /** The connection closed before the answer came; the call is sent again once reconnected. */
  interrupted: number;
  /** Answers that broke the OCPP schema (ocpp-rpc strict mode). */
  invalidAnswers: number;
  /** Requests the simulator built wrong (caught by strict mode before sending): a simulator bug. */
  invalidRequests: number;
  /** Failures of the client library itself. */
  clientErrors: number;
  readonly samples: Record<StatsWindow, number[]>;
}

export interface ActionSummary {
  readonly sent: number;
  readonly answered: number;
  readonly callErrors: Record<string, number>;
  readonly timeouts: number;
  readonly interrupted: number;
  readonly invalidAnswers: number;
  readonly invalidRequests: number;
  readonly clientErrors: number;
  readonly latency: Record<StatsWindow, LatencySummary>;
}

export interface WindowSummary {
  readonly seconds: number;
  readonly answered: number;
  readonly messagesPerSecond: number;
  readonly latency: LatencySummary;
}

export interface FleetSummary {
  readonly target: string;
  readonly chargers: number;
  readonly protocols: Record<string, number>;
  readonly timeScale: number;
  readonly windows: Record<StatsWindow, WindowSummary>;
  readonly actions: Record<string, ActionSummary>;
  readonly totals: {
    readonly sent: number;
    readonly answered: number;
    readonly callErrors: number;
    readonly timeouts: number;
    readonly interrupted: number;
    readonly invalidAnswers: number;
    readonly invalidRequests: number;
    readonly clientErrors: number;
    /** Calls never answered: timed out, or still unanswered when the run ended. */
    readonly lost: number;
    readonly unfinishedAtEnd: number;
  };
  readonly connections: {
    readonly peakConnected: number;
    readonly connects: number;
    readonly reconnects: number;
    readonly disconnects: number;
    readonly refused: number;
    readonly failedAttempts: number;
    /** First cuts placed at a random age of the 2-hour window, as if the fleet had been running. */
    readonly agedCuts: number;
  };
  readonly sessions: { readonly started: number; readonly completed: number; readonly refused: number };
  readonly commands: {
    readonly received: Record<string, number>;
    readonly profilesApplied: number;
    readonly sent: Record<string, number>;
  };
  readonly cpuSeconds: number;
}

const increment = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

/** Counters of a fleet, updated by its chargers; `summary()` is what a run reports. */
export class FleetStats {
  window: StatsWindow = 'ramp';
  readonly windowSeconds: Record<StatsWindow, number> = { ramp: 0, steady: 0 };
  readonly protocols: Record<string, number> = {};
  readonly connections = {
    connected: 0,
    peakConnected: 0,
    ready: 0,
    charging: 0,
    connects: 0,
    reconnects: 0,
    disconnects: 0,
    refused: 0,
    failedAttempts: 0,
    agedCuts: 0,
  };
  readonly sessions = { started: 0, completed: 0, refused: 0 };
  readonly commands = {
    received: {} as Record<string, number>,
    profilesApplied: 0,
    sent: {} as Record<string, number>,
  };
  unfinishedAtEnd = 0;
  readonly #actions = new Map<string, ActionStats>();
  /** The last few seconds of round trips, for the live figures. */
  #recent: { at: number; ms: number }[] = [];
  #windowStartedAt = performance.now();

  #action(action: string): ActionStats {
    let stats = this.#actions.get(action);
    if (!stats) {
      stats = {
        sent: 0,
        answered: 0,
        callErrors: {},
        timeouts: 0,
        interrupted: 0,
        invalidAnswers: 0,
        invalidRequests: 0,
        clientErrors: 0,
        samples: { ramp: [], steady: [] },
      };
      this.#actions.set(action, stats);
    }
    return stats;
  }

  /** Closes the ramp window: from now on round trips count as steady state. */
  startSteadyWindow(): void {
    this.#closeWindow();
    this.window = 'steady';
  }

  finish(): void {
    this.#closeWindow();
  }

  #closeWindow() {
    const now = performance.now();
    this.windowSeconds[this.window] += (now - this.#windowStartedAt) / 1000;
    this.#windowStartedAt = now;
  }

  sent(action: string): void {
    this.#action(action).sent += 1;
  }

  answered(action: string, ms: number, callErrorCode?: string): void {
    const stats = this.#action(action);
    stats.answered += 1;
    if (callErrorCode) increment(stats.callErrors, callErrorCode);
    stats.samples[this.window].push(ms);
    const now = performance.now();
    this.#recent.push({ at: now, ms });
    if (this.#recent.length > 50_000) this.#recent = this.#recent.slice(-25_000);
  }

  failed(
    action: string,
    outcome: 'timeout' | 'interrupted' | 'invalidAnswer' | 'invalidRequest' | 'clientError',
  ): void {
    const stats = this.#action(action);
    if (outcome === 'timeout') stats.timeouts += 1;
    else if (outcome === 'interrupted') stats.interrupted += 1;
    else if (outcome === 'invalidAnswer') stats.invalidAnswers += 1;
    else if (outcome === 'invalidRequest') stats.invalidRequests += 1;
    else stats.clientErrors += 1;
  }

  connected(): void {
    this.connections.connected += 1;
    this.connections.peakConnected = Math.max(this.connections.peakConnected, this.connections.connected);
  }

  /** Round trips of the last `seconds`: throughput and percentiles for the progress line. */
  recent(seconds = 5): { perSecond: number; p50: number; p99: number } {
    const since = performance.now() - seconds * 1000;
    const start = this.#recent.findIndex(({ at }) => at >= since);
    const window = start < 0 ? [] : this.#recent.slice(start);
    this.#recent = window;
    const latency = summarize(window.map(({ ms }) => ms));
    return { perSecond: window.length / seconds, p50: latency.p50, p99: latency.p99 };
  }

  get totals() {
    let sent = 0;
    let answered = 0;
    let callErrors = 0;
    let timeouts = 0;
    let interrupted = 0;
    let invalidAnswers = 0;
    let invalidRequests = 0;
    let clientErrors = 0;
    for (const stats of this.#actions.values()) {
      sent += stats.sent;
      answered += stats.answered;
      callErrors += Object.values(stats.callErrors).reduce((sum, n) => sum + n, 0);
      timeouts += stats.timeouts;
      interrupted += stats.interrupted;
      invalidAnswers += stats.invalidAnswers;
      invalidRequests += stats.invalidRequests;
      clientErrors += stats.clientErrors;
    }
    return {
      sent,
      answered,
      callErrors,
      timeouts,
      interrupted,
      invalidAnswers,
      invalidRequests,
      clientErrors,
    };
  }

  summary(info: { target: string; chargers: number; timeScale: number; cpuSeconds: number }): FleetSummary {
    const actions: Record<string, ActionSummary> = {};
    const all: Record<StatsWindow, number[]> = { ramp: [], steady: [] };
    for (const [action, stats] of [...this.#actions].sort(([a], [b]) => a.localeCompare(b))) {
      const { samples, ...counts } = stats;
      actions[action] = {
        ...counts,
        latency: { ramp: summarize(samples.ramp), steady: summarize(samples.steady) },
      };
      for (const window of ['ramp', 'steady'] as const) {
        for (const ms of samples[window]) all[window].push(ms);
      }
    }
    const windowSummary = (window: StatsWindow): WindowSummary => {
      const seconds = Math.round(this.windowSeconds[window] * 10) / 10;
      return {
        seconds,
        answered: all[window].length,
        messagesPerSecond: seconds > 0 ? Math.round((all[window].length / seconds) * 10) / 10 : 0,
        latency: summarize(all[window]),
      };
    };
    const totals = this.totals;
    const { connected: _c, ready: _r, charging: _ch, ...connections } = this.connections;
    return {
      ...info,
      protocols: { ...this.protocols },
      windows: { ramp: windowSummary('ramp'), steady: windowSummary('steady') },
      actions,
      totals: {
        ...totals,
        lost: totals.timeouts + totals.clientErrors + this.unfinishedAtEnd,
        unfinishedAtEnd: this.unfinishedAtEnd,
      },
      connections,
      sessions: { ...this.sessions },
      commands: {
        received: { ...this.commands.received },
        profilesApplied: this.commands.profilesApplied,
        sent: { ...this.commands.sent },
      },
    };
  }

  receivedCommand(action: string): void {
    increment(this.commands.received, action);
  }

  sentCommand(outcome: string): void {
    increment(this.commands.sent, outcome);
  }
}
