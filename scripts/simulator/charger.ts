import ocppRpc, { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import { ampsPerPhase, drawWatts, ProfilesInForce } from './charging-profile.ts';
import { answerCommand, type ChargerControls } from './command-answers.ts';
import {
  authorize,
  bootNotification,
  heartbeat,
  isAccepted,
  meterValues,
  newTransaction,
  type OutgoingCall,
  type Protocol,
  statusNotification,
  type Transaction,
  transactionEnded,
  transactionStarted,
} from './ocpp-messages.ts';
import { exponential, pick, sleep } from './random.ts';
import { dutyCycle, type ReferenceMix } from './reference-mix.ts';
import type { LoadObserver } from './site-draw.ts';
import type { FleetStats } from './stats.ts';

export interface ChargerIdentity {
  readonly chargerId: string;
  readonly password: string;
  readonly protocol: Protocol;
  /** The site it belongs to, for the site physics. */
  readonly siteId?: string;
}

export interface ChargerOptions {
  readonly identity: ChargerIdentity;
  /** `ws://host:port/ocpp/{tenantId}`: the client appends the charger id. */
  readonly endpoint: string;
  readonly mix: ReferenceMix;
  /** Every interval of the mix is divided by it (the CSMS's heartbeat interval too). */
  readonly timeScale: number;
  readonly random: () => number;
  readonly stats: FleetStats;
  readonly idTokens: readonly string[];
  readonly callTimeoutMs: number;
  /** Aborts when the fleet stops: no new messages from then on (what is queued is still sent). */
  readonly signal: AbortSignal;
  /** Aborts when the fleet shuts down: no more reconnects, unanswered calls are given up. */
  readonly shutdown: AbortSignal;
  /**
   * Start as part of a fleet that has been running: the first connection is a reconnect (no BootNotification,
   * as after the 2-hour cut; the heartbeat interval is the one of an earlier boot) unless `boots`, a session may
   * already be under way (by the duty cycle), and the connection ends at a random age of the 2-hour window, so
   * cuts spread like in a steady state. Otherwise the charger powers up: boots, reports its connectors, idles.
   */
  readonly steadyStart: boolean;
  /** Whether this charger boots when it first connects (always without `steadyStart`). */
  readonly boots: boolean;
  /** Told each change of the draw and each profile received (the site physics, the load-management bench). */
  readonly observer?: LoadObserver;
}

type Answer = { readonly ok: true; readonly payload: Record<string, unknown> } | { readonly ok: false };

interface QueuedCall {
  readonly call: OutgoingCall;
  readonly resolve: (answer: Answer) => void;
}

// The error classes are spread into module.exports, which ESM named imports cannot see.
const { RPCError, TimeoutError } = ocppRpc;

/** Reconnect backoff: 1 s doubling to 60 s, each delay drawn between half and one and a half of it. */
const backoff = { firstMs: 1000, maxMs: 60_000 };
const connectorId = 1;
const vehicleMaxWatts = [7_400, 11_000, 22_000];

/**
 * One charger: connects (Basic auth), boots, heartbeats at the interval the CSMS returned, charges sessions with
 * meter values, answers the CSMS's commands and reconnects with backoff when the connection is cut. Like a real
 * charger it sends one CALL at a time and keeps the ones it could not send (except Heartbeats) for after the
 * reconnect.
 */
export class SimulatedCharger implements ChargerControls {
  readonly #options: ChargerOptions;
  readonly #client: RPCClient;
  readonly #queue: QueuedCall[] = [];
  #inFlight: QueuedCall | undefined;
  #open = false;
  #everConnected = false;
  #invalidAnswer = false;
  #invalidRequest = false;
  #heartbeatSeconds: number;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #meterWh: number;
  readonly #profiles = new ProfilesInForce();
  #drawWatts = 0;
  #session: { readonly tx: Transaction; readonly stop: AbortController; remote: boolean } | undefined;
  #remoteStart: { idToken: string; remoteStartId?: number } | undefined;
  #wake = new AbortController();

  constructor(options: ChargerOptions) {
    this.#options = options;
    this.#heartbeatSeconds = options.mix.heartbeatIntervalSeconds;
    this.#meterWh = Math.round(options.random() * 5_000_000);
    const { identity } = options;
    this.#client = new RPCClient({
      endpoint: options.endpoint,
      identity: identity.chargerId,
      password: identity.password,
      protocols: [identity.protocol],
      strictMode: true,
      reconnect: false,
      callTimeoutMs: options.callTimeoutMs,
      pingIntervalMs: 60_000,
      wsOpts: { handshakeTimeout: 30_000 },
      // The typings declare every option required; the library fills in its defaults.
    } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
    this.#client.handle(async ({ method, params }) => {
      options.stats.receivedCommand(method ?? '?');
      return answerCommand(this, method ?? '', params ?? {});
    });
    this.#client.on('close', () => this.#onClose());
    this.#client.on(
      'strictValidationFailure',
      ({ outbound, isCall }: { outbound: boolean; isCall: boolean }) => {
        if (!outbound && !isCall) this.#invalidAnswer = true;
        if (outbound && isCall) this.#invalidRequest = true;
      },
    );
    options.signal.addEventListener('abort', () => clearTimeout(this.#heartbeatTimer), { once: true });
  }

  get protocol(): Protocol {
    return this.#options.identity.protocol;
  }

  get heartbeatIntervalSeconds(): number {
    return this.#heartbeatSeconds;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get isCharging(): boolean {
    return this.#session !== undefined;
  }

  /** Calls not answered yet: queued or in flight. */
  get unanswered(): number {
    return this.#queue.length + (this.#inFlight ? 1 : 0);
  }

  /** Connects, boots if it powers up, and starts its day; resolves once ready (or when the fleet stops first). */
  async start(): Promise<void> {
    const { stats, mix, random, steadyStart, signal } = this.#options;
    if (!(await this.#connect())) return;
    if (this.#options.boots || !steadyStart) {
      const boot = await this.#send(bootNotification(this.protocol, this.#options.identity.chargerId));
      const interval = boot.ok ? Number(boot.payload.interval) : 0;
      if (interval > 0) this.#heartbeatSeconds = interval;
      for (let connector = 1; connector <= mix.connectorsPerCharger; connector += 1) {
        await this.#send(statusNotification(this.protocol, connector, false));
      }
    }
    stats.connections.ready += 1;
    if (signal.aborted) return;
    // A random phase, so that the fleet's heartbeats do not come in waves.
    this.#scheduleHeartbeat(random() * this.#heartbeatMs());
    if (steadyStart) {
      const connectionMs = (mix.connectionHours * 3_600_000) / this.#options.timeScale;
      setTimeout(() => void this.#agedCut(), random() * connectionMs).unref();
    }
    void this.#runSessions();
  }

  /** Waits for what is queued or in flight to be answered, at most `ms`. */
  async drain(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (this.unanswered > 0 && performance.now() < until) await sleep(100);
  }

  /** Gives up what is still unanswered (the fleet counts it first) and closes the connection. */
  async close(): Promise<void> {
    clearTimeout(this.#heartbeatTimer);
    for (const queued of this.#queue.splice(0)) queued.resolve({ ok: false });
    await this.#client.close({ code: 1000, reason: 'Simulation ended' }).catch(() => undefined);
  }

  // ChargerControls: what CSMS commands do.

  setProfile(params: Record<string, unknown>): boolean {
    const applied = this.#profiles.apply(this.protocol, params);
    if (!applied) return false;
    this.#options.stats.commands.profilesApplied += 1;
    this.#options.observer?.profileReceived(this.#options.identity, params, this.#session !== undefined);
    // The draw follows the new limit at once: what a real EV does within a second or two.
    if (this.#session) this.#setDraw(drawWatts(this.#vehicleWatts, this.#limitWatts()));
    return true;
  }

  clearProfiles(params: Record<string, unknown>): void {
    this.#profiles.clear(params);
    if (this.#session) this.#setDraw(drawWatts(this.#vehicleWatts, this.#limitWatts()));
  }

  #vehicleWatts = 0;

  #limitWatts(): number | undefined {
    return this.#profiles.limitWatts(Date.now(), this.#session !== undefined);
  }

  #setDraw(watts: number): void {
    if (watts === this.#drawWatts) return;
    this.#drawWatts = watts;
    this.#options.observer?.drawChanged(this.#options.identity, ampsPerPhase(watts), performance.now());
  }

  remoteStart(idToken: string, remoteStartId?: number): boolean {
    if (this.#session || this.#remoteStart || this.#options.signal.aborted) return false;
    this.#remoteStart = { idToken, ...(remoteStartId !== undefined && { remoteStartId }) };
    this.#wake.abort();
    return true;
  }

  remoteStop(transactionId: string | number): boolean {
    const session = this.#session;
    if (!session || String(session.tx.transactionId) !== String(transactionId)) return false;
    session.remote = true;
    session.stop.abort();
    return true;
  }

  trigger(message: string): boolean {
    if (message === 'Heartbeat') void this.#send(heartbeat());
    else if (message === 'StatusNotification')
      void this.#send(statusNotification(this.protocol, connectorId, this.isCharging));
    else return false;
    return true;
  }

  // Connection.

  async #connect(): Promise<boolean> {
    const { stats, shutdown, random } = this.#options;
    for (let attempt = 0; !shutdown.aborted; attempt += 1) {
      try {
        await this.#client.connect();
        this.#open = true;
        stats.connected();
        stats.connections.connects += 1;
        if (this.#everConnected) stats.connections.reconnects += 1;
        this.#everConnected = true;
        this.#pump();
        return true;
      } catch (error) {
        stats.connections.failedAttempts += 1;
        const status = (error as { code?: unknown }).code;
        if (status === 401 || status === 403) stats.connections.refused += 1;
        const delay = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt) * (0.5 + random());
        if (!(await sleep(delay, shutdown))) return false;
      }
    }
    return false;
  }

  #onClose(): void {
    if (!this.#open) return;
    this.#open = false;
    const { stats, shutdown, random } = this.#options;
    stats.connections.connected -= 1;
    stats.connections.disconnects += 1;
    if (shutdown.aborted) return;
    // Even the first attempt waits a little: after a mass cut the fleet must not come back all at once.
    void sleep(backoff.firstMs * (0.5 + random()), shutdown).then((waited) => waited && this.#connect());
  }

  async #agedCut(): Promise<void> {
    if (!this.#open || this.#options.signal.aborted) return;
    this.#options.stats.connections.agedCuts += 1;
    await this.#client.close({ code: 1001, reason: 'Connection age reached', awaitPending: true });
  }

  // Calls: one at a time, kept while offline.

  #send(call: OutgoingCall): Promise<Answer> {
    return new Promise((resolve) => {
      this.#queue.push({ call, resolve });
      this.#pump();
    });
  }

  #pump(): void {
    if (!this.#open || this.#client.state !== RPCClient.OPEN || this.#inFlight) return;
    const queued = this.#queue.shift();
    if (!queued) return;
    this.#inFlight = queued;
    const { stats, callTimeoutMs } = this.#options;
    const { call } = queued;
    stats.sent(call.label);
    this.#invalidAnswer = false;
    this.#invalidRequest = false;
    const sentAt = performance.now();
    const settle = (answer: Answer) => {
      this.#inFlight = undefined;
      queued.resolve(answer);
      this.#pump();
    };
    this.#client.call(call.action, call.payload, { callTimeoutMs }).then(
      (payload) => {
        stats.answered(call.label, performance.now() - sentAt);
        settle({ ok: true, payload: payload as Record<string, unknown> });
      },
      (error: unknown) => {
        const open = this.#client.state === RPCClient.OPEN;
        if (error instanceof TimeoutError) {
          stats.failed(call.label, 'timeout');
        } else if (this.#invalidRequest) {
          stats.failed(call.label, 'invalidRequest');
        } else if (this.#invalidAnswer) {
          stats.failed(call.label, 'invalidAnswer');
        } else if (error instanceof RPCError && open) {
          // A CALLERROR is an answer too.
          stats.answered(call.label, performance.now() - sentAt, error.rpcErrorCode);
        } else if (!open && !this.#options.shutdown.aborted) {
          // The connection went away before the answer: sent again once reconnected (which pumps).
          stats.failed(call.label, 'interrupted');
          this.#inFlight = undefined;
          this.#queue.unshift(queued);
          return;
        } else if (open) {
          stats.failed(call.label, 'clientError');
        }
        settle({ ok: false });
      },
    );
  }

  // The charger's day.

  #heartbeatMs(): number {
    return (this.#heartbeatSeconds * 1000) / this.#options.timeScale;
  }

  #scheduleHeartbeat(delayMs: number): void {
    this.#heartbeatTimer = setTimeout(() => {
      if (this.#options.signal.aborted) return;
      // Offline, a charger skips the Heartbeat rather than queueing it: it means nothing later.
      if (this.#open && !this.#queue.some(({ call }) => call.action === 'Heartbeat'))
        void this.#send(heartbeat());
      this.#scheduleHeartbeat(this.#heartbeatMs());
    }, delayMs);
  }

  async #runSessions(): Promise<void> {
    const { mix, random, timeScale, signal, steadyStart } = this.#options;
    const sessionMs = (mix.sessionMinutes * 60_000) / timeScale;
    const meanIdleMs = Math.max(0, 86_400_000 / mix.sessionsPerDay - mix.sessionMinutes * 60_000) / timeScale;
    if (steadyStart && random() < dutyCycle(mix)) await this.#charge(random() * sessionMs);
    while (!signal.aborted) {
      this.#wake = new AbortController();
      await sleep(exponential(random, meanIdleMs), AbortSignal.any([signal, this.#wake.signal]));
      if (signal.aborted) return;
      await this.#charge(sessionMs);
    }
  }

  /** One session: Authorize, status, transaction start, meter values, end, status. */
  async #charge(durationMs: number): Promise<void> {
    const { stats, mix, random, timeScale, signal, idTokens } = this.#options;
    const remote = this.#remoteStart;
    this.#remoteStart = undefined;
    const idToken = remote?.idToken ?? pick(random, idTokens);
    if (!remote) {
      const authorization = await this.#send(authorize(this.protocol, idToken));
      if (!authorization.ok || !isAccepted(this.protocol, authorization.payload)) {
        stats.sessions.refused += 1;
        return;
      }
    }
    const tx = newTransaction(this.protocol, idToken, remote?.remoteStartId);
    const session = { tx, stop: new AbortController(), remote: false };
    this.#session = session;
    stats.sessions.started += 1;
    stats.connections.charging += 1;
    try {
      await this.#send(statusNotification(this.protocol, connectorId, true));
      const started = await this.#send(transactionStarted(this.protocol, tx, connectorId, this.#meterWh));
      if (this.protocol === 'ocpp1.6' && started.ok) tx.transactionId = Number(started.payload.transactionId);
      const vehicleWatts = pick(random, vehicleMaxWatts);
      this.#vehicleWatts = vehicleWatts;
      this.#options.observer?.sessionStarted(this.#options.identity);
      this.#setDraw(drawWatts(vehicleWatts, this.#limitWatts()));
      const intervalMs = (mix.meterValueIntervalSeconds * 1000) / timeScale;
      const stopOrEnd = AbortSignal.any([signal, session.stop.signal]);
      const startedAt = performance.now();
      let sampledAt = startedAt;
      const accumulate = () => {
        // Simulated time runs `timeScale` times faster: energy follows simulated time.
        const now = performance.now();
        const watts = drawWatts(vehicleWatts, this.#limitWatts());
        this.#setDraw(watts);
        this.#meterWh += (watts * ((now - sampledAt) * timeScale)) / 3_600_000;
        sampledAt = now;
        return watts;
      };
      for (let k = 1; ; k += 1) {
        const next = Math.min(startedAt + k * intervalMs, startedAt + durationMs);
        if (!(await sleep(Math.max(0, next - performance.now()), stopOrEnd))) break;
        if (next >= startedAt + durationMs) break;
        const watts = accumulate();
        await this.#send(meterValues(this.protocol, tx, connectorId, this.#meterWh, watts));
      }
      // A stopping fleet leaves its sessions open, as a power cut would.
      if (signal.aborted) return;
      accumulate();
      const ended = transactionEnded(this.protocol, tx, this.#meterWh, session.remote);
      if (ended) await this.#send(ended);
      await this.#send(statusNotification(this.protocol, connectorId, false));
      stats.sessions.completed += 1;
    } finally {
      this.#session = undefined;
      this.#profiles.endTransaction();
      this.#setDraw(0);
      this.#options.observer?.sessionEnded(this.#options.identity);
      stats.connections.charging -= 1;
    }
  }
}
