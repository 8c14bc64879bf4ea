/**
 * SSRF guard of webhook URLs: which URLs may be registered, and which addresses a delivery may connect to. Pure:
 * the HTTP sender applies `addressVerdict` to every address a name resolves to, at delivery time (DNS rebinding).
 */

/** What an IP address is, by the IANA special-purpose registries; only `public` is reachable on AWS. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'metadata'
  | 'reserved'
  | 'invalid';

export interface UrlPolicy {
  /**
   * Allows `http:` and loopback addresses (`127.0.0.0/8`, `::1`, `localhost`): the local runtime's setting
   * (`WEBHOOK_ALLOW_LOOPBACK`), so that tests can run a receiver on 127.0.0.1. Never set on AWS.
   */
  readonly allowLoopback: boolean;
}

export const maxWebhookUrlLength = 2048;

type Range = readonly [prefix: readonly number[], bits: number, kind: AddressClass];

// Metadata endpoints first: they fall inside wider ranges and deserve their own name in the refusal.
const ipv4Ranges: readonly Range[] = [
  [[169, 254, 169, 254], 32, 'metadata'], // EC2/ECS/GCP/Azure instance metadata
  [[169, 254, 170, 2], 32, 'metadata'], // ECS task metadata (credentials)
  [[100, 100, 100, 200], 32, 'metadata'], // Alibaba Cloud
  [[0], 8, 'reserved'], // "this network", 0.0.0.0
  [[10], 8, 'private'],
  [[100, 64], 10, 'private'], // carrier-grade NAT
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // documentation
  [[192, 88, 99], 24, 'reserved'], // 6to4 relay anycast
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'], // benchmarking
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'reserved'], // multicast
  [[240], 4, 'reserved'], // future use and 255.255.255.255
];

const ipv6Ranges: readonly Range[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, ...Array(10).fill(0), 0x02, 0x54], 128, 'metadata'], // EC2 IMDS over IPv6
  [[...Array(15).fill(0), 1], 128, 'loopback'],
  [Array(16).fill(0), 128, 'reserved'], // ::
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'], // Teredo: tunnels to any IPv4
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xfc], 7, 'unique-local'],
  [[0xff], 8, 'reserved'], // multicast
];

const inRange = (bytes: readonly number[], [prefix, bits]: Range): boolean => {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
};

const parseIpv4 = (text: string): number[] | undefined => {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
};

const parseIpv6 = (input: string): number[] | undefined => {
  const text = input.replace(/%.*$/, ''); // a zone id names an interface, not another address
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(Number.parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array(missing).fill(0), ...tail];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
};

const classifyIpv4 = (bytes: readonly number[]): AddressClass =>
  ipv4Ranges.find((range) => inRange(bytes, range))?.[2] ?? 'public';

/** The IPv4 address an IPv6 one carries and routes to: mapped (`::ffff:a.b.c.d`), NAT64, 6to4. */
const embeddedIpv4 = (bytes: readonly number[]): number[] | undefined => {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12))
    return bytes.slice(12); // 64:ff9b::/96, well-known NAT64
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6); // 2002::/16, 6to4
  return undefined;
};

/** Classifies an IP address literal (IPv4 dotted quad, or IPv6 with or without brackets). */
export const classifyAddress = (address: string): AddressClass => {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIpv4(text);
  if (v4) return classifyIpv4(v4);
  if (!text.includes(':')) return 'invalid';
  const v6 = parseIpv6(text);
  if (!v6) return 'invalid';
  const embedded = embeddedIpv4(v6);
  if (embedded) return classifyIpv4(embedded);
  return ipv6Ranges.find((range) => inRange(v6, range))?.[2] ?? 'public';
};

export const isIpLiteral = (host: string): boolean => classifyAddress(host) !== 'invalid';

/** Whether a delivery may connect to this address. */
export const addressAllowed = (address: string, policy: UrlPolicy): boolean => {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && policy.allowLoopback);
};

/** Why a delivery may not connect to this address (`a private address`), or undefined when it may. */
export const addressRefusal = (address: string, policy: UrlPolicy): string | undefined =>
  addressAllowed(address, policy) ? undefined : `a ${classifyAddress(address)} address`;

const isLocalhostName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

export type UrlVerdict =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether a URL may be registered: https (http only with `allowLoopback`), at most 2,048 characters, no
 * credentials, and a host that is not an address (or `localhost`) a delivery could not go to. Names are resolved
 * only at delivery time, where each resolved address is checked again.
 */
export const checkWebhookUrl = (raw: string, policy: UrlPolicy): UrlVerdict => {
  if (raw.length > maxWebhookUrlLength)
    return { ok: false, reason: `must be at most ${maxWebhookUrlLength} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  const schemes = policy.allowLoopback ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return { ok: false, reason: 'must use https' };
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'must not carry credentials (use the signature)' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return { ok: false, reason: 'has no host' };
  if (isLocalhostName(host))
    return policy.allowLoopback ? { ok: true, url } : { ok: false, reason: 'must not point to loopback' };
  if (isIpLiteral(host) && !addressAllowed(host, policy))
    return { ok: false, reason: `must not point to a ${classifyAddress(host)} address` };
  return { ok: true, url };
};
