import { beforeEach, describe, expect, it } from 'vitest';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import type { OcpiTariff } from '../../../shared/slices/billing/model.ts';
import {
  chooseTariffId,
  resolveSessionTariff,
  type TariffCandidates,
} from '../../../shared/slices/billing/tariff-resolution.ts';
import { deleteTariff, putTariff } from '../../../shared/slices/billing/tariffs.ts';
import { provisionCharger, updateCharger } from '../../../shared/slices/chargers/chargers.ts';
import { createSite, updateSite } from '../../../shared/slices/tenancy/sites.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { ocpiExamples } from './ocpi-tariff-examples.ts';

describe('chooseTariffId', () => {
  it.each<[string, TariffCandidates, ReturnType<typeof chooseTariffId>]>([
    [
      'the id token first',
      { idToken: 'T', charger: 'C', site: 'S', tenantDefault: 'D' },
      { tariffId: 'T', scope: 'idToken' },
    ],
    [
      "the charger's without the token's",
      { charger: 'C', site: 'S', tenantDefault: 'D' },
      { tariffId: 'C', scope: 'charger' },
    ],
    [
      "the site's without token and charger",
      { site: 'S', tenantDefault: 'D' },
      { tariffId: 'S', scope: 'site' },
    ],
    ['the tenant default last', { tenantDefault: 'D' }, { tariffId: 'D', scope: 'default' }],
    [
      'the token over the default alone',
      { idToken: 'T', tenantDefault: 'D' },
      { tariffId: 'T', scope: 'idToken' },
    ],
    [
      'the site over the default, skipping unset ones',
      { site: 'S', tenantDefault: 'D' },
      { tariffId: 'S', scope: 'site' },
    ],
    ['an empty id is none', { idToken: '', charger: 'C' }, { tariffId: 'C', scope: 'charger' }],
    ['nothing without any', {}, undefined],
  ])('%s', (_, candidates, expected) => {
    expect(chooseTariffId(candidates)).toEqual(expected);
  });
});

const tenantId = 'tenant-a';
const actor = 'key-1';
const tariffs: Record<string, OcpiTariff> = {
  token: ocpiExamples.simple025kwh as OcpiTariff,
  charger: ocpiExamples.start025kwh as OcpiTariff,
  site: ocpiExamples.minPrice025kwh as OcpiTariff,
  fallback: {
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'TIME', price: 2, step_size: 60 }] }],
  },
};

