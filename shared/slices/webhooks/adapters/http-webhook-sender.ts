import { lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { SendResult, WebhookSender } from '../ports.ts';

export interface HttpWebhookSenderOptions {
  /**
   * Why an address may not be connected to (e.g. `a private address`), or undefined when it may: the URL policy
   * of the deployment, chosen in the composition root.
   */
  readonly refuseAddress: (address: string) => string | undefined;
  /** The whole attempt: connect, TLS, request and answer. @default 10000 */
  readonly timeoutMs?: number;
}

class RefusedAddress extends Error {}

/**
 * Resolves the host itself and connects only when every address it resolves to is allowed, to the address it
 * checked: a name cannot resolve to a public address for the check and to a private one for the connection
 * (DNS rebinding). Redirects are not followed (a 3xx is a failed attempt), and the answer body is not read.
 */
const checkedLookup =
  (refuseAddress: HttpWebhookSenderOptions['refuseAddress']): LookupFunction =>
  (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const reasons = addresses.map((entry) => refuseAddress(entry.address)).filter((reason) => reason);
      if (reasons.length > 0 || addresses.length === 0) {
        const reason = reasons[0] ?? 'no address';
        return callback(new RefusedAddress(`${hostname} resolves to ${reason}`), '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };

export const createHttpWebhookSender = (options: HttpWebhookSenderOptions): WebhookSender => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lookupChecked = checkedLookup(options.refuseAddress);
  return {
    send: ({ url, headers, body }) =>
      new Promise<SendResult>((resolve) => {
        const target = new URL(url);
        const host = target.hostname.replace(/^\[|\]$/g, '');
        // A literal address is not looked up: check it here (it was checked at registration too).
        const refusal = isIP(host) ? options.refuseAddress(host) : undefined;
        if (refusal) {
          resolve({ kind: 'refused-address', message: `${host} is ${refusal}` });
          return;
        }
        const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: lookupChecked,
          agent: false,
        });
        const timer = setTimeout(() => {
          request.destroy();
          resolve({ kind: 'timeout', message: `no answer within ${timeoutMs} ms` });
        }, timeoutMs);
        request.on('response', (response) => {
          clearTimeout(timer);
          response.resume();
          resolve({ kind: 'answered', statusCode: response.statusCode ?? 0 });
        });
        request.on('error', (error) => {
          clearTimeout(timer);
          resolve(
            error instanceof RefusedAddress
              ? { kind: 'refused-address', message: error.message }
              : { kind: 'network', message: error.message },
          );
        });
        request.end(body);
      }),
  };
};
