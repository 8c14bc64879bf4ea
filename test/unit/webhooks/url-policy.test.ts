import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  addressAllowed,
  checkWebhookUrl,
  classifyAddress,
} from '../../../shared/slices/webhooks/url-policy.ts';

const aws = { allowLoopback: false };
const local = { allowLoopback: true };

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'reserved'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fec0::1', 'private'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    // IPv4 inside IPv6: classified by the IPv4 address it reaches
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:0a00:0001::1', 'private'],
    // not addresses
    ['example.com', 'invalid'],
    ['256.1.1.1', 'invalid'],
    ['1.2.3', 'invalid'],
    ['01.2.3.4', 'invalid'],
    ['1::2::3', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('addressAllowed', () => {
  it.each([
    ['8.8.8.8', aws, true],
    ['127.0.0.1', aws, false],
    ['127.0.0.1', local, true],
    ['::1', local, true],
    ['::ffff:127.0.0.1', local, true],
    // Loopback is all the local setting opens.
    ['10.0.0.1', local, false],
    ['169.254.169.254', local, false],
    ['fd00:ec2::254', local, false],
  ])('%s with %o: %s', (address, policy, expected) => {
    expect(addressAllowed(address, policy)).toBe(expected);
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/csms', aws],
    ['https://hooks.example.com:8443/a?b=c', aws],
    ['https://93.184.216.34/hook', aws],
    ['https://[2606:4700:4700::1111]/hook', aws],
    ['http://127.0.0.1:8080/hook', local],
    ['http://localhost:8080/hook', local],
  ])('accepts %s', (url, policy) => {
    expect(checkWebhookUrl(url, policy).ok).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/csms', aws, 'must use https'],
    ['ftp://hooks.example.com/csms', local, 'must use https'],
    ['not a url', aws, 'is not a URL'],
    [`https://example.com/${'a'.repeat(2048)}`, aws, 'must be at most 2048 characters'],
    ['https://user:pw@example.com/', aws, 'must not carry credentials (use the signature)'],
    ['https://127.0.0.1/', aws, 'must not point to a loopback address'],
    ['https://localhost/', aws, 'must not point to loopback'],
    ['https://app.localhost/', aws, 'must not point to loopback'],
    ['https://[::1]/', aws, 'must not point to a loopback address'],
    ['https://[::ffff:127.0.0.1]/', aws, 'must not point to a loopback address'],
    ['https://10.0.0.8/', local, 'must not point to a private address'],
    ['https://169.254.169.254/latest/meta-data', local, 'must not point to a metadata address'],
    ['https://[fe80::1]/', aws, 'must not point to a link-local address'],
    ['https://[fd00::1]/', aws, 'must not point to a unique-local address'],
    // WHATWG URL parsing turns these spellings into 127.0.0.1 before the check.
    ['https://2130706433/', aws, 'must not point to a loopback address'],
    ['https://0x7f.1/', aws, 'must not point to a loopback address'],
  ])('refuses %s', (url, policy, reason) => {
    expect(checkWebhookUrl(url, policy)).toEqual({ ok: false, reason });
  });
});