describe('resolveSessionTariff', () => {
  let deps: TestDependencies;
  const put = (tariffId: string, tariff: OcpiTariff, isDefault = false) =>
    putTariff(deps, { tenantId, tariffId, tariff, isDefault, actor });
  const resolve = (input: { siteId?: string; idToken?: string; startedAt?: string } = {}) =>
    resolveSessionTariff(deps, {
      tenantId,
      chargerId: 'CP-1',
      startedAt: deps.clock.now().toISOString(),
      ...input,
    });
  const summary = async (input: Parameters<typeof resolve>[0] = {}) => {
    const resolved = await resolve(input);
    return {
      tariffId: resolved.tariff?.version.tariffId,
      version: resolved.tariff?.version.version,
      scope: resolved.tariff?.scope,
      timeZone: resolved.timeZone,
    };
  };

  beforeEach(async () => {
    deps = await createTestDependencies();
    deps.clock.set('2026-06-01T08:00:00.000Z');
    for (const [tariffId, tariff] of Object.entries(tariffs))
      await put(tariffId, tariff, tariffId === 'fallback');
    await createSite(deps, { tenantId, siteId: 'depot', name: 'Depot', timeZone: 'Europe/Amsterdam', actor });
    await updateSite(deps, { tenantId, siteId: 'depot', changes: { tariffId: 'site' }, actor });
    await provisionCharger(deps, { tenantId, chargerId: 'CP-1', siteId: 'depot', actor });
    await updateCharger(deps, { tenantId, chargerId: 'CP-1', changes: { tariffId: 'charger' }, actor });
    await putIdToken(deps, { tenantId, idToken: 'CARD-1', status: 'Accepted', tariffId: 'token', actor });
    await putIdToken(deps, { tenantId, idToken: 'CARD-2', status: 'Accepted', actor });
    deps.clock.set('2026-06-01T10:00:00.000Z');
  });

  it("takes the id token's tariff first, whatever its case; the time zone is the site's", async () => {
    expect(await summary({ siteId: 'depot', idToken: 'card-1' })).toEqual({
      tariffId: 'token',
      version: 1,
      scope: 'idToken',
      timeZone: 'Europe/Amsterdam',
    });
  });

  it("takes the charger's for a token without one, an unknown token or none", async () => {
    for (const idToken of ['CARD-2', 'NOT-STORED', 'no#key', undefined]) {
      expect(await summary({ siteId: 'depot', ...(idToken && { idToken }) })).toMatchObject({
        tariffId: 'charger',
        scope: 'charger',
      });
    }
  });

  it("takes the site's, then the tenant default's; UTC without a site", async () => {
    // Prepare
    await updateCharger(deps, { tenantId, chargerId: 'CP-1', changes: { tariffId: null }, actor });
    const bySite = await summary({ siteId: 'depot' });
    await updateCharger(deps, { tenantId, chargerId: 'CP-1', changes: { siteId: null }, actor });

    // Act
    const byDefault = await summary();

    // Assess
    expect(bySite).toMatchObject({ tariffId: 'site', scope: 'site', timeZone: 'Europe/Amsterdam' });
    expect(byDefault).toEqual({ tariffId: 'fallback', version: 1, scope: 'default', timeZone: 'UTC' });
  });

  it("reads the site of the charger for a session recorded without one, and the site's zone even without its tariff", async () => {
    // Prepare
    await updateCharger(deps, { tenantId, chargerId: 'CP-1', changes: { tariffId: null }, actor });
    const fromCharger = await summary();
    await updateSite(deps, { tenantId, siteId: 'depot', changes: { tariffId: null }, actor });

    // Act
    const zoneOnly = await summary({ siteId: 'depot' });

    // Assess
    expect(fromCharger).toMatchObject({ tariffId: 'site', timeZone: 'Europe/Amsterdam' });
    expect(zoneOnly).toEqual({
      tariffId: 'fallback',
      version: 1,
      scope: 'default',
      timeZone: 'Europe/Amsterdam',
    });
  });

  it('answers no tariff (and UTC) when none applies', async () => {
    // Prepare
    await putTariff(deps, {
      tenantId,
      tariffId: 'fallback',
      tariff: tariffs.fallback!,
      isDefault: false,
      actor,
    });

    // Act
    const resolved = await resolveSessionTariff(deps, {
      tenantId,
      chargerId: 'CP-GONE',
      startedAt: '2026-06-01T09:00:00Z',
    });

    // Assess
    expect(resolved).toEqual({ timeZone: 'UTC' });
  });

  it('keeps the version in force at the start: a change made during the session is not its price', async () => {
    // Prepare
    const startedAt = deps.clock.now().toISOString();
    deps.clock.advance(30 * 60_000);
    await put('charger', { ...tariffs.charger!, currency: 'CHF' });

    // Act
    const during = await resolve({ siteId: 'depot', startedAt });
    const after = await resolve({ siteId: 'depot', startedAt: deps.clock.now().toISOString() });

    // Assess
    expect([during.tariff?.version.version, during.tariff?.version.tariff.currency]).toEqual([1, 'EUR']);
    expect([after.tariff?.version.version, after.tariff?.version.tariff.currency]).toEqual([2, 'CHF']);
  });

  it('prices with a tariff deleted after the start: its version in force at the start', async () => {
    // Prepare
    const startedAt = deps.clock.now().toISOString();
    deps.clock.advance(60_000);
    await deleteTariff(deps, { tenantId, tariffId: 'token' });

    // Act
    const resolved = await resolve({ siteId: 'depot', idToken: 'CARD-1', startedAt });

    // Assess
    expect(resolved.tariff).toMatchObject({ scope: 'idToken', version: { tariffId: 'token', version: 1 } });
  });

  it('asks the next scope when the assigned tariff had no version at the start (deleted before, or created after)', async () => {
    // Prepare
    await deleteTariff(deps, { tenantId, tariffId: 'token' });
    deps.clock.advance(60_000);
    const startedAt = deps.clock.now().toISOString();
    const beforeCharger = '2026-06-01T07:00:00.000Z';

    // Act
    const deletedToken = await resolve({ siteId: 'depot', idToken: 'CARD-1', startedAt });
    const beforeAnyTariff = await resolve({ siteId: 'depot', idToken: 'CARD-1', startedAt: beforeCharger });

    // Assess
    expect(deletedToken.tariff).toMatchObject({ scope: 'charger', version: { tariffId: 'charger' } });
    expect(beforeAnyTariff).toEqual({ timeZone: 'Europe/Amsterdam' });
  });
});
