/** OCPP-J WebSocket subprotocols this CSMS speaks. */
export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1';

export const ocppVersions = ['ocpp1.6', 'ocpp2.0.1'] as const satisfies readonly OcppVersion[];

/**
 * Picks the subprotocol from a raw `Sec-WebSocket-Protocol` request header. The charger lists its protocols
 * in order of preference, so its first one the server supports wins.
 */
export const negotiateSubprotocol = (
  header: string | undefined,
  supported: readonly OcppVersion[],
): OcppVersion | undefined => {
  if (header === undefined) return undefined;
  for (const offered of header.split(',')) {
    const match = supported.find((version) => version === offered.trim());
    if (match !== undefined) return match;
  }
  return undefined;
};
