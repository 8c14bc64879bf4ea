import { RPCClient } from 'ocpp-rpc';

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
  });
  await client.connect();
  return client;
};
