import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';

const contractError = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('the id token API', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
  });
  afterAll(() => env.stop());

  it('creates (201), then replaces (200) a token, whatever the case of its id', async () => {
    // Act
    const created = await tenant.api.put('/v1/id-tokens/04a1b2c3', {
      status: 'Accepted',
      expiresAt: '2030-01-01T01:00:00+01:00',
      groupId: 'FLEET-1',
    });
    const replaced = await tenant.api.put('/v1/id-tokens/04A1B2C3', { status: 'Blocked', type: 'ISO15693' });
    const read = await tenant.api.get('/v1/id-tokens/04A1b2c3');

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      idToken: '04a1b2c3',
      type: 'ISO14443',
      status: 'Accepted',
      expiresAt: '2030-01-01T00:00:00.000Z',
      groupId: 'FLEET-1',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(replaced.status).toBe(200);
    expect(read.status).toBe(200);
    // A PUT replaces: expiresAt and groupId are gone; the creation time stays.
    expect(read.body).toEqual({
      idToken: '04A1B2C3',
      type: 'ISO15693',
      status: 'Blocked',
      createdAt: created.body.createdAt,
      updatedAt: expect.any(String),
    });
  });

  it('lists tokens in pages, in token order', async () => {
    // Prepare
    const own = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    for (const token of ['C-3', 'a-1', 'B-2', 'E-5', 'd-4']) {
      await own.api.put(`/v1/id-tokens/${token}`, { status: 'Accepted' });
    }

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await own.api.get(`/v1/id-tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page.body.items.map((token: { idToken: string }) => token.idToken));
      cursor = page.body.cursor;
    } while (cursor);

    // Assess
    expect(pages).toEqual([['a-1', 'B-2'], ['C-3', 'd-4'], ['E-5']]);
  });

  it('deletes a token, answering it; then it is not found', async () => {
    // Prepare
    await tenant.api.put('/v1/id-tokens/GONE-1', { status: 'Accepted' });

    // Act
    const deleted = await tenant.api.call('DELETE', '/v1/id-tokens/gone-1');
    const again = await tenant.api.call('DELETE', '/v1/id-tokens/gone-1');
    const read = await tenant.api.get('/v1/id-tokens/GONE-1');

    // Assess
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ idToken: 'GONE-1', status: 'Accepted' });
    expect(again.status).toBe(404);
    expect(read.status).toBe(404);
    expect(read.body).toEqual(contractError('not_found'));
  });

  it.each([
    ['an unknown status', '/v1/id-tokens/T-1', { status: 'Maybe' }],
    ['ConcurrentTx, which is no status of a token', '/v1/id-tokens/T-1', { status: 'ConcurrentTx' }],
    ['no status', '/v1/id-tokens/T-1', {}],
    ['an unknown field', '/v1/id-tokens/T-1', { status: 'Accepted', colour: 'red' }],
    ['NoAuthorization as type', '/v1/id-tokens/T-1', { status: 'Accepted', type: 'NoAuthorization' }],
    [
      'an expiry without offset',
      '/v1/id-tokens/T-1',
      { status: 'Accepted', expiresAt: '2030-01-01T00:00:00' },
    ],
    ['a token of 37 characters', `/v1/id-tokens/${'X'.repeat(37)}`, { status: 'Accepted' }],
    ['a token with a #', '/v1/id-tokens/T%231', { status: 'Accepted' }],
    ['a token with a space', '/v1/id-tokens/T%201', { status: 'Accepted' }],
  ])('refuses %s → 400', async (_name, path, body) => {
    // Act
    const response = await tenant.api.put(path, body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toEqual(contractError('invalid_request'));
  });

  it('lets a site-limited admin key read tokens but not change or delete them (403): they hold at every site', async () => {
    // Prepare
    const own = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [], 'north');
    expect((await own.api.put('/v1/id-tokens/SHARED-1', { status: 'Accepted' })).status).toBe(201);
    const key = await own.api.post('/v1/api-keys', { role: 'admin', siteIds: ['north'] });
    expect(key.status).toBe(201);
    const northAdmin = apiClient(env.runtime.apiUrl, key.body.apiKey);

    // Act
    const replace = await northAdmin.put('/v1/id-tokens/SHARED-1', { status: 'Blocked' });
    const create = await northAdmin.put('/v1/id-tokens/NEW-1', { status: 'Accepted' });
    const remove = await northAdmin.delete('/v1/id-tokens/SHARED-1');
    const read = await northAdmin.get('/v1/id-tokens/SHARED-1');
    const list = await northAdmin.get('/v1/id-tokens');

    // Assess
    expect([replace.status, create.status, remove.status]).toEqual([403, 403, 403]);
    for (const refused of [replace, create, remove]) {
      expect(refused.body).toEqual(contractError('forbidden'));
      expect(refused.body.error.message).toMatch(/not limited to sites: id tokens are valid at every site/);
    }
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ idToken: 'SHARED-1', status: 'Accepted' });
    expect(list.body.items.map((token: { idToken: string }) => token.idToken)).toEqual(['SHARED-1']);
    expect((await own.api.get('/v1/id-tokens/NEW-1')).status).toBe(404);
  });

  it('answers 404 for an unknown token, also another tenant’s', async () => {
    // Prepare
    const other = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    await other.api.put('/v1/id-tokens/THEIRS-1', { status: 'Accepted' });

    // Act
    const unknown = await tenant.api.get('/v1/id-tokens/NEVER-1');
    const theirs = await tenant.api.get('/v1/id-tokens/THEIRS-1');
    const deleteTheirs = await tenant.api.call('DELETE', '/v1/id-tokens/THEIRS-1');

    // Assess
    expect([unknown.status, theirs.status, deleteTheirs.status]).toEqual([404, 404, 404]);
    expect((await other.api.get('/v1/id-tokens/THEIRS-1')).status).toBe(200);
  });

  it('gives a token, a charger and a site a tariff: shown on GET, 400 for an unknown one, null clears', async () => {
    // Prepare
    const own = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    await own.api.put('/v1/tariffs/fleet', {
      currency: 'EUR',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] }],
    });
    await own.api.post('/v1/sites', { siteId: 'depot', name: 'Depot', timeZone: 'Europe/Berlin' });
    await own.api.post('/v1/chargers', { chargerId: 'CP-1', siteId: 'depot' });

    // Act
    const token = await own.api.put('/v1/id-tokens/CARD-9', { status: 'Accepted', tariffId: 'fleet' });
    const charger = await own.api.patch('/v1/chargers/CP-1', { tariffId: 'fleet' });
    const site = await own.api.patch('/v1/sites/depot', { tariffId: 'fleet' });
    const unknown = await own.api.patch('/v1/chargers/CP-1', { tariffId: 'nope' });
    const badZone = await own.api.patch('/v1/sites/depot', { timeZone: 'Europe/Atlantis' });
    const cleared = await own.api.patch('/v1/sites/depot', { tariffId: null });

    // Assess
    expect([token.status, (await own.api.get('/v1/id-tokens/card-9')).body.tariffId]).toEqual([201, 'fleet']);
    expect([charger.status, (await own.api.get('/v1/chargers/CP-1')).body.tariffId]).toEqual([200, 'fleet']);
    expect(site.body).toMatchObject({ tariffId: 'fleet', timeZone: 'Europe/Berlin' });
    expect([unknown.status, unknown.body]).toEqual([400, contractError('invalid_request')]);
    expect(unknown.body.error.message).toMatch(/^body\.tariffId: /);
    expect([badZone.status, badZone.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^body\.timeZone: /),
    ]);
    expect((await own.api.get('/v1/sites/depot')).body).not.toHaveProperty('tariffId');
    expect(cleared.status).toBe(200);
  });
});
