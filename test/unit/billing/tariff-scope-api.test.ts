import { beforeEach, describe, expect, it } from 'vitest';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { ocpiExamples } from './ocpi-tariff-examples.ts';

/*
 * Which tariff prices a session, over HTTP (the API function in-process, real repositories on dynalite): the
 * `tariffId` of an id token (PUT), a charger and a site (PATCH), the site's `timeZone`, and their 400s.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };
const otherTenant: TenantCaller = { tenantId: 'tenant-b', role: 'admin' };

describe('tariff scope over HTTP', () => {
  let deps: TestDependencies;
  const call = (
    method: string,
    route: string,
    request: { path?: Record<string, string>; body?: unknown } = {},
    caller = admin,
  ) => callApi(deps, caller, { method, route, ...request });
  const patchCharger = (body: unknown) =>
    call('PATCH', '/v1/chargers/{chargerId}', { path: { chargerId: 'CP-1' }, body });
  const getCharger = () => call('GET', '/v1/chargers/{chargerId}', { path: { chargerId: 'CP-1' } });
  const patchSite = (body: unknown) =>
    call('PATCH', '/v1/sites/{siteId}', { path: { siteId: 'depot' }, body });
  const getSite = () => call('GET', '/v1/sites/{siteId}', { path: { siteId: 'depot' } });
  const putToken = (body: unknown) =>
    call('PUT', '/v1/id-tokens/{idToken}', { path: { idToken: 'card-1' }, body });
  const getToken = () => call('GET', '/v1/id-tokens/{idToken}', { path: { idToken: 'CARD-1' } });

  beforeEach(async () => {
    deps = await createTestDependencies();
    for (const tariffId of ['standard', 'gone'])
      await call('PUT', '/v1/tariffs/{tariffId}', { path: { tariffId }, body: ocpiExamples.simple025kwh });
    await call('DELETE', '/v1/tariffs/{tariffId}', { path: { tariffId: 'gone' } });
    await call(
      'PUT',
      '/v1/tariffs/{tariffId}',
      { path: { tariffId: 'theirs' }, body: ocpiExamples.simple025kwh },
      otherTenant,
    );
    await call('POST', '/v1/sites', { body: { siteId: 'depot', name: 'Depot' } });
    await call('POST', '/v1/chargers', { body: { chargerId: 'CP-1', siteId: 'depot' } });
  });

  /** Each resource refuses the same tariff ids, naming the field. */
  const refused = [
    ['an unknown tariff', 'nope', 'body.tariffId: unknown tariff nope'],
    ['a deleted tariff', 'gone', 'body.tariffId: unknown tariff gone'],
    ["another tenant's tariff", 'theirs', 'body.tariffId: unknown tariff theirs'],
    ['an id that is no tariff id', 'a#b', 'body.tariffId:'],
  ] as const;

  describe('PATCH /v1/chargers/{chargerId}', () => {
    it('sets the tariff, shows it on GET, and clears it with null', async () => {
      // Act
      const set = await patchCharger({ tariffId: 'standard' });
      const read = await getCharger();
      const cleared = await patchCharger({ tariffId: null });

      // Assess
      expect([set.status, set.body.tariffId]).toEqual([200, 'standard']);
      expect(read.body).toMatchObject({ chargerId: 'CP-1', siteId: 'depot', tariffId: 'standard' });
      expect(cleared.status).toBe(200);
      expect(cleared.body).not.toHaveProperty('tariffId');
      expect((await getCharger()).body).not.toHaveProperty('tariffId');
    });

    it.each(refused)('400 for %s, and nothing changes', async (_, tariffId, message) => {
      // Prepare
      await patchCharger({ tariffId: 'standard' });

      // Act
      const answer = await patchCharger({ tariffId, description: 'changed' });

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'invalid_request',
        message: expect.stringContaining(message),
      });
      expect((await getCharger()).body).toMatchObject({ tariffId: 'standard' });
      expect((await getCharger()).body).not.toHaveProperty('description');
    });

    it("404 for another tenant's charger, even with its own tariff", async () => {
      const answer = await call(
        'PATCH',
        '/v1/chargers/{chargerId}',
        { path: { chargerId: 'CP-1' }, body: { tariffId: 'theirs' } },
        otherTenant,
      );
      expect(answer.status).toBe(404);
    });
  });

  describe('PATCH /v1/sites/{siteId}', () => {
    it('sets tariff and time zone, shows them on GET; the zone is UTC by default', async () => {
      // Prepare
      const before = await getSite();

      // Act
      const set = await patchSite({ tariffId: 'standard', timeZone: 'Europe/Amsterdam' });
      const read = await getSite();
      const cleared = await patchSite({ tariffId: null });

      // Assess
      expect(before.body.timeZone).toBe('UTC');
      expect(before.body).not.toHaveProperty('tariffId');
      expect(set.status).toBe(200);
      expect(read.body).toMatchObject({
        siteId: 'depot',
        tariffId: 'standard',
        timeZone: 'Europe/Amsterdam',
      });
      expect(cleared.body).not.toHaveProperty('tariffId');
      expect(cleared.body.timeZone).toBe('Europe/Amsterdam');
    });

    it.each(refused)('400 for %s, and nothing changes', async (_, tariffId, message) => {
      const answer = await patchSite({ tariffId, name: 'Renamed' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'invalid_request',
        message: expect.stringContaining(message),
      });
      expect((await getSite()).body).toMatchObject({ name: 'Depot' });
    });

    it.each([
      ['an unknown zone', 'Mars/Olympus_Mons'],
      ['an offset', '+02:00'],
      ['an empty string', ''],
      ['a null (the zone is UTC by default, not removable)', null],
    ])('400 naming timeZone for %s', async (_, timeZone) => {
      const answer = await patchSite({ timeZone });
      expect([answer.status, answer.body.error.message]).toEqual([
        400,
        expect.stringContaining('body.timeZone'),
      ]);
      expect((await getSite()).body.timeZone).toBe('UTC');
    });
  });

  describe('POST /v1/sites', () => {
    it('takes a time zone at creation, and refuses an invalid one', async () => {
      // Act
      const created = await call('POST', '/v1/sites', {
        body: { siteId: 'harbour', name: 'Harbour', timeZone: 'America/New_York' },
      });
      const invalid = await call('POST', '/v1/sites', {
        body: { siteId: 'nowhere', name: 'Nowhere', timeZone: 'Nowhere/City' },
      });

      // Assess
      expect([created.status, created.body.timeZone]).toEqual([201, 'America/New_York']);
      expect((await call('GET', '/v1/sites/{siteId}', { path: { siteId: 'harbour' } })).body.timeZone).toBe(
        'America/New_York',
      );
      expect([invalid.status, invalid.body.error.message]).toEqual([
        400,
        expect.stringContaining('body.timeZone'),
      ]);
      expect((await call('GET', '/v1/sites/{siteId}', { path: { siteId: 'nowhere' } })).status).toBe(404);
    });
  });

  describe('PUT /v1/id-tokens/{idToken}', () => {
    it('sets the tariff and shows it on GET; a PUT without it (or with null) clears it', async () => {
      // Act
      const created = await putToken({ status: 'Accepted', tariffId: 'standard' });
      const read = await getToken();
      const replaced = await putToken({ status: 'Accepted' });
      await putToken({ status: 'Accepted', tariffId: 'standard' });
      const nulled = await putToken({ status: 'Accepted', tariffId: null });

      // Assess
      expect([created.status, created.body.tariffId]).toEqual([201, 'standard']);
      expect(read.body).toMatchObject({ idToken: 'card-1', tariffId: 'standard' });
      expect(replaced.body).not.toHaveProperty('tariffId');
      expect(nulled.body).not.toHaveProperty('tariffId');
      expect((await getToken()).body).not.toHaveProperty('tariffId');
    });

    it.each(refused)('400 for %s, and the token is not written', async (_, tariffId, message) => {
      const answer = await putToken({ status: 'Accepted', tariffId });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'invalid_request',
        message: expect.stringContaining(message),
      });
      expect((await getToken()).status).toBe(404);
    });
  });

  it('documents the fields in the OpenAPI document', async () => {
    // Act
    const paths = (await call('GET', '/v1/openapi.json')).body.paths;

    // Assess
    const bodyOf = (path: string, method: string) =>
      paths[path][method].requestBody.content['application/json'].schema.properties;
    expect(bodyOf('/v1/chargers/{chargerId}', 'patch')).toHaveProperty('tariffId');
    expect(bodyOf('/v1/sites/{siteId}', 'patch')).toHaveProperty('tariffId');
    expect(bodyOf('/v1/sites/{siteId}', 'patch')).toHaveProperty('timeZone');
    expect(bodyOf('/v1/sites', 'post')).toHaveProperty('timeZone');
    expect(bodyOf('/v1/id-tokens/{idToken}', 'put')).toHaveProperty('tariffId');
  });
});
