import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { attemptUpgrade, basicAuth, within } from '../support/raw-websocket.ts';

const contractError = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('sites and charger administration over HTTP', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let apiUrl: string;

  beforeAll(async () => {
    env = await startTestRuntime();
    apiUrl = env.runtime.apiUrl;
  });
  afterAll(() => env?.stop());

  const upgrade = (tenantId: string, chargerId: string, password: string) =>
    attemptUpgrade({
      url: `${env.runtime.ocppUrl}/${tenantId}/${chargerId}`,
      protocols: ['ocpp1.6'],
      authorization: basicAuth(chargerId, password),
    });

  describe('sites', () => {
    it('creates, reads, lists, updates and deletes a site; a site with chargers stays', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const created = await tenant.api.post('/v1/sites', { siteId: 'depot', name: 'Depot', maxPowerKw: 200 });
      const duplicate = await tenant.api.post('/v1/sites', { siteId: 'depot', name: 'Again' });
      const updated = await tenant.api.patch('/v1/sites/depot', { name: 'Main depot', maxPowerKw: null });
      await tenant.api.post('/v1/chargers', { chargerId: 'CP-1', siteId: 'depot' });
      const whileUsed = await tenant.api.delete('/v1/sites/depot');
      await tenant.api.patch('/v1/chargers/CP-1', { siteId: null });
      const deleted = await tenant.api.delete('/v1/sites/depot');
      const afterDelete = await tenant.api.get('/v1/sites/depot');

      // Assess
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ siteId: 'depot', name: 'Depot', maxPowerKw: 200 });
      expect(duplicate.status).toBe(409);
      expect(updated.body).toEqual({
        siteId: 'depot',
        name: 'Main depot',
        timeZone: 'UTC',
        createdAt: expect.any(String),
        createdBy: expect.any(String),
        updatedAt: expect.any(String),
        updatedBy: expect.any(String),
      });
      expect(whileUsed.status).toBe(409);
      expect(whileUsed.body).toEqual(contractError('conflict'));
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
      expect(afterDelete.status).toBe(404);
    });

    it("refuses a charger in a site that does not exist, and hides another tenant's site", async () => {
      // Prepare
      const alpha = await provisionTenant(apiUrl, env.runtime.adminKey, [], 'alpha-site');
      const beta = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const unknownSite = await beta.api.post('/v1/chargers', { chargerId: 'CP-1', siteId: 'alpha-site' });
      const foreignSite = await beta.api.get('/v1/sites/alpha-site');
      const list = await beta.api.get('/v1/sites');

      // Assess
      expect(unknownSite.status).toBe(400);
      expect(unknownSite.body.error.message).toMatch(/unknown site/);
      expect(foreignSite.status).toBe(404);
      expect(list.body.items).toEqual([]);
      expect((await alpha.api.get('/v1/sites')).body.items).toHaveLength(1);
    });
  });

  describe('chargers', () => {
    it('moves a charger to another site and describes it', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-M'], 'west');
      await tenant.api.post('/v1/sites', { siteId: 'east', name: 'East' });

      // Act
      const moved = await tenant.api.patch('/v1/chargers/CP-M', { siteId: 'east', description: 'bay 4' });
      const toUnknown = await tenant.api.patch('/v1/chargers/CP-M', { siteId: 'nowhere' });
      const missing = await tenant.api.patch('/v1/chargers/CP-NONE', { description: 'x' });
      const west = await tenant.api.get('/v1/chargers?siteId=west');
      const east = await tenant.api.get('/v1/chargers?siteId=east');

      // Assess
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ chargerId: 'CP-M', siteId: 'east', description: 'bay 4' });
      expect(toUnknown.status).toBe(400);
      expect(missing.status).toBe(404);
      expect(west.body.items).toEqual([]);
      expect(east.body.items.map((item: { chargerId: string }) => item.chargerId)).toEqual(['CP-M']);
    });

    it('gives a charger a new password: the old one gets 401 at the upgrade, the new one connects', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-P']);
      const old = tenant.chargers['CP-P']!.password;

      // Act
      const reset = await tenant.api.post('/v1/chargers/CP-P/password');
      const withOld = await upgrade(tenant.tenantId, 'CP-P', old);
      const withNew = await upgrade(tenant.tenantId, 'CP-P', reset.body.password);

      // Assess
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ password: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect(withOld).toMatchObject({ kind: 'refused', status: 401 });
      expect(withNew.kind).toBe('open');
      if (withNew.kind === 'open') withNew.charger.socket.close();
      await env.runtime.settled();
    });

    it('gives a connected charger a new password: its socket is closed, the old password gets 401', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-R', 'CP-R2']);
      const old = tenant.chargers['CP-R']!.password;
      const [client, other] = await Promise.all(
        ['CP-R', 'CP-R2'].map((chargerId) =>
          connectCharger({
            ocppUrl: env.runtime.ocppUrl,
            tenantId: tenant.tenantId,
            chargerId,
            password: tenant.chargers[chargerId]!.password,
            protocols: ['ocpp1.6'],
          }),
        ),
      );
      const closed = new Promise<{ code: number }>((resolve) => client!.raw.once('close', resolve));
      await env.runtime.settled();
      expect((await tenant.api.get('/v1/chargers/CP-R')).body.online).toBe(true);
      expect(await client!.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });

      // Act
      const reset = await tenant.api.post('/v1/chargers/CP-R/password');
      const closure = await within(closed, 3000, 'the socket of the charger with a new password to close');
      await env.runtime.settled();

      // Assess
      expect(reset.status).toBe(200);
      expect(closure.code).toBeGreaterThanOrEqual(1000);
      expect((await tenant.api.get('/v1/chargers/CP-R')).body.online).toBe(false);
      expect(await upgrade(tenant.tenantId, 'CP-R', old)).toMatchObject({ kind: 'refused', status: 401 });
      // Another charger of the tenant stays connected.
      expect(await other!.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
      const withNew = await connectCharger({
        ocppUrl: env.runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-R',
        password: reset.body.password,
        protocols: ['ocpp1.6'],
      });
      expect(await withNew.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
      await Promise.all([withNew.close(), other!.close()]);
      await env.runtime.settled();
    });

    it('deletes a connected charger: its socket is closed, it is gone and cannot reconnect', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-D', 'CP-KEEP']);
      const password = tenant.chargers['CP-D']!.password;
      const connected = await upgrade(tenant.tenantId, 'CP-D', password);
      if (connected.kind !== 'open') throw new Error('expected the charger to connect');
      await env.runtime.settled();
      expect((await tenant.api.get('/v1/chargers/CP-D')).body.online).toBe(true);

      // Act
      const deleted = await tenant.api.delete('/v1/chargers/CP-D');
      const closure = await within(connected.charger.closed, 3000, 'the deleted charger socket to close');
      await env.runtime.settled();

      // Assess
      expect(deleted.status).toBe(204);
      expect(closure.code).toBeGreaterThanOrEqual(1000);
      expect((await tenant.api.get('/v1/chargers/CP-D')).status).toBe(404);
      expect(await upgrade(tenant.tenantId, 'CP-D', password)).toMatchObject({
        kind: 'refused',
        status: 401,
      });
      expect(
        (await tenant.api.get('/v1/chargers')).body.items.map(
          (item: { chargerId: string }) => item.chargerId,
        ),
      ).toEqual(['CP-KEEP']);
      expect((await tenant.api.delete('/v1/chargers/CP-D')).status).toBe(404);
    });
  });

  describe('ids a URL would normalize away', () => {
    it.each(['.', '..', '...'])('POST /v1/chargers refuses the charger id %j with 400', async (chargerId) => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const response = await tenant.api.post('/v1/chargers', { chargerId });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
      expect((await tenant.api.get('/v1/chargers')).body.items).toEqual([]);
    });

    it('bulk import refuses the charger ids . and .. row by row and creates the others', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const response = await tenant.api.post('/v1/chargers/bulk', {
        chargers: [{ chargerId: '.' }, { chargerId: 'CP.1' }, { chargerId: '..' }],
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.created.map((row: { chargerId: string }) => row.chargerId)).toEqual(['CP.1']);
      expect(
        response.body.failed.map((row: { chargerId: string; code: string }) => [row.chargerId, row.code]),
      ).toEqual([
        ['.', 'invalid_request'],
        ['..', 'invalid_request'],
      ]);
    });

    it('POST /v1/sites refuses the site id .. with 400', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const response = await tenant.api.post('/v1/sites', { siteId: '..', name: 'Dots' });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toEqual(contractError('invalid_request'));
      expect((await tenant.api.get('/v1/sites')).body.items).toEqual([]);
    });
  });

  describe('bulk import', () => {
    it('imports JSON rows one by one: duplicates, existing chargers, bad ids and unknown sites fail alone', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-OLD'], 'depot');

      // Act
      const response = await tenant.api.post('/v1/chargers/bulk', {
        chargers: [
          { chargerId: 'BULK-1', siteId: 'depot' },
          { chargerId: 'BULK-2' },
          { chargerId: 'BULK-1' },
          { chargerId: 'CP-OLD' },
          { chargerId: 'bad id' },
          { chargerId: 'BULK-3', siteId: 'nowhere' },
        ],
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.created).toEqual([
        {
          chargerId: 'BULK-1',
          password: expect.stringMatching(/^[0-9a-f]{40}$/),
          ocppUrl: `${env.runtime.ocppUrl}/${tenant.tenantId}/BULK-1`,
        },
        { chargerId: 'BULK-2', password: expect.any(String), ocppUrl: expect.any(String) },
      ]);
      expect(
        response.body.failed.map((row: { chargerId: string; code: string }) => [row.chargerId, row.code]),
      ).toEqual([
        ['BULK-1', 'duplicate'],
        ['CP-OLD', 'conflict'],
        ['bad id', 'invalid_request'],
        ['BULK-3', 'unknown_site'],
      ]);
      const imported = await upgrade(tenant.tenantId, 'BULK-1', response.body.created[0].password);
      expect(imported.kind).toBe('open');
      if (imported.kind === 'open') imported.charger.socket.close();
      await env.runtime.settled();
      expect((await tenant.api.get('/v1/chargers/BULK-1')).body.siteId).toBe('depot');
      expect((await upgrade(tenant.tenantId, 'CP-OLD', tenant.chargers['CP-OLD']!.password)).kind).toBe(
        'open',
      );
      await env.runtime.settled();
    });

    it('imports text/csv with a header row and quoted fields', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CSV-OLD'], 'north');
      const csv = [
        'chargerId,siteId',
        'CSV-1,north',
        '"CSV-2",""',
        'CSV-1,north',
        'CSV-OLD,',
        '"CSV,3",north',
        '',
      ].join('\r\n');

      // Act
      const response = await tenant.api.call('POST', '/v1/chargers/bulk', csv, {
        'content-type': 'text/csv',
      });
      const broken = await tenant.api.call('POST', '/v1/chargers/bulk', 'chargerId\n"unclosed', {
        'content-type': 'text/csv',
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.created.map((row: { chargerId: string }) => row.chargerId)).toEqual([
        'CSV-1',
        'CSV-2',
      ]);
      expect(
        response.body.failed.map((row: { chargerId: string; code: string }) => [row.chargerId, row.code]),
      ).toEqual([
        ['CSV-1', 'duplicate'],
        ['CSV-OLD', 'conflict'],
        ['CSV,3', 'invalid_request'],
      ]);
      expect((await tenant.api.get('/v1/chargers/CSV-2')).body).not.toHaveProperty('siteId');
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual(contractError('invalid_request'));
    });

    it("keeps the chargers' existing passwords (a migration), single and in bulk: they connect with them", async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const csv = ['chargerId,siteId,password', 'MIG-2,,legacy-pass-2', 'MIG-3,,short', 'MIG-4,,', ''].join(
        '\r\n',
      );

      // Act
      const single = await tenant.api.post('/v1/chargers', { chargerId: 'MIG-1', password: 'legacy-pass-1' });
      const tooShort = await tenant.api.post('/v1/chargers', { chargerId: 'MIG-X', password: 'pw' });
      const bulk = await tenant.api.call('POST', '/v1/chargers/bulk', csv, { 'content-type': 'text/csv' });
      const kept = await tenant.api.post('/v1/chargers/MIG-4/password', { password: 'legacy-pass-4' });
      const attempts = await Promise.all([
        upgrade(tenant.tenantId, 'MIG-1', 'legacy-pass-1'),
        upgrade(tenant.tenantId, 'MIG-1', 'legacy-pass-2'),
        upgrade(tenant.tenantId, 'MIG-2', 'legacy-pass-2'),
        upgrade(tenant.tenantId, 'MIG-4', 'legacy-pass-4'),
      ]);

      // Assess
      expect(single.status).toBe(201);
      expect(single.body).toMatchObject({ chargerId: 'MIG-1', password: 'legacy-pass-1' });
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.error.message).toContain('password');
      expect(bulk.body.created.map((row: { chargerId: string }) => row.chargerId)).toEqual([
        'MIG-2',
        'MIG-4',
      ]);
      expect(bulk.body.failed).toEqual([
        { chargerId: 'MIG-3', code: 'invalid_request', message: expect.stringContaining('password') },
      ]);
      expect(kept).toMatchObject({ status: 200, body: { password: 'legacy-pass-4' } });
      expect(attempts.map((attempt) => attempt.kind)).toEqual(['open', 'refused', 'open', 'open']);
      for (const attempt of attempts) if (attempt.kind === 'open') attempt.charger.socket.close();
      await env.runtime.settled();
    });

    it('is for admin keys', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const operator = await tenant.api.post('/v1/api-keys', { role: 'operator' });

      // Act
      const response = await apiClient(apiUrl, operator.body.apiKey).post('/v1/chargers/bulk', {
        chargers: [{ chargerId: 'OP-1' }],
      });

      // Assess
      expect(response.status).toBe(403);
      expect((await tenant.api.get('/v1/chargers')).body.items).toEqual([]);
    });
  });
});
