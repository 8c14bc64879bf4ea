import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleRank } from '../../shared/http/operation.ts';
import { operations } from '../../shared/slices/index.ts';
import type { ApiKeyRole } from '../../shared/slices/tenancy/model.ts';
import { httpRoutes } from '../../shared/topology/http-routes.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { attemptUpgrade, basicAuth, delay, within } from '../support/raw-websocket.ts';

const contractError = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('tenant administration over HTTP', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let apiUrl: string;
  let platform: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    env = await startTestRuntime();
    apiUrl = env.runtime.apiUrl;
    platform = apiClient(apiUrl, env.runtime.adminKey);
  });
  afterAll(() => env?.stop());

  /** A key of the tenant, issued through the API by the tenant's first (admin) key. */
  const issueKey = async (
    tenant: Awaited<ReturnType<typeof provisionTenant>>,
    body: { role: ApiKeyRole; siteIds?: string[] },
  ) => {
    const created = await tenant.api.post('/v1/api-keys', body);
    expect(created.status).toBe(201);
    return {
      ...(created.body as { keyId: string; apiKey: string }),
      api: apiClient(apiUrl, created.body.apiKey),
    };
  };

  const firstKeyId = (apiKey: string) => apiKey.split('.')[2] as string;

  describe('API key lifecycle', () => {
    it('creates, lists, rotates and revokes keys; old secrets and revoked keys get 401', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const viewer = await issueKey(tenant, { role: 'viewer' });
      const listed = await tenant.api.get('/v1/api-keys');
      const rotated = await tenant.api.post(`/v1/api-keys/${viewer.keyId}/rotate`);
      const withOldSecret = await viewer.api.get('/v1/chargers');
      const rotatedApi = apiClient(apiUrl, rotated.body.apiKey);
      const withNewSecret = await rotatedApi.get('/v1/chargers');
      const revoked = await tenant.api.delete(`/v1/api-keys/${viewer.keyId}`);
      const afterRevocation = await rotatedApi.get('/v1/chargers');
      const rotateRevoked = await tenant.api.post(`/v1/api-keys/${viewer.keyId}/rotate`);

      // Assess
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ keyId: firstKeyId(tenant.apiKey), role: 'admin' }),
        expect.objectContaining({
          keyId: viewer.keyId,
          role: 'viewer',
          createdBy: firstKeyId(tenant.apiKey),
        }),
      ]);
      expect(JSON.stringify(listed.body)).not.toMatch(/secret|apiKey|csms\./i);
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({ keyId: viewer.keyId, apiKey: expect.any(String), role: 'viewer' });
      expect(rotated.body.apiKey).not.toBe(viewer.apiKey);
      expect(withOldSecret.status).toBe(401);
      expect(withNewSecret.status).toBe(200);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ keyId: viewer.keyId, revokedAt: expect.any(String) });
      expect(afterRevocation.status).toBe(401);
      expect(afterRevocation.body).toEqual(contractError('unauthorized'));
      expect(rotateRevoked.status).toBe(409);
    });

    it("keeps the tenant's last active admin key: revoking it is a 409", async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const second = await issueKey(tenant, { role: 'admin' });

      // Act
      const selfRevoke = await tenant.api.delete(`/v1/api-keys/${firstKeyId(tenant.apiKey)}`);
      const lastOne = await second.api.delete(`/v1/api-keys/${second.keyId}`);

      // Assess
      expect(selfRevoke.status).toBe(200);
      expect(lastOne.status).toBe(409);
      expect(lastOne.body).toEqual(contractError('conflict'));
      expect((await second.api.get('/v1/api-keys')).status).toBe(200);
    });

    it("answers another tenant's key as not found, and refuses unknown fields and sites", async () => {
      // Prepare
      const alpha = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const beta = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const betaKey = await issueKey(beta, { role: 'viewer' });

      // Act
      const foreign = await alpha.api.delete(`/v1/api-keys/${betaKey.keyId}`);
      const unknownField = await alpha.api.post('/v1/api-keys', { role: 'viewer', scopes: ['all'] });
      const unknownRole = await alpha.api.post('/v1/api-keys', { role: 'owner' });
      const unknownSite = await alpha.api.post('/v1/api-keys', { role: 'viewer', siteIds: ['nowhere'] });

      // Assess
      expect(foreign.status).toBe(404);
      expect([unknownField.status, unknownRole.status, unknownSite.status]).toEqual([400, 400, 400]);
      expect((await betaKey.api.get('/v1/chargers')).status).toBe(200);
    });
  });

  describe('roles', () => {
    /** Path parameters that name nothing, so allowed calls end in 400/404 instead of changing anything. */
    const harmless: Record<string, string> = {
      chargerId: 'NO-SUCH-CHARGER',
      keyId: 'NOSUCHKEY',
      siteId: 'no-such-site',
      tenantId: 'NOSUCHTENANT',
      idToken: 'NO-SUCH-TOKEN',
      sessionId: 'NOSUCHSESSION',
      commandId: 'NOSUCHCOMMAND',
      action: 'Reset',
    };
    const fill = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => harmless[name] ?? `no-such-${name}`);
    const tenantRoutes = httpRoutes.filter((route) => route.access === 'tenant');
    const roles: ApiKeyRole[] = ['viewer', 'operator', 'admin'];
    const cases = tenantRoutes.flatMap((route) =>
      roles.map((role) => [`${route.method} ${route.path}`, role, route] as const),
    );
    let keys: Record<ApiKeyRole, ReturnType<typeof apiClient>>;

    beforeAll(async () => {
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      keys = {
        admin: tenant.api,
        operator: (await issueKey(tenant, { role: 'operator' })).api,
        viewer: (await issueKey(tenant, { role: 'viewer' })).api,
      };
    });

    it('covers every tenant route with an operation and a role', () => {
      // Assess
      expect(tenantRoutes.length).toBeGreaterThan(10);
      for (const route of tenantRoutes)
        expect(operations[route.operationId]?.role).toMatch(/^(viewer|operator|admin)$/);
    });

    it.each(cases)('%s as %s: 403 exactly below the route role', async (_name, role, route) => {
      // Prepare
      const operation = operations[route.operationId]!;
      const hasBody = operation.request.body !== undefined;

      // Act
      const response = await keys[role].call(route.method, fill(route.path), hasBody ? {} : undefined);

      // Assess
      const allowed = roleRank[role] >= roleRank[operation.role];
      if (allowed) {
        expect(response.status, JSON.stringify(response.body)).not.toBe(403);
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
      } else {
        expect(response.status).toBe(403);
        expect(response.body).toEqual(contractError('forbidden'));
      }
    });

    it('refuses platform-admin routes to every tenant key, admin included', async () => {
      // Act
      const statuses = await Promise.all(
        httpRoutes
          .filter((route) => route.access === 'platform-admin')
          .map((route) =>
            keys.admin.call(route.method, fill(route.path), route.method === 'GET' ? undefined : {}),
          ),
      );

      // Assess
      expect(statuses.map((response) => response.status)).toEqual(statuses.map(() => 403));
    });
  });

  describe('site-limited keys', () => {
    it('see only chargers and sites of their sites, and add chargers only there', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      for (const siteId of ['north', 'south']) await tenant.api.post('/v1/sites', { siteId, name: siteId });
      for (const [chargerId, siteId] of [
        ['N-1', 'north'],
        ['N-2', 'north'],
        ['S-1', 'south'],
        ['X-1', undefined],
      ] as const)
        expect((await tenant.api.post('/v1/chargers', { chargerId, ...(siteId && { siteId }) })).status).toBe(
          201,
        );
      const northViewer = await issueKey(tenant, { role: 'viewer', siteIds: ['north'] });
      const northAdmin = await issueKey(tenant, { role: 'admin', siteIds: ['north'] });

      // Act
      const list = await northViewer.api.get('/v1/chargers');
      const listSouth = await northViewer.api.get('/v1/chargers?siteId=south');
      const own = await northViewer.api.get('/v1/chargers/N-1');
      const foreign = await northViewer.api.get('/v1/chargers/S-1');
      const siteless = await northViewer.api.get('/v1/chargers/X-1');
      const sites = await northViewer.api.get('/v1/sites');
      const southSite = await northViewer.api.get('/v1/sites/south');
      const createSouth = await northAdmin.api.post('/v1/chargers', { chargerId: 'S-2', siteId: 'south' });
      const createNorth = await northAdmin.api.post('/v1/chargers', { chargerId: 'N-3', siteId: 'north' });
      const keysList = await northAdmin.api.get('/v1/api-keys');
      const availability = await northViewer.api.get('/v1/availability');
      const availabilitySouth = await northViewer.api.get('/v1/availability?siteId=south');

      // Assess
      expect(list.body.items.map((item: { chargerId: string }) => item.chargerId)).toEqual(['N-1', 'N-2']);
      expect(listSouth.body.items).toEqual([]);
      expect(own.status).toBe(200);
      expect([foreign.status, siteless.status, southSite.status]).toEqual([404, 404, 404]);
      expect(foreign.body).toEqual(contractError('not_found'));
      expect(sites.body.items.map((site: { siteId: string }) => site.siteId)).toEqual(['north']);
      expect(createSouth.status).toBe(403);
      expect(createNorth.status).toBe(201);
      expect(keysList.status).toBe(403);
      expect(availability.body.chargers.map((row: { chargerId: string }) => row.chargerId)).toEqual([
        'N-1',
        'N-2',
        'N-3',
      ]);
      expect(availabilitySouth.status).toBe(404);
      expect((await tenant.api.get('/v1/chargers')).body.items).toHaveLength(5);
    });
  });

  describe('platform admin', () => {
    it('lists and reads tenants; tenant ids that do not exist are 404', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const seen: { tenantId: string }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const response = await platform.get(
          `/v1/tenants?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(response.status).toBe(200);
        seen.push(...response.body.items);
        cursor = response.body.cursor;
        if (!cursor) break;
      }
      const one = await platform.get(`/v1/tenants/${tenant.tenantId}`);
      const missing = await platform.get('/v1/tenants/01J00000000000000000000000');
      const reserved = await platform.get('/v1/tenants/_platform');

      // Assess
      expect(seen.map((item) => item.tenantId)).toContain(tenant.tenantId);
      expect(new Set(seen.map((item) => item.tenantId)).size).toBe(seen.length);
      expect(one.body).toEqual({
        tenantId: tenant.tenantId,
        name: expect.any(String),
        status: 'active',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(missing.status).toBe(404);
      expect(reserved.status).toBe(400);
    });

    it('suspends a tenant: its keys get 401 and its chargers 401 at the upgrade, until reactivated', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-S']);
      const upgrade = () =>
        attemptUpgrade({
          url: `${env.runtime.ocppUrl}/${tenant.tenantId}/CP-S`,
          protocols: ['ocpp1.6'],
          authorization: basicAuth('CP-S', tenant.chargers['CP-S']!.password),
        });

      // Act
      const suspended = await platform.patch(`/v1/tenants/${tenant.tenantId}`, { status: 'suspended' });
      const keyWhileSuspended = await tenant.api.get('/v1/chargers');
      const chargerWhileSuspended = await upgrade();
      await platform.patch(`/v1/tenants/${tenant.tenantId}`, { status: 'active' });
      const chargerAfter = await upgrade();

      // Assess
      expect(suspended.status).toBe(200);
      expect(suspended.body.status).toBe('suspended');
      expect(keyWhileSuspended.status).toBe(401);
      expect(chargerWhileSuspended).toMatchObject({ kind: 'refused', status: 401 });
      expect((await tenant.api.get('/v1/chargers')).status).toBe(200);
      expect(chargerAfter.kind).toBe('open');
      if (chargerAfter.kind === 'open') chargerAfter.charger.socket.close();
      await env.runtime.settled();
    });

    it('suspends a tenant with connected chargers: their sockets are closed and they cannot reconnect', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-1', 'CP-2']);
      const other = await provisionTenant(apiUrl, env.runtime.adminKey, ['CP-1']);
      const connect = (owner: typeof tenant, chargerId: string) =>
        connectCharger({
          ocppUrl: env.runtime.ocppUrl,
          tenantId: owner.tenantId,
          chargerId,
          password: owner.chargers[chargerId]!.password,
          protocols: ['ocpp1.6'],
        });
      const clients = await Promise.all([connect(tenant, 'CP-1'), connect(tenant, 'CP-2')]);
      const otherClient = await connect(other, 'CP-1');
      const closures = clients.map(
        (client) => new Promise<{ code: number }>((resolve) => client.raw.once('close', resolve)),
      );
      await env.runtime.settled();
      const listed = await tenant.api.get('/v1/chargers');
      expect(listed.body.items.map((item: { online: boolean }) => item.online)).toEqual([true, true]);

      // Act
      const suspended = await platform.patch(`/v1/tenants/${tenant.tenantId}`, { status: 'suspended' });
      const closed = await within(Promise.all(closures), 3000, "the suspended tenant's sockets to close");
      await env.runtime.settled();

      // Assess
      expect(suspended.status).toBe(200);
      expect(closed.map((closure) => closure.code >= 1000)).toEqual([true, true]);
      for (const chargerId of ['CP-1', 'CP-2']) {
        const reconnect = await attemptUpgrade({
          url: `${env.runtime.ocppUrl}/${tenant.tenantId}/${chargerId}`,
          protocols: ['ocpp1.6'],
          authorization: basicAuth(chargerId, tenant.chargers[chargerId]!.password),
        });
        expect(reconnect).toMatchObject({ kind: 'refused', status: 401 });
      }
      // Another tenant's charger of the same id stays connected.
      expect(await otherClient.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
      await platform.patch(`/v1/tenants/${tenant.tenantId}`, { status: 'active' });
      const chargers = await tenant.api.get('/v1/chargers');
      expect(chargers.body.items.map((item: { online: boolean }) => item.online)).toEqual([false, false]);
      await otherClient.close();
      await env.runtime.settled();
    });

    it('refuses unknown fields and an empty change', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);

      // Act
      const unknown = await platform.patch(`/v1/tenants/${tenant.tenantId}`, { plan: 'gold' });
      const empty = await platform.patch(`/v1/tenants/${tenant.tenantId}`, {});
      const badStatus = await platform.patch(`/v1/tenants/${tenant.tenantId}`, { status: 'deleted' });

      // Assess
      expect([unknown.status, empty.status, badStatus.status]).toEqual([400, 400, 400]);
    });
  });

  describe('rate limits', () => {
    it('answers a noisy tenant 429 with Retry-After while another tenant still gets 200', async () => {
      // Prepare
      const noisy = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const quiet = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      expect((await platform.patch(`/v1/tenants/${noisy.tenantId}`, { rateLimitPerSecond: 2 })).status).toBe(
        200,
      );

      // Act
      const burst = await Promise.all(Array.from({ length: 12 }, () => noisy.api.get('/v1/chargers')));
      const quietMeanwhile = await quiet.api.get('/v1/chargers');
      await delay(1100);
      const afterWaiting = await noisy.api.get('/v1/chargers');

      // Assess
      const limited = burst.filter((response) => response.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(6);
      expect(burst.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(1);
      for (const response of limited) {
        expect(response.body).toEqual(contractError('rate_limited'));
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(quietMeanwhile.status).toBe(200);
      expect(afterWaiting.status).toBe(200);
    });
  });

  describe('audit log', () => {
    it('records successful changes of the tenant, newest first, and no reads or failures', async () => {
      // Prepare
      const tenant = await provisionTenant(apiUrl, env.runtime.adminKey, []);
      const adminKeyId = firstKeyId(tenant.apiKey);
      const month = new Date().toISOString().slice(0, 7);

      // Act
      await tenant.api.post('/v1/sites', { siteId: 'depot', name: 'Depot' });
      await tenant.api.post('/v1/chargers', { chargerId: 'CP-A', siteId: 'depot' });
      await tenant.api.get('/v1/chargers');
      await tenant.api.post('/v1/chargers', { chargerId: 'CP-A' });
      await tenant.api.patch('/v1/chargers/CP-A', { description: 'by the gate' });
      await platform.patch(`/v1/tenants/${tenant.tenantId}`, { name: 'Renamed' });
      const log = await tenant.api.get(`/v1/audit-log?month=${month}`);
      const viewer = await issueKey(tenant, { role: 'viewer' });
      const asViewer = await viewer.api.get('/v1/audit-log');

      // Assess
      expect(log.status).toBe(200);
      expect(
        log.body.items.map((entry: { route: string; status: number; keyId: string }) => [
          entry.route,
          entry.status,
          entry.keyId,
        ]),
      ).toEqual([
        ['PATCH /v1/tenants/{tenantId}', 200, 'platform-admin'],
        ['PATCH /v1/chargers/{chargerId}', 200, adminKeyId],
        ['POST /v1/chargers', 201, adminKeyId],
        ['POST /v1/sites', 201, adminKeyId],
        ['POST /v1/tenants', 201, 'platform-admin'],
      ]);
      expect(log.body.items[1]).toEqual({
        entryId: expect.any(String),
        at: expect.any(String),
        keyId: adminKeyId,
        method: 'PATCH',
        route: 'PATCH /v1/chargers/{chargerId}',
        pathParameters: { chargerId: 'CP-A' },
        status: 200,
      });
      expect(asViewer.status).toBe(403);
    });
  });
});
