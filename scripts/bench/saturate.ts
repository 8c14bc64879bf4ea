import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import {
  authorize,
  bootNotification,
  heartbeat,
  meterValues,
  newTransaction,
  type OutgoingCall,
  type Protocol,
  statusNotification,
  type Transaction,
  transactionStarted,
} from '../simulator/ocpp-messages.ts';
import type { FleetFile } from '../simulator/provision.ts';
import { pick, seededRandom } from '../simulator/random.ts';
import { perChargerDay, referenceMix } from '../simulator/reference-mix.ts';
import { summarize } from '../simulator/stats.ts';
import {
  type SaturationResult,
  type SaturationSummary,
  type SaturationType,
  saturationTypes,
} from './saturation-types.ts';

/**
 * Throughput child of the benchmark: K chargers each send the next message as soon as the last one was answered
 * (a closed loop, one outstanding CALL per charger as OCPP-J allows), one message type after the other. The
 * same process runs against the CSMS and against the bare ocpp-rpc server, so the two figures compare. Between
 * types it asks the parent to wait until the server has finished what the messages started.
 */

interface Charger {
  readonly client: RPCClient;
  readonly protocol: Protocol;
  tx?: Transaction;
  charging: boolean;
  meterWh: number;
}

/** The reference mix's share of each message a charger sends often (transaction start and end left out). */
const mixWeights = (() => {
  const day = perChargerDay(referenceMix);
  const kinds = ['Heartbeat', 'StatusNotification', 'Authorize', 'MeterValues'] as const;
  return kinds.flatMap((kind) => Array.from({ length: Math.round(day[kind]) }, () => kind));
})();

const nextCall = (type: SaturationType, charger: Charger, random: () => number): OutgoingCall => {
  const kind = type === 'Mix' ? pick(random, mixWeights) : type;
  switch (kind) {
    case 'Heartbeat':
      return heartbeat();
    case 'StatusNotification':
      // Every one a change of state, as at the start and end of a session.
      charger.charging = !charger.charging;
      return statusNotification(charger.protocol, 1, charger.charging);
    case 'Authorize':
      return authorize(charger.protocol, 'SIMTAG0001');
    default:
      charger.meterWh += 50;
      return meterValues(charger.protocol, charger.tx!, 1, charger.meterWh, 11_000);
  }
};

const settle = (): Promise<number> =>
  new Promise((resolve) => {
    if (!process.send) return resolve(0);
    const onMessage = (message: { type?: string; seconds?: number }) => {
      if (message.type !== 'settled') return;
      process.off('message', onMessage);
      resolve(message.seconds ?? 0);
    };
    process.on('message', onMessage);
    process.send({ type: 'settle' });
  });

const { values } = parseArgs({
  options: {
    'fleet-file': { type: 'string' },
    endpoint: { type: 'string' },
    chargers: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
  },
});
const fleet = JSON.parse(readFileSync(values['fleet-file']!, 'utf8')) as FleetFile;
const endpoint = values.endpoint ?? fleet.ocppEndpoint;
const secondsPerType = Number(values.seconds);
const random = seededRandom(7);

const chargers: Charger[] = [];
const identities = fleet.chargers.slice(0, Number(values.chargers));
for (let start = 0; start < identities.length; start += 50) {
  const batch = await Promise.all(
    identities.slice(start, start + 50).map(async (identity): Promise<Charger> => {
      const client = new RPCClient({
        endpoint,
        identity: identity.chargerId,
        password: identity.password,
        protocols: [identity.protocol],
        strictMode: true,
        reconnect: false,
        callTimeoutMs: 30_000,
      } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
      await client.connect();
      const charger: Charger = { client, protocol: identity.protocol, charging: false, meterWh: 1000 };
      const boot = bootNotification(identity.protocol, identity.chargerId);
      await client.call(boot.action, boot.payload);
      // MeterValues need a running transaction.
      const tx = newTransaction(identity.protocol, fleet.idTokens[0] ?? 'SIMTAG0001');
      const started = transactionStarted(identity.protocol, tx, 1, charger.meterWh);
      const answer = (await client.call(started.action, started.payload)) as { transactionId?: number };
      if (identity.protocol === 'ocpp1.6') tx.transactionId = answer.transactionId;
      charger.tx = tx;
      return charger;
    }),
  );
  chargers.push(...batch);
}
await settle();

const results: Partial<Record<SaturationType, SaturationResult>> = {};
for (const type of saturationTypes) {
  const samples: number[] = [];
  let callErrors = 0;
  let failures = 0;
  const startedAt = performance.now();
  const endAt = startedAt + secondsPerType * 1000;
  await Promise.all(
    chargers.map(async (charger) => {
      while (performance.now() < endAt) {
        const call = nextCall(type, charger, random);
        const sentAt = performance.now();
        try {
          await charger.client.call(call.action, call.payload);
          samples.push(performance.now() - sentAt);
        } catch (error) {
          if ((error as { rpcErrorCode?: string }).rpcErrorCode) {
            callErrors += 1;
            samples.push(performance.now() - sentAt);
          } else failures += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const settleSeconds = await settle();
  results[type] = {
    answered: samples.length,
    callErrors,
    failures,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(samples.length / seconds),
    latency: summarize(samples),
    settleSeconds: Math.round(settleSeconds * 100) / 100,
  };
  console.log(`  ${type}: ${results[type]!.perSecond} msg/s, p99 ${results[type]!.latency.p99} ms`);
}

await Promise.all(chargers.map(({ client }) => client.close({ code: 1000 })));
const summary: SaturationSummary = { chargers: chargers.length, secondsPerType, results };
if (process.send)
  await new Promise<void>((resolve) => process.send!({ type: 'summary', summary }, () => resolve()));
else console.log(JSON.stringify(summary, null, 2));
process.exit(0);
