import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import { defaultHeartbeatIntervalSeconds } from '../../shared/config.ts';

type Params = Record<string, unknown>;

const now = () => new Date().toISOString();
const accepted = { status: 'Accepted' };
let nextTransactionId = 1;

/** Fixed, schema-valid answers: no storage, no events, nothing but OCPP-J. */
const answers: Record<string, (params: Params) => Params> = {
  BootNotification: () => ({
    status: 'Accepted',
    currentTime: now(),
    interval: defaultHeartbeatIntervalSeconds,
  }),
  Heartbeat: () => ({ currentTime: now() }),
  StatusNotification: () => ({}),
  Authorize: (params) =>
    'idTag' in params ? { idTagInfo: accepted } : { idTokenInfo: { status: 'Accepted' } },
  TransactionEvent: (params) => ('idToken' in params ? { idTokenInfo: accepted } : {}),
  StartTransaction: () => ({ idTagInfo: accepted, transactionId: nextTransactionId++ }),
  MeterValues: () => ({}),
  StopTransaction: () => ({}),
};

/**
 * The baseline: a bare ocpp-rpc server on this machine answering the same messages, with the same strict
 * schema validation as the CSMS, and the gateway's connection cut (scaled like the run) so that the load matches.
 */
export const startBareServer = async (options: { readonly maxConnectionMs: number }) => {
  // No pings: API Gateway does not ping chargers either.
  const server = new RPCServer({ protocols: ['ocpp2.0.1', 'ocpp1.6'], strictMode: true, pingIntervalMs: 0 });
  server.auth((accept) => accept());
  server.on('client', (client) => {
    for (const [action, answer] of Object.entries(answers)) {
      client.handle(action, async ({ params }: { params?: Params }) => answer(params ?? {}));
    }
    const cut = setTimeout(
      () => void client.close({ code: 1001, reason: 'Going away' }),
      options.maxConnectionMs,
    );
    client.once('close', () => clearTimeout(cut));
  });
  const http = await server.listen(0, '127.0.0.1');
  const { port } = http.address() as AddressInfo;
  return {
    /** Chargers connect to `${endpoint}/{chargerId}`. */
    endpoint: `ws://127.0.0.1:${port}/ocpp/bare`,
    close: () => server.close({ code: 1001, reason: 'Benchmark done' }),
  };
};
