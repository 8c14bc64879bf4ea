import { describe, expect, it } from 'vitest';
import type { IdToken } from '../../../shared/slices/authorization/model.ts';
import type { TariffVersion } from '../../../shared/slices/billing/model.ts';
import {
  chooseDriverToken,
  distanceKm,
  estimateWith,
  isSessionOf,
  isUsableToken,
  sessionTokenValues,
  sitesNear,
} from '../../../shared/slices/drivers/driver-app.ts';
import type { Site } from '../../../shared/slices/tenancy/model.ts';
import { aSite, at } from '../domain/builders.ts';

const amsterdam = { latitude: 52.3731, longitude: 4.8922 };
const utrecht = { latitude: 52.0907, longitude: 5.1214 };

const aToken = (overrides: Partial<IdToken> = {}): IdToken => ({
  tenantId: 'tenant-a',
  idToken: 'TAG-1',
  displayIdToken: 'tag-1',
  tokenType: 'ISO14443',
  status: 'Accepted',
  driverId: 'D1',
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});

describe('distanceKm', () => {
  it.each([
    ['the same point', amsterdam, amsterdam, 0, 0],
    ['Amsterdam to Utrecht (about 35 km)', amsterdam, utrecht, 34, 36],
    [
      'a quarter of the equator',
      { latitude: 0, longitude: 0 },
      { latitude: 0, longitude: 90 },
      10_007,
      10_008,
    ],
    [
      'antipodes (half the circumference)',
      { latitude: 0, longitude: 0 },
      { latitude: 0, longitude: 180 },
      20_015,
      20_016,
    ],
  ])('%s', (_name, from, to, atLeast, atMost) => {
    // Act
    const distance = distanceKm(from, to);

    // Assess
    expect(distance).toBeGreaterThanOrEqual(atLeast);
    expect(distance).toBeLessThanOrEqual(atMost);
  });
});

describe('sitesNear', () => {
  const sites: Site[] = [
    aSite({ siteId: 'utr', location: utrecht }),
    aSite({ siteId: 'ams-2', location: { latitude: 52.38, longitude: 4.9 } }),
    aSite({ siteId: 'ams', location: amsterdam }),
    aSite({ siteId: 'nowhere' }),
  ];

  it('keeps the sites with a location within the radius, nearest first', () => {
    // Act
    const near = sitesNear(sites, amsterdam, 5);

    // Assess
    expect(near.map(({ site }) => site.siteId)).toEqual(['ams', 'ams-2']);
    expect(near[0]!.distanceKm).toBe(0);
    expect(near[1]!.distanceKm).toBeGreaterThan(0.5);
    expect(near[1]!.distanceKm).toBeLessThan(1.5);
  });

  it('includes a site exactly at the radius and none beyond it', () => {
    // Prepare
    const radius = distanceKm(amsterdam, utrecht);

    // Act
    const within = sitesNear(sites, amsterdam, radius);
    const short = sitesNear(sites, amsterdam, radius - 0.001);

    // Assess
    expect(within.map(({ site }) => site.siteId)).toEqual(['ams', 'ams-2', 'utr']);
    expect(short.map(({ site }) => site.siteId)).toEqual(['ams', 'ams-2']);
  });
});

describe('the driver’s tokens', () => {
  const tokens = [
    aToken({ idToken: 'TAG-1', displayIdToken: 'tag-1', status: 'Blocked' }),
    aToken({ idToken: 'TAG-2', displayIdToken: 'TAG-2' }),
  ];

  it.each([
    ['the token asked for, case-insensitively', 'Tag-1', { ok: true, token: tokens[0] }],
    ['another driver’s token: not theirs', 'TAG-9', { ok: false, reason: 'not-own-token' }],
    ['a token that is no token: not theirs', 'no such token!', { ok: false, reason: 'not-own-token' }],
    ['none asked for: the first accepted one', undefined, { ok: true, token: tokens[1] }],
  ])('chooseDriverToken: %s', (_name, asked, expected) => {
    // Act
    const choice = chooseDriverToken(tokens, asked);

    // Assess
    expect(choice).toEqual(expected);
  });

  it.each([
    ['accepted, no expiry', aToken(), true],
    ['accepted, expiring later', aToken({ expiresAt: '2024-05-01T12:00:01.000Z' }), true],
    ['accepted, expired now', aToken({ expiresAt: at }), false],
    ['blocked', aToken({ status: 'Blocked' }), false],
  ])('isUsableToken: %s', (_name, token, expected) => {
    // Act
    const usable = isUsableToken(token, new Date(at));

    // Assess
    expect(usable).toBe(expected);
  });

  it('chooseDriverToken: none accepted and none asked for', () => {
    // Act
    const choice = chooseDriverToken([tokens[0]!]);

    // Assess
    expect(choice).toEqual({ ok: false, reason: 'no-token' });
  });

  it('a session is the driver’s when its token is one of theirs, whatever its case', () => {
    // Act
    const verdicts = [
      isSessionOf({ idToken: 'tag-1' }, tokens),
      isSessionOf({ idToken: 'TAG-2' }, tokens),
      isSessionOf({ idToken: 'TAG-3' }, tokens),
      isSessionOf({}, tokens),
    ];

    // Assess
    expect(verdicts).toEqual([true, true, false, false]);
    expect(sessionTokenValues(tokens)).toEqual(['TAG-1', 'tag-1', 'TAG-2']);
  });
});

describe('estimateWith', () => {
  const version: TariffVersion = {
    tenantId: 'tenant-a',
    tariffId: 'T-1',
    version: 3,
    validFrom: at,
    createdBy: 'key-1',
    tariff: {
      currency: 'EUR',
      elements: [
        {
          price_components: [
            { type: 'FLAT', price: 1, vat: 20, step_size: 1 },
            { type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 },
            { type: 'TIME', price: 2, vat: 20, step_size: 60 },
          ],
        },
      ],
    },
  };

  it('prices the energy and the time of the estimate with the resolved tariff', () => {
    // Act
    const priced = estimateWith(
      { tariff: { version, scope: 'default' }, timeZone: 'UTC' },
      { start: at, energyKwh: 10, minutes: 30 },
    );

    // Assess: 1.00 + 10 × 0.30 + 0.5 h × 2.00 = 5.00 excl. VAT
    expect(priced.cost).toMatchObject({
      currency: 'EUR',
      totalExclVat: 500,
      totalVat: 100,
      totalInclVat: 600,
      tariffId: 'T-1',
      tariffVersion: 3,
    });
    expect(priced.cost.lines.map((line) => line.kind)).toEqual(['FLAT', 'ENERGY', 'TIME']);
  });

  it('is zero with a NO_TARIFF line when no tariff applies', () => {
    // Act
    const priced = estimateWith({ timeZone: 'UTC' }, { start: at, energyKwh: 10, minutes: 30 });

    // Assess
    expect(priced.cost).toMatchObject({
      totalExclVat: 0,
      totalInclVat: 0,
      lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }],
    });
  });
});
