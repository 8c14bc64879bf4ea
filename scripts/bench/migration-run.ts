import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import { startLocalRuntime } from '../../local/runtime.ts';

/**
 * The migration run of issue 15 against the local runtime on 127.0.0.1: chargers imported in bulk with their
 * existing (legacy) passwords and a few in a cohort, id tokens imported with their drivers, every charger
 * connecting at once (ocpp-rpc clients, BootNotification), the cohort's chargers charging once, then the fleet
 * audit and the cohort report read. Every phase is timed and bounded (`deadlineMs`).
 */
export interface MigrationBenchOptions {
  readonly chargers: number;
  readonly idTokens: number;
  /** Chargers in the cohort (the first ones). */
  readonly cohortSize: number;
  /** Connection attempts in flight at once ("at once": all of them by default). */
  readonly connectConcurrency: number;
  /** The whole run's bound. */
  readonly deadlineMs: number;
  /**
   * The connection phase's bound: a charger not connected by then never connects. A failed attempt is retried as
   * an OCPP 2.0.1 charger does (RetryBackOffWaitMinimum, doubled each time, plus RetryBackOffRandomRange), so a
   * storm spreads out. @default 180_000
   */
  readonly connectBoundMs?: number;
  /** RetryBackOffWaitMinimum (ms). @default 1_000 */
  readonly retryWaitMinimumMs?: number;
  /** RetryBackOffRandomRange (ms). @default 1_000 */
  readonly retryRandomRangeMs?: number;
  /** A charger's own WebSocket handshake timeout (ms): it gives up and retries. @default 30_000 */
  readonly handshakeTimeoutMs?: number;
  /**
   * After the first storm, every charger is cut off and reconnects at once (a gateway deployment, an outage): the
   * authorizer's cache of scrypt matches answers those. @default true
   */
  readonly reconnectStorm?: boolean;
  /**
   * Chargers per bulk request. Chosen passwords are hashed with scrypt (about 30 ms of CPU each), so 1,000 rows
   * take about 30 s of one core: more than the API's 29 s on a busy or one-vCPU machine. @default 200
   */
  readonly chargerBatch?: number;
  readonly log?: (line: string) => void;
}

export interface MigrationBenchFigures {
  readonly chargers: number;
  readonly idTokens: number;
  readonly chargerImportMs: number;
  readonly chargersImported: number;
  readonly tokenImportMs: number;
  readonly tokensCreated: number;
  readonly driversCreated: number;
  readonly tokenReRunUnchanged: number;
  readonly tokenReRunMs: number;
  /** From the first connection attempt to the last BootNotification answered. */
  readonly connectAllMs: number;
  readonly connected: number;
  /** Failed attempts (each one retried while the connection phase's bound allows). */
  readonly connectFailures: number;
  /** Chargers connected and booted on their first attempt. */
  readonly connectedFirstAttempt: number;
  /** Chargers connected and booted after one retry or more. */
  readonly connectedAfterRetries: number;
  /** Chargers not connected within the connection phase's bound. */
  readonly neverConnected: number;
  /** Most attempts one charger needed. */
  readonly maxAttempts: number;
  /** The same storm again once every charger was cut off (`reconnectStorm`): all answered from the cache. */
  readonly reconnect?: StormFigures;
  readonly bootAccepted: number;
  /** Upgrade + BootNotification per charger, ms. */
  readonly connectLatency: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  /** The libuv thread pool's size (UV_THREADPOOL_SIZE) and the gateway's bound on authorizers at once. */
  readonly threadPoolSize: number;
  readonly peakAuthorizersInFlight: number;
  readonly peakAuthorizersWaiting: number;
  readonly fleetReportMs: number;
  readonly fleetReportPages: number;
  readonly fleetSummary: {
    readonly chargers: number;
    readonly neverConnected: number;
    readonly online: number;
  };
  readonly cohortReportMs: number;
  readonly cohortToday: Record<string, unknown> | undefined;
}

/** One storm: every charger connecting at once, retrying with backoff. */
export interface StormFigures {
  readonly allMs: number;
  readonly connected: number;
  readonly failedAttempts: number;
  readonly firstAttempt: number;
  readonly afterRetries: number;
  readonly never: number;
  readonly maxAttempts: number;
  readonly bootAccepted: number;
  /** Failed attempts by error message (its first 80 characters; "boot: …" when BootNotification failed). */
  readonly failureReasons: Record<string, number>;
  readonly latency: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

/** The timer is cleared when the work ends: the process exits when the run does, not at the deadline. */
const withDeadline = <T>(work: Promise<T>, deadline: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what}: over the run's deadline`)),
        Math.max(0, deadline - Date.now()),
      );
    }),
  ]).finally(() => clearTimeout(timer));
};

