import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';

/** A real OCPP-J client (ocpp-rpc, strict mode: every payload checked against the OCA schemas both ways). */
export const connectCharger = async (options: {
  ocppUrl: string;
  tenantId: string;
  chargerId: string;
  password: string;
  protocols?: string[];
}) => {
  const client = new RPCClient({
    endpoint: `${options.ocppUrl}/${options.tenantId}`,
    identity: options.chargerId,
    password: options.password,
    protocols: options.protocols ?? ['ocpp2.0.1'],
    strictMode: true,
    reconnect: false,
    // The typings declare every option required; the library fills in its defaults.
  } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
  await client.connect();
  return {
    protocol: client.protocol,
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked by ocpp-rpc's strict mode and by the tests.
    call: (action: string, payload: unknown) => client.call(action, payload) as Promise<any>,
    close: () => client.close(),
    raw: client,
  };
};