const mapLimit = async <T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
) => {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
};

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export const runMigrationBench = async (options: MigrationBenchOptions): Promise<MigrationBenchFigures> => {
  const log = options.log ?? (() => undefined);
  const deadline = Date.now() + options.deadlineMs;
  const workDir = mkdtempSync(join(tmpdir(), 'csms-migration-bench-'));
  const runtime = await startLocalRuntime({
    ocppPort: 0,
    apiPort: 0,
    dataDir: join(workDir, 'data'),
    // The bench makes hundreds of requests a second through one tenant's key.
    apiRateLimitPerSecond: 10_000,
    logger: {
      info: () => undefined,
      error: (...args: unknown[]) => console.error('runtime error:', ...args),
    },
  });
  const clients: RPCClient[] = [];
  /** The cohort's clients, by charger index. */
  const cohortClients = new Map<number, RPCClient>();
  try {
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const tenant = await call('POST', '/v1/tenants', runtime.adminKey, { name: 'migration-bench' });
    const key = tenant.apiKey as string;
    const tenantId = tenant.tenantId as string;

    // 1. Chargers with their legacy passwords, `chargerBatch` a request; the first `cohortSize` in cohort wave-1.
    const chargerIds = Array.from(
      { length: options.chargers },
      (_, i) => `MIG-${String(i).padStart(5, '0')}`,
    );
    const passwordOf = (chargerId: string) => `legacy-${chargerId}-pw`;
    let started = performance.now();
    let chargersImported = 0;
    for (const batch of chunks(chargerIds, options.chargerBatch ?? 200)) {
      const answer = await withDeadline(
        call('POST', '/v1/chargers/bulk', key, {
          chargers: batch.map((chargerId) => ({
            chargerId,
            password: passwordOf(chargerId),
            ...(Number(chargerId.slice(4)) < options.cohortSize && { cohort: 'wave-1' }),
          })),
        }),
        deadline,
        'charger import',
      );
      chargersImported += (answer.created as unknown[]).length;
    }
    const chargerImportMs = performance.now() - started;
    log(`imported ${chargersImported} chargers in ${chargerImportMs.toFixed(0)} ms`);

    // 2. Id tokens with their drivers (two tokens a driver), 1000 a request; then the first batch again.
    const tokenRows = Array.from({ length: options.idTokens }, (_, i) => ({
      idToken: `RFID${String(i).padStart(8, '0')}`,
      status: 'Accepted',
      driver: { externalRef: `crm-${Math.floor(i / 2)}`, name: `Driver ${Math.floor(i / 2)}` },
    }));
    started = performance.now();
    let tokensCreated = 0;
    let driversCreated = 0;
    for (const batch of chunks(tokenRows, 1000)) {
      const answer = await withDeadline(
        call('POST', '/v1/id-tokens/bulk', key, { idTokens: batch }),
        deadline,
        'token import',
      );
      const results = answer.results as { status: string; driverCreated?: true }[];
      tokensCreated += results.filter((r) => r.status === 'created').length;
      driversCreated += results.filter((r) => r.driverCreated).length;
    }
    const tokenImportMs = performance.now() - started;
    log(`imported ${tokensCreated} id tokens (${driversCreated} drivers) in ${tokenImportMs.toFixed(0)} ms`);
    started = performance.now();
    const reRun = await call('POST', '/v1/id-tokens/bulk', key, { idTokens: tokenRows.slice(0, 1000) });
    const tokenReRunMs = performance.now() - started;
    const tokenReRunUnchanged = (reRun.summary as { unchanged: number }).unchanged;

    // 3. Every charger connects at once with its legacy password and boots, retrying with backoff on a failure.
    const connectBoundMs = options.connectBoundMs ?? 180_000;
    const waitMinimum = options.retryWaitMinimumMs ?? 1_000;
    const randomRange = options.retryRandomRangeMs ?? 1_000;
    const storm = async (): Promise<StormFigures> => {
      const latencies: number[] = [];
      const attemptsOf: number[] = [];
      let bootAccepted = 0;
      const failureReasons: Record<string, number> = {};
      let failedAttempts = 0;
      const stormStarted = performance.now();
      const phaseEnd = Math.min(deadline, Date.now() + connectBoundMs);
      await withDeadline(
        mapLimit(chargerIds, options.connectConcurrency, async (chargerId, index) => {
          const at = performance.now();
          for (let attempt = 1; ; attempt += 1) {
            const client = new RPCClient({
              endpoint: `${runtime.ocppUrl}/${tenantId}`,
              identity: chargerId,
              password: passwordOf(chargerId),
              protocols: ['ocpp1.6'],
              strictMode: true,
              reconnect: false,
              wsOpts: { handshakeTimeout: options.handshakeTimeoutMs ?? 30_000 },
            } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
            let stage = 'connect';
            try {
              await client.connect();
              stage = 'boot';
              const boot = (await client.call('BootNotification', {
                chargePointVendor: index % 3 === 0 ? 'LegacyCo' : 'OtherCo',
                chargePointModel: 'LC-22',
                firmwareVersion: index % 2 === 0 ? '4.2.0' : '4.1.9',
              })) as { status: string };
              clients.push(client);
              if (index < options.cohortSize) cohortClients.set(index, client);
              if (boot.status === 'Accepted') bootAccepted += 1;
              latencies.push(performance.now() - at);
              attemptsOf.push(attempt);
              return;
            } catch (error) {
              failedAttempts += 1;
              const reason = `${stage}: ${String((error as Error)?.message ?? error).slice(0, 80)}`;
              failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
              await client.close({ force: true }).catch(() => undefined);
              // OCPP 2.0.1 B.1 (reconnecting): the wait minimum doubles each time, plus a random part.
              const wait = waitMinimum * 2 ** Math.min(attempt - 1, 5) + Math.random() * randomRange;
              if (Date.now() + wait >= phaseEnd) return;
              await delay(wait);
            }
          }
        }),
        deadline,
        'connections',
      );
      const sorted = [...latencies].sort((x, y) => x - y);
      return {
        allMs: performance.now() - stormStarted,
        connected: attemptsOf.length,
        failedAttempts,
        firstAttempt: attemptsOf.filter((n) => n === 1).length,
        afterRetries: attemptsOf.filter((n) => n > 1).length,
        never: chargerIds.length - attemptsOf.length,
        maxAttempts: Math.max(0, ...attemptsOf),
        bootAccepted,
        failureReasons,
        latency: {
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: sorted.at(-1) ?? 0,
        },
      };
    };
    const first = await storm();
    await runtime.settled();
    const gatewayStats = runtime.websocket.frameBoundStats();
    log(
      `${first.connected} connected in ${first.allMs.toFixed(0)} ms (${first.firstAttempt} first attempt, ` +
        `${first.afterRetries} after retries, ${first.never} never; ${first.failedAttempts} failed attempts: ` +
        `${JSON.stringify(first.failureReasons)})`,
    );
    let reconnect: StormFigures | undefined;
    if (options.reconnectStorm ?? true) {
      await Promise.all(clients.map((client) => client.close({ force: true }).catch(() => undefined)));
      clients.length = 0;
      cohortClients.clear();
      await runtime.settled();
      reconnect = await storm();
      await runtime.settled();
      log(
        `reconnect storm: ${reconnect.connected} connected in ${reconnect.allMs.toFixed(0)} ms ` +
          `(${reconnect.firstAttempt} first attempt, ${reconnect.never} never; failed attempts: ` +
          `${JSON.stringify(reconnect.failureReasons)})`,
      );
    }

    // 4. The cohort's chargers charge once (5 kWh), then the fleet and cohort reports are read.
    await mapLimit([...cohortClients.entries()], 10, async ([index, client]) => {
      const start = (await client.call('StartTransaction', {
        connectorId: 1,
        // A token of its own: the concurrent-transaction rule is not what this measures.
        idTag: tokenRows[index]?.idToken ?? `NONE-${index}`,
        meterStart: 0,
        timestamp: new Date().toISOString(),
      })) as { transactionId: number };
      await client.call('StopTransaction', {
        transactionId: start.transactionId,
        meterStop: 5000,
        timestamp: new Date().toISOString(),
      });
    });
    await runtime.settled();
    started = performance.now();
    let cursor: string | undefined;
    let pages = 0;
    const summary = { chargers: 0, neverConnected: 0, online: 0 };
    do {
      const page = await call(
        'GET',
        `/v1/reports/fleet?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        key,
      );
      const counts = page.summary as typeof summary;
      summary.chargers += counts.chargers;
      summary.neverConnected += counts.neverConnected;
      summary.online += counts.online;
      cursor = page.cursor as string | undefined;
      pages += 1;
    } while (cursor && Date.now() < deadline);
    const fleetReportMs = performance.now() - started;
    started = performance.now();
    const cohort =
      options.cohortSize > 0 ? await call('GET', '/v1/reports/cohorts/wave-1', key) : { days: [] };
    const cohortReportMs = performance.now() - started;
    return {
      chargers: options.chargers,
      idTokens: options.idTokens,
      chargerImportMs,
      chargersImported,
      tokenImportMs,
      tokensCreated,
      driversCreated,
      tokenReRunUnchanged,
      tokenReRunMs,
      connectAllMs: first.allMs,
      connected: first.connected,
      connectFailures: first.failedAttempts,
      connectedFirstAttempt: first.firstAttempt,
      connectedAfterRetries: first.afterRetries,
      neverConnected: first.never,
      maxAttempts: first.maxAttempts,
      ...(reconnect && { reconnect }),
      bootAccepted: first.bootAccepted,
      connectLatency: first.latency,
      threadPoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
      peakAuthorizersInFlight: gatewayStats.peakAuthorizersInFlight,
      peakAuthorizersWaiting: gatewayStats.peakAuthorizersWaiting,
      fleetReportMs,
      fleetReportPages: pages,
      fleetSummary: summary,
      cohortReportMs,
      cohortToday: (cohort.days as Record<string, unknown>[]).at(-1),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close({ force: true }).catch(() => undefined)));
    await runtime.close();
    rmSync(workDir, { recursive: true, force: true });
  }
};
