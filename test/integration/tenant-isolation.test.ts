import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PutEvent } from '../../local/eventbridge.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { operations } from '../../shared/slices/index.ts';
import { type HttpMethod, type HttpRoute, httpRoutes, routeKey } from '../../shared/topology/http-routes.ts';
import { apiClient } from '../support/api-client.ts';
import {
  connectAnswering,
  givenTwoTenants,
  secretsOf,
  snapshotOf,
  type TwoTenants,
} from '../support/isolation-fixtures.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { attemptUpgrade, basicAuth, delay } from '../support/raw-websocket.ts';

/*
 * Issue 3: tenant B's keys never reach tenant A's resources, lists never mix tenants, and the same charger id in
 * two tenants never collides. The matrix is generated from the route table: a new route gets cases of its own,
 * and a route whose path parameter, body or ownership check the matrix does not know fails the first test.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

// ---- how each path parameter, body and own-resource answer is filled in ----

/** A's resources that B has no namesake of: B's key on them must find nothing. */
const foreignValues: Record<string, (t: TwoTenants) => string> = {
  chargerId: () => 'CP-A',
  idToken: () => 'TAG-A',
  siteId: () => 'S-A',
  sessionId: ({ a }) => a.sessionId,
  commandId: ({ a }) => a.commandId,
  keyId: ({ a }) => a.extraKeyId,
  tenantId: ({ a }) => a.tenantId,
  action: () => 'Reset',
  // On A's CP-A: B must not even learn whether that charger has a reservation 1.
  reservationId: () => '1',
  tariffId: () => 'TARIFF-A',
  driverId: ({ a }) => a.driverId,
  vehicleId: ({ a }) => a.vehicleId,
  fleetId: ({ a }) => a.fleetId,
  // A's session's CDR (its first version, billed at zero: no default tariff).
  cdrId: ({ a }) => `${a.sessionId}-1`,
  webhookId: ({ a }) => a.webhookId,
  // Under A's webhook, B's key finds neither the webhook nor any delivery of it.
  deliveryId: () => 'DELIVERY-A',
  // A's CP-A reported customer information for request 1.
  requestId: () => '1',
  // A's incident (CP-A stayed Faulted through self-healing).
  incidentId: ({ a }) => a.incidentId!,
  // A's CP-A is in cohort WAVE-A (counted when it connected); B has no such cohort.
  cohort: () => 'WAVE-A',
};

/** Names both tenants have: B's key on them must get B's own resource. */
const sharedNames: Record<string, string> = {
  chargerId: 'CP-1',
  idToken: 'TAG-1',
  siteId: 'S-1',
  tariffId: 'TARIFF-1',
};

/** Query strings a route needs: the `foreign` one names A's resources, the others B's own or shared names. */
const queries: Record<string, { foreign: string; own: string }> = {
  findDriverChargers: { foreign: '?siteId=S-A', own: '?siteId=S-1' },
  // A's charger by name: not found for B; B's own month lists B's chargers only.
  getUptimeReport: { foreign: '?month=2026-12&chargerId=CP-A', own: '?month=2026-12' },
  getSessionKpiReport: { foreign: '?month=2026-12&chargerId=CP-A', own: '?month=2026-12' },
};

/** Path parameters that name no resource of a tenant. */
const nonResourceParams = new Set(['action']);

/** A minimal schema-valid body per operationId; every operation with a body schema needs one. */
const bodies: Record<string, unknown> = {
  createTenant: { name: 'created by B' },
  updateTenant: { status: 'suspended' },
  // A has a CP-A and an S-A: B creating its own must not collide with them.
  createCharger: { chargerId: 'CP-A' },
  // The charger's existing password (a migration): the generated-password form, without a body, has its own tests.
  resetChargerPassword: { password: 'legacy-pass-of-B' },
  createSite: { siteId: 'S-A', name: 'S-A of B' },
  createApiKey: { role: 'viewer', description: 'created by B' },
  updateSite: { name: 'renamed by B' },
  updateCharger: { description: 'changed by B', maxCurrentA: 16 },
  putLoadManagement: { maxCurrentA: 32 },
  importChargers: { chargers: [{ chargerId: 'CP-IMPORTED' }] },
  // A token and a driver of B's own (A's lists must not change).
  importIdTokens: {
    idTokens: [{ idToken: 'TAG-IMPORTED', status: 'Blocked', driver: { externalRef: 'crm-of-b' } }],
  },
  // On A's charger CP-A: B's key finds no such charger (a row error, nothing written).
  importSessions: {
    sessions: [
      {
        externalId: 'legacy-of-b',
        chargerId: 'CP-A',
        startedAt: '2026-10-01T10:00:00Z',
        endedAt: '2026-10-01T11:00:00Z',
        energyWh: 1000,
      },
    ],
  },
  putIdToken: { status: 'Blocked' },
  sendOcppCall: { type: 'OnIdle' },
  remoteStart: { idToken: 'TAG-1', evseId: 1 },
  remoteStop: { transactionId: 'TX-1' },
  resetCharger: { type: 'soft' },
  unlockConnector: { evseId: 1 },
  changeAvailability: { availability: 'operative' },
  triggerMessage: { message: 'Heartbeat' },
  getConfiguration: { keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
  setConfiguration: { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '120' },
  createReservation: {
    connectorId: 1,
    idToken: 'TAG-1',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  },
  syncLocalList: { mode: 'full' },
  updateFirmware: { location: 'https://fw.example.test/fw.bin' },
  requestDiagnostics: {},
  requestBaseReport: { reportBase: 'SummaryInventory' },
  requestCustomReport: { componentCriteria: ['Active'] },
  getDeviceModelVariables: {
    variables: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
  },
  setDeviceModelVariables: {
    variables: [
      {
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
        attributeValue: '120',
      },
    ],
  },
  createFirmwareFile: { fileName: 'fw.bin' },
  putTariff: {
    currency: 'CHF',
    elements: [{ price_components: [{ type: 'FLAT', price: 1, step_size: 1 }] }],
  },
  createDriver: { name: 'created by B' },
  issueDriverKey: { ttlSeconds: 3600 },
  // A's charger with B's driver's own token: not found, whatever the token.
  startDriverSession: { chargerId: 'CP-A', idToken: 'TAG-1' },
  updateDriver: { name: 'renamed by B' },
  createVehicle: { make: 'made by B' },
  updateVehicle: { make: 'changed by B' },
  createFleet: { name: 'created by B' },
  updateFleet: { name: 'renamed by B' },
  putSelfHealing: { enabled: false, faultedDelaySeconds: 600 },
  resolveIncident: { note: 'resolved by B' },
  createWebhook: { url: 'https://hooks.example.test/created-by-b', events: ['FirmwareStatusChanged.v1'] },
  priceTariff: {
    start_date_time: '2026-06-01T10:00:00Z',
    end_date_time: '2026-06-01T11:00:00Z',
    charging_periods: [
      { start_date_time: '2026-06-01T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
    ],
  },
};

/**
 * 1.6-only features: on B's CP-1, which speaks 2.0.1, B's own charger answers 400 saying so. That is B's
 * charger answering (A's CP-1 speaks 2.0.1 too), so it still proves the call found B's, not A's.
 */
const onlyFor16 = new Set([
  'createReservation',
  'syncLocalList',
  'checkLocalListVersion',
  'updateFirmware',
  'requestDiagnostics',
]);

/** For every read that answers 200 to B (lists, and reads of a name B shares): it is B's own, and only B's. */
const ownChecks: Record<string, (body: Body, t: TwoTenants) => void> = {
  listChargers: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.chargerId, item.vendor])).toEqual([['CP-1', b.vendor]]),
  // B's own CP-1 (connected, at B's S-1) and nothing of A's: A's CP-A and S-A do not count.
  getAvailability: (body) => {
    expect(body.chargers.map((row: Body) => [row.chargerId, row.siteId, row.online])).toEqual([
      ['CP-1', 'S-1', true],
    ]);
    expect(body.summary.chargers.total).toBe(1);
  },
  getCharger: (body, { b }) =>
    expect(body).toMatchObject({ chargerId: 'CP-1', siteId: 'S-1', vendor: b.vendor, online: true }),
  listApiKeys: (body, { b }) =>
    expect(body.items.map((item: Body) => item.keyId).sort()).toEqual(
      [b.firstKeyId, b.extraKeyId, b.fleetKeyId].sort(),
    ),
  listSites: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.siteId, item.name])).toEqual([['S-1', b.siteName]]),
  getSite: (body, { b }) => expect(body).toMatchObject({ siteId: 'S-1', name: b.siteName }),
  getLoadManagement: (body, { b }) =>
    expect(body).toMatchObject({
      siteId: 'S-1',
      maxCurrentA: b.gridLimitA,
      circuits: [{ maxCurrentA: b.gridLimitA }],
    }),
  // B's own site's history: whatever B's own load balancing sent, to B's own chargers only.
  listAllocationHistory: (body) =>
    expect(body.items.every((item: Body) => ['CP-1', 'CP-B'].includes(item.chargerId))).toBe(true),
  listAuditLog: (body, { b }) => {
    expect(body.items.length).toBeGreaterThan(0);
    for (const entry of body.items) expect([b.firstKeyId, 'platform-admin']).toContain(entry.keyId);
  },
  listIdTokens: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.idToken, item.status])).toEqual([['TAG-1', b.tokenStatus]]),
  getIdToken: (body, { b }) => expect(body).toMatchObject({ idToken: 'TAG-1', status: b.tokenStatus }),
  listReservations: (body) => expect(body.items).toEqual([]),
  getLocalList: (body) => expect(body).toMatchObject({ chargerId: 'CP-1' }),
  getChargerConfiguration: (body) => expect(body).toMatchObject({ chargerId: 'CP-1' }),
  getDeviceModel: (body) => expect(body).toMatchObject({ chargerId: 'CP-1' }),
  listDeviceEvents: (body) => expect(body).toMatchObject({ chargerId: 'CP-1', items: [] }),
  // B's CP-1 EV's needs, not A's (the amounts differ).
  getChargerSmartCharging: (body, { b }) =>
    expect(
      body.evses.map((evse: Body) => [
        evse.evseId,
        evse.chargingNeeds?.chargingNeeds.acChargingParameters.energyAmount,
      ]),
    ).toEqual([[1, b.evEnergyAmountWh]]),
  // B's own reports only: the ones B's requests in this matrix made, none of A's.
  listDeviceModelReports: (body) => {
    expect(body).toMatchObject({ chargerId: 'CP-1' });
    for (const report of body.items) expect(report.request).not.toBe('unsolicited');
  },
  getMaintenanceStatus: (body) => expect(body).toMatchObject({ chargerId: 'CP-1' }),
  listDisplayMessages: (body) =>
    expect(body.items.map((item: Body) => item.message.content)).toEqual(['Display of B']),
  listDeviceMonitors: (body) => expect(body.items.map((item: Body) => item.id)).toEqual([2]),
  listTariffs: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.id, item.currency])).toEqual([
      ['TARIFF-1', b.tariffCurrency],
    ]),
  getTariff: (body, { b }) => expect(body).toMatchObject({ id: 'TARIFF-1', currency: b.tariffCurrency }),
  listDrivers: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.driverId, item.name])).toEqual([[b.driverId, 'Driver of B']]),
  listVehicles: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.vehicleId, item.driverId])).toEqual([
      [b.vehicleId, b.driverId],
    ]),
  listFleets: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.fleetId, item.name])).toEqual([[b.fleetId, 'Fleet of B']]),
  listCdrs: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.id, item.session_id, item.credit])).toEqual([
      [`${b.sessionId}-1`, b.sessionId, false],
    ]),
  listWebhooks: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.webhookId, item.url])).toEqual([
      [b.webhookId, 'https://hooks-b.example.test/csms'],
    ]),
  getSelfHealing: (body, { b }) =>
    expect(body).toMatchObject({ enabled: false, faultedDelaySeconds: b.faultedDelaySeconds }),
  // B's CP-1 never had an attempt (A's CP-A did): nothing of A's shows.
  getChargerSelfHealing: (body) => expect(body).toEqual({ chargerId: 'CP-1' }),
  // B has no incident: A's must not show.
  listIncidents: (body) => expect(body.items).toEqual([]),
  // The driver API, with B's driver key (B's driver owns B's TAG-1, which charged B's session).
  getDriverMe: (body, { b }) =>
    expect([body.driver.driverId, body.driver.name, body.vehicles.length, body.idTokens.length]).toEqual([
      b.driverId,
      'Driver of B',
      1,
      1,
    ]),
  listDriverVehicles: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.vehicleId, item.driverId])).toEqual([
      [b.vehicleId, b.driverId],
    ]),
  listDriverIdTokens: (body) => expect(body.items.map((item: Body) => item.idToken)).toEqual(['TAG-1']),
  listDriverSessions: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.sessionId, item.chargerId])).toEqual([[b.sessionId, 'CP-1']]),
  findDriverChargers: (body) =>
    expect(body.items.map((item: Body) => [item.chargerId, item.siteId])).toEqual([['CP-1', 'S-1']]),
  getDriverCharger: (body) => expect(body).toMatchObject({ chargerId: 'CP-1', siteId: 'S-1' }),
  // B has no default tariff (A's TARIFF-1 is not B's either): no tariff, a free estimate in B's terms.
  getDriverPrice: (body) => {
    expect(body.chargerId).toBe('CP-1');
    expect(body.tariff).toBeUndefined();
  },
  // B's charger only, with B's vendor; no cohort of A's.
  getFleetReport: (body, { b }) => {
    expect(body.items.map((item: Body) => [item.chargerId, item.vendor, item.cohort])).toEqual([
      ['CP-1', b.vendor, undefined],
    ]);
    expect(body.summary.byVendor).toEqual({ [b.vendor]: 1 });
  },
  // B's charger only (its site, its counters): none of A's.
  getUptimeReport: (body) => {
    expect(body.chargers.map((item: Body) => [item.chargerId, item.siteId])).toEqual([['CP-1', 'S-1']]);
    expect(body.sites.map((site: Body) => site.siteId)).toEqual(['S-1']);
  },
  getSessionKpiReport: (body) =>
    expect(body.chargers.map((item: Body) => [item.chargerId, item.siteId])).toEqual([['CP-1', 'S-1']]),
  listSessions: (body, { b }) =>
    expect(body.items.map((item: Body) => [item.sessionId, item.chargerId, item.energyWh])).toEqual([
      [b.sessionId, 'CP-1', b.energyWh],
    ]),
};

// ---- the generated cases ----

/**
 * - `platform`: a platform-admin route with B's tenant key (tenantId: A's) → 403;
 * - `foreign`: a route with path parameters, all naming A's resources B has no namesake of → 404; a PUT
 *   (create-or-replace) → 201: it creates B's own, it does not replace A's;
 * - `shared`: a route whose path parameters are all names B shares with A → B's own resource (2xx);
 * - `collection`: a route without path parameters (lists, creates) → 2xx, B's items only.
 */
type Variant = 'platform' | 'foreign' | 'shared' | 'collection';

interface MatrixCase {
  readonly name: string;
  readonly route: HttpRoute;
  readonly variant: Variant;
  /** Set when the matrix cannot run the route: the case fails with it, and so does the coverage test. */
  readonly problem?: string;
}

const paramsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

const problemsOf = (route: HttpRoute, variant: Variant): string[] => {
  const key = routeKey(route);
  const operation = operations[route.operationId];
  if (!operation) return [`${key}: no operation ${route.operationId}`];
  const problems = paramsOf(route.path)
    .filter((name) => !foreignValues[name])
    .map((name) => `${key}: path parameter {${name}} has no value in the isolation matrix (foreignValues)`);
  if (operation.request.body && !(route.operationId in bodies))
    problems.push(`${key}: ${route.operationId} needs a body and the isolation matrix has none (bodies)`);
  if (operation.request.body && route.operationId in bodies) {
    const parsed = operation.request.body.safeParse(bodies[route.operationId]);
    if (!parsed.success) problems.push(`${key}: the matrix body of ${route.operationId} is not valid`);
  }
  const answers200 = route.method === 'GET' && (variant === 'shared' || variant === 'collection');
  if (answers200 && !ownChecks[route.operationId])
    problems.push(`${key}: ${route.operationId} answers B with data and has no ownership check (ownChecks)`);
  return problems;
};

const caseOf = (route: HttpRoute, variant: Variant): MatrixCase => {
  const problems = problemsOf(route, variant);
  return {
    name: `${variant} ${route.operationId}: ${routeKey(route)}`,
    route,
    variant,
    ...(problems.length > 0 && { problem: problems.join('; ') }),
  };
};

const methodRank: Record<HttpMethod, number> = { GET: 0, POST: 1, PUT: 2, PATCH: 3, DELETE: 4 };

/**
 * The order is deliberate, since B's own resources share names with A's and B's calls change them:
 * 1. every read (and the platform-admin refusals), while all fixtures are as set up;
 * 2. the foreign mutations but PUT, which must change nothing (404);
 * 3. B's mutations of its own resources, its creates and the foreign PUT (which creates B's own TAG-A), by
 *    method, deletes last and in path order (B's charger CP-1 before B's site S-1, so that deleting the site
 *    succeeds unless A's chargers block it; a sub-resource, S-1's load management, before S-1); the commands reach B's CP-1 before the charger is deleted, and
 *    before its password reset, which closes its connection (A's CP-1 must stay connected): that one runs
 *    after the other mutations, just before the deletes.
 * Nothing of B's is recreated: after phase 3 only the check of A's state runs.
 */
const phaseOf = ({ route, variant }: MatrixCase): number => {
  if (route.method === 'GET' || variant === 'platform') return 0;
  if (variant === 'foreign' && route.method !== 'PUT') return 1;
  if (variant === 'shared' && route.operationId === 'resetChargerPassword')
    return 2 + methodRank.DELETE - 0.5;
  return 2 + methodRank[route.method];
};

/** Path order; a DELETE of a sub-resource (a site's load management) before that of the resource it is part of. */
const pathOrder = (x: HttpRoute, y: HttpRoute): number => {
  if (x.method === 'DELETE' && y.method === 'DELETE') {
    if (x.path.startsWith(`${y.path}/`)) return -1;
    if (y.path.startsWith(`${x.path}/`)) return 1;
  }
  return x.path.localeCompare(y.path);
};

const cases: MatrixCase[] = httpRoutes
  .flatMap((route): MatrixCase[] => {
    if (route.access === 'public') return [];
    if (route.access === 'platform-admin') return [caseOf(route, 'platform')];
    const params = paramsOf(route.path);
    if (route.operationId in queries) return [caseOf(route, 'foreign'), caseOf(route, 'collection')];
    // Its body names A's charger: not found.
    if (route.operationId === 'startDriverSession') return [caseOf(route, 'foreign')];
    if (params.length === 0) return [caseOf(route, 'collection')];
    const generated: MatrixCase[] = [];
    if (params.some((name) => !nonResourceParams.has(name))) generated.push(caseOf(route, 'foreign'));
    if (params.every((name) => name in sharedNames || nonResourceParams.has(name)))
      generated.push(caseOf(route, 'shared'));
    return generated;
  })
  .map((matrixCase, index) => ({ matrixCase, index }))
  .sort(
    (x, y) =>
      phaseOf(x.matrixCase) - phaseOf(y.matrixCase) ||
      (phaseOf(x.matrixCase) >= 2 ? pathOrder(x.matrixCase.route, y.matrixCase.route) : 0) ||
      x.index - y.index,
  )
  .map(({ matrixCase }) => matrixCase);

const fillPath = (matrixCase: MatrixCase, t: TwoTenants): string =>
  matrixCase.route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    matrixCase.variant === 'shared'
      ? (sharedNames[name] ?? foreignValues[name]!(t))
      : (foreignValues[name]?.(t) ?? `{${name}}`),
  ) + (queries[matrixCase.route.operationId]?.[matrixCase.variant === 'foreign' ? 'foreign' : 'own'] ?? '');

/** A's secrets found in `text`, except those B itself sent (echoing B's own input is no leak). */
const leaksIn = (text: string, secrets: Record<string, string>, sent: string): string[] =>
  Object.entries(secrets)
    .filter(([, value]) => text.includes(value) && !sent.includes(value))
    .map(([name]) => name);

const newEvents = (all: readonly PutEvent[], before: ReadonlySet<PutEvent>) =>
  all.filter((event) => !before.has(event));

const tenantsOf = (events: readonly PutEvent[]) => [
  ...new Set(events.map((event) => (event.detail as { tenantId?: string }).tenantId)),
];

describe('tenant isolation', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let t: TwoTenants;

  beforeAll(async () => {
    // Self-healing waits of 1 s, so that the fixture's incident opens within seconds.
    env = await startTestRuntime({ environment: { SELF_HEALING_MIN_WAIT_SECONDS: '1' } });
    t = await givenTwoTenants(env.runtime);
  });
  afterAll(async () => {
    for (const tenant of [t?.a, t?.b])
      for (const client of Object.values(tenant?.clients ?? {})) await client.close().catch(() => undefined);
    await env?.stop();
  });

  describe('the same charger id in two tenants', () => {
    beforeEach(() => {
      t.a.received.length = 0;
      t.b.received.length = 0;
    });

    it('keeps both CP-1 online at once with their own boot data, token answers and sessions of TX-1', async () => {
      // Act
      const [chargerA, chargerB] = [
        await t.a.api.get('/v1/chargers/CP-1'),
        await t.b.api.get('/v1/chargers/CP-1'),
      ];
      const [sessionA, sessionB] = [
        await t.a.api.get(`/v1/sessions/${t.a.sessionId}`),
        await t.b.api.get(`/v1/sessions/${t.b.sessionId}`),
      ];

      // Assess
      expect(env.runtime.websocket.connectionCount).toBe(3);
      expect(chargerA.body).toMatchObject({ chargerId: 'CP-1', online: true, vendor: 'Vendor-A' });
      expect(chargerB.body).toMatchObject({ chargerId: 'CP-1', online: true, vendor: 'Vendor-B' });
      expect([t.a.authorizeStatus, t.b.authorizeStatus]).toEqual(['Accepted', 'Blocked']);
      expect(t.a.sessionId).not.toBe(t.b.sessionId);
      expect(sessionA.body).toMatchObject({
        chargerId: 'CP-1',
        chargerTransactionId: 'TX-1',
        energyWh: 4000,
      });
      expect(sessionB.body).toMatchObject({ chargerId: 'CP-1', chargerTransactionId: 'TX-1', energyWh: 300 });
    });

    it("a Heartbeat and a StatusNotification of B's CP-1 change only B's view; their events carry B only", async () => {
      // Prepare
      const before = (await t.a.api.get('/v1/chargers/CP-1')).body;
      const eventsBefore = new Set(env.runtime.eventBridge.events);
      const client = t.b.clients['CP-1']!;

      // Act
      await client.call('Heartbeat', {});
      await client.call('StatusNotification', {
        timestamp: new Date().toISOString(),
        connectorStatus: 'Occupied',
        evseId: 1,
        connectorId: 1,
      });
      await env.runtime.settled();

      // Assess
      expect((await t.b.api.get('/v1/chargers/CP-1')).body.connectors).toEqual([
        expect.objectContaining({ evseId: 1, connectorId: 1, status: 'Occupied' }),
      ]);
      expect((await t.a.api.get('/v1/chargers/CP-1')).body).toEqual(before);
      expect(before.connectors).toEqual([expect.objectContaining({ status: 'Available' })]);
      const events = newEvents(env.runtime.eventBridge.events, eventsBefore);
      expect(events.map((event) => event['detail-type'])).toContain(
        eventCatalog.connectorStatusChanged.detailType,
      );
      expect(tenantsOf(events)).toEqual([t.b.tenantId]);
    });

    it("a command to B's CP-1 reaches only B's client, even while A's CP-1 has a call outstanding", async () => {
      // Prepare: A's CP-1 takes its time to answer, so that both charger slots are taken at once.
      const slowA = t.a.clients['CP-1']!;
      slowA.raw.handle('Reset', async ({ params }) => {
        t.a.received.push({ chargerId: 'CP-1', action: 'Reset', params });
        await delay(300);
        return { status: 'Accepted' };
      });
      const eventsBefore = new Set(env.runtime.eventBridge.events);

      // Act
      const toA = t.a.api.post('/v1/chargers/CP-1/commands/reset', { type: 'soft' });
      await delay(50);
      const toB = await t.b.api.post('/v1/chargers/CP-1/commands/reset', { type: 'hard' });
      const answerA = await toA.finally(() => slowA.raw.removeHandler('Reset'));
      await env.runtime.settled();

      // Assess
      expect([answerA.status, toB.status]).toEqual([200, 200]);
      expect(t.a.received).toEqual([{ chargerId: 'CP-1', action: 'Reset', params: { type: 'OnIdle' } }]);
      expect(t.b.received).toEqual([{ chargerId: 'CP-1', action: 'Reset', params: { type: 'Immediate' } }]);
      expect((await t.a.api.get(`/v1/commands/${toB.body.commandId}`)).status).toBe(404);
      expect((await t.b.api.get(`/v1/commands/${answerA.body.commandId}`)).status).toBe(404);
      const completed = newEvents(env.runtime.eventBridge.events, eventsBefore)
        .filter((event) => event['detail-type'] === eventCatalog.commandCompleted.detailType)
        .map((event) => [event.detail.tenantId, event.detail.commandId]);
      expect(completed).toEqual(
        expect.arrayContaining([
          [t.a.tenantId, answerA.body.commandId],
          [t.b.tenantId, toB.body.commandId],
        ]),
      );
      expect(completed).toHaveLength(2);
    });

    it("disconnecting B's CP-1 leaves A's CP-1 online and reachable", async () => {
      // Prepare
      const eventsBefore = new Set(env.runtime.eventBridge.events);

      // Act
      await t.b.clients['CP-1']!.close();
      await env.runtime.settled();
      const chargerA = await t.a.api.get('/v1/chargers/CP-1');
      const chargerB = await t.b.api.get('/v1/chargers/CP-1');
      const commandA = await t.a.api.post('/v1/chargers/CP-1/commands/reset', { type: 'soft' });
      const commandB = await t.b.api.post('/v1/chargers/CP-1/commands/reset', { type: 'soft' });
      const events = newEvents(env.runtime.eventBridge.events, eventsBefore);

      // Assess
      expect(chargerA.body.online).toBe(true);
      expect(chargerB.body.online).toBe(false);
      expect(env.runtime.websocket.connectionCount).toBe(2);
      expect(commandA.status).toBe(200);
      expect(commandB.status).toBe(409);
      expect(commandB.body.error.code).toBe('charger_offline');
      expect(t.a.received).toEqual([{ chargerId: 'CP-1', action: 'Reset', params: { type: 'OnIdle' } }]);
      const disconnected = events.filter(
        (event) => event['detail-type'] === eventCatalog.chargerDisconnected.detailType,
      );
      expect(disconnected.map((event) => [event.detail.tenantId, event.detail.chargerId])).toEqual([
        [t.b.tenantId, 'CP-1'],
      ]);
    });

    it("refuses a key that names A's tenant with B's key id or secret", async () => {
      // Prepare
      const secretB = t.b.apiKey.split('.')[3]!;
      const forged = [
        `csms.${t.a.tenantId}.${t.b.firstKeyId}.${secretB}`,
        `csms.${t.a.tenantId}.${t.a.firstKeyId}.${secretB}`,
        `csms.${t.b.tenantId}.${t.a.firstKeyId}.${secretB}`,
      ];

      // Act
      const answers = await Promise.all(
        forged.map((key) => apiClient(env.runtime.apiUrl, key).get('/v1/chargers')),
      );

      // Assess
      expect(forged.every((key) => key.split('.')[0] === t.b.apiKey.split('.')[0])).toBe(true);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    });
  });

  describe("bodies and queries that name A's resources", () => {
    it("cannot attach B's chargers or keys to A's site, nor filter B's lists by A's charger or site", async () => {
      // Act
      const answers = {
        createCharger: await t.b.api.post('/v1/chargers', { chargerId: 'CP-X', siteId: 'S-A' }),
        createApiKey: await t.b.api.post('/v1/api-keys', { role: 'viewer', siteIds: ['S-A'] }),
        moveCharger: await t.b.api.patch('/v1/chargers/CP-1', { siteId: 'S-A' }),
        importChargers: await t.b.api.post('/v1/chargers/bulk', {
          chargers: [{ chargerId: 'CP-Y', siteId: 'S-A' }],
        }),
        chargersOfSite: await t.b.api.get('/v1/chargers?siteId=S-A'),
        availabilityOfSite: await t.b.api.get('/v1/availability?siteId=S-A'),
        sessionsOfCharger: await t.b.api.get('/v1/sessions?chargerId=CP-A'),
        sessionsOfSharedName: await t.b.api.get('/v1/sessions?chargerId=CP-1'),
      };

      // Assess
      expect(
        Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status])),
      ).toEqual({
        createCharger: 400,
        createApiKey: 400,
        moveCharger: 400,
        importChargers: 200,
        chargersOfSite: 200,
        availabilityOfSite: 404,
        sessionsOfCharger: 200,
        sessionsOfSharedName: 200,
      });
      expect(answers.importChargers.body).toEqual({
        created: [],
        failed: [{ chargerId: 'CP-Y', code: 'unknown_site', message: expect.any(String) }],
      });
      expect(answers.chargersOfSite.body.items).toEqual([]);
      expect(answers.sessionsOfCharger.body.items).toEqual([]);
      expect(answers.sessionsOfSharedName.body.items.map((item: Body) => item.sessionId)).toEqual([
        t.b.sessionId,
      ]);
      for (const answer of Object.values(answers))
        expect(leaksIn(JSON.stringify(answer.body), secretsOf(t.a), '')).toEqual([]);
      expect((await t.b.api.get('/v1/chargers/CP-1')).body.siteId).toBe('S-1');
    });
  });

  describe("fleet scope: a fleet key sees its fleet's routes only, and never another fleet's data", () => {
    /** A's fleet key (operator: the most a fleet key can be), B's fleet key, and A's second, empty fleet. */
    const ownKey = () => t.a.fleetApi;
    const keyOfB = () => t.b.fleetApi;
    let otherFleetId: string;
    const fleetRoutes = httpRoutes.filter(
      (route) => route.access === 'tenant' && operations[route.operationId]?.fleetScoped,
    );
    const withFleet = (path: string, fleetId: string) => path.replace('{fleetId}', fleetId);

    beforeAll(async () => {
      const other = await t.a.api.post('/v1/fleets', { name: 'Other fleet of A' });
      expect(other.status).toBe(201);
      otherFleetId = other.body.fleetId;
    });

    it("sees its fleet, its driver, vehicle and session across sites, and the session's report", async () => {
      // Act
      const [fleet, drivers, vehicles, sessions, report] = await Promise.all([
        ownKey().get(`/v1/fleets/${t.a.fleetId}`),
        ownKey().get(`/v1/fleets/${t.a.fleetId}/drivers`),
        ownKey().get(`/v1/fleets/${t.a.fleetId}/vehicles`),
        ownKey().get(`/v1/fleets/${t.a.fleetId}/sessions`),
        ownKey().get(`/v1/fleets/${t.a.fleetId}/reports/monthly?month=2026-01`),
      ]);

      // Assess
      expect(fleetRoutes.map((route) => route.operationId).sort()).toEqual(
        [
          'fleetMonthlyReport',
          'getFleet',
          'listFleetDrivers',
          'listFleetSessions',
          'listFleetVehicles',
        ].sort(),
      );
      expect(fleet.body).toMatchObject({ fleetId: t.a.fleetId, name: 'Fleet of A' });
      expect(drivers.body.items.map((item: Body) => item.driverId)).toEqual([t.a.driverId]);
      expect(vehicles.body.items.map((item: Body) => item.vehicleId)).toEqual([t.a.vehicleId]);
      expect(sessions.body.items.map((item: Body) => [item.sessionId, item.vehicleId, item.fleetId])).toEqual(
        [[t.a.sessionId, t.a.vehicleId, t.a.fleetId]],
      );
      expect(report.body.rows).toEqual([
        expect.objectContaining({ month: '2026-01', vehicleId: t.a.vehicleId, sessions: 1, energyKwh: 4 }),
      ]);
    });

    it.each(fleetRoutes.map((route) => [routeKey(route), route] as const))(
      "%s: 404 for A's other fleet and for B's fleet key on A's fleet",
      async (_name, route) => {
        // Act
        const other = await ownKey().call(route.method, withFleet(route.path, otherFleetId));
        const fromB = await keyOfB().call(route.method, withFleet(route.path, t.a.fleetId));

        // Assess
        expect([other.status, fromB.status]).toEqual([404, 404]);
        expect(leaksIn(JSON.stringify(fromB.body), secretsOf(t.a), t.a.fleetId)).toEqual([]);
      },
    );

    it('gets 403 on every other route of the route table, and changes nothing', async () => {
      // Prepare
      const others = httpRoutes.filter(
        (route) => route.access !== 'public' && !operations[route.operationId]?.fleetScoped,
      );
      const before = await snapshotOf(t.a);

      // Act
      const refused: string[] = [];
      for (const route of others) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => foreignValues[name]?.(t) ?? name);
        const body = operations[route.operationId]?.request.body
          ? (bodies[route.operationId] ?? {})
          : undefined;
        const response = await ownKey().call(route.method, path, body);
        if (response.status !== 403) refused.push(`${routeKey(route)}: ${response.status}`);
      }

      // Assess
      expect(others.length).toBeGreaterThan(50);
      expect(refused).toEqual([]);
      expect(await snapshotOf(t.a)).toEqual(before);
    });
  });

  describe("isolation matrix: B's admin key on every route of the route table", () => {
    let snapshotBefore: Awaited<ReturnType<typeof snapshotOf>>;
    let eventsBefore: ReadonlySet<PutEvent>;
    let driverApiOfB: ReturnType<typeof apiClient>;

    beforeAll(async () => {
      // B's CP-1 online again (the disconnection above), for the commands B sends it.
      if (!(await t.b.api.get('/v1/chargers/CP-1')).body.online) {
        await connectAnswering(env.runtime, t.b, 'CP-1');
        await env.runtime.settled();
        expect((await t.b.api.get('/v1/chargers/CP-1')).body.online).toBe(true);
      }
      // B's driver owns B's TAG-1 and has a driver key: the driver API's routes run with it.
      const linked = await t.b.api.put('/v1/id-tokens/TAG-1', {
        status: t.b.tokenStatus,
        driverId: t.b.driverId,
      });
      expect(linked.status).toBe(200);
      const driverKey = await t.b.api.post(`/v1/drivers/${t.b.driverId}/api-keys`);
      expect(driverKey.status).toBe(201);
      driverApiOfB = apiClient(env.runtime.apiUrl, driverKey.body.apiKey);
      t.a.received.length = 0;
      t.b.received.length = 0;
      snapshotBefore = await snapshotOf(t.a);
      eventsBefore = new Set(env.runtime.eventBridge.events);
    });

    it('has a case for every non-public route, and knows each one’s path parameters, body and ownership check', () => {
      // Assess
      expect(
        cases.filter((matrixCase) => matrixCase.problem).map((matrixCase) => matrixCase.problem),
      ).toEqual([]);
      const covered = new Set(cases.map((matrixCase) => routeKey(matrixCase.route)));
      expect(
        httpRoutes.filter((route) => route.access !== 'public' && !covered.has(routeKey(route))),
      ).toEqual([]);
    });

    it.each(cases)('$name', async (matrixCase) => {
      // Prepare
      if (matrixCase.problem) throw new Error(matrixCase.problem);
      const { route, variant } = matrixCase;
      const path = fillPath(matrixCase, t);
      const body = operations[route.operationId]!.request.body ? bodies[route.operationId] : undefined;
      const [receivedByA, receivedByB] = [t.a.received.length, t.b.received.length];

      // Act
      const caller = route.access === 'driver' ? driverApiOfB : t.b.api;
      const response = await caller.call(route.method, path, body);

      // Assess
      const sent = `${path} ${JSON.stringify(body ?? null)}`;
      const text = `${JSON.stringify(response.body ?? null)} ${response.headers.get('location') ?? ''}`;
      expect(leaksIn(text, secretsOf(t.a), sent), text).toEqual([]);
      expect(t.a.received.slice(receivedByA)).toEqual([]);
      if (variant === 'platform') {
        expect(response.status, text).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      } else if (variant === 'foreign' && route.method === 'PUT') {
        // Create-or-replace: B gets a new resource of its own (201), never a replaced one of A's (200).
        expect(response.status, text).toBe(201);
      } else if (variant === 'foreign') {
        expect(response.status, text).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      } else if (route.method === 'GET') {
        expect(response.status, text).toBe(200);
        ownChecks[route.operationId]!(response.body, t);
      } else if (onlyFor16.has(route.operationId)) {
        expect(response.status, text).toBe(400);
        expect(response.body.error.message).toContain('this one speaks OCPP 2.0.1');
      } else {
        expect(response.status, text).toBeGreaterThanOrEqual(200);
        expect(response.status, text).toBeLessThan(300);
      }
      const commandIds: string[] =
        typeof response.body?.commandId === 'string'
          ? [response.body.commandId]
          : Array.isArray(response.body?.commandIds)
            ? response.body.commandIds
            : [];
      if (commandIds.length > 0) {
        // Commands of B's: they went to B's CP-1, and A cannot see them.
        expect(t.b.received).toHaveLength(receivedByB + commandIds.length);
        for (const commandId of commandIds)
          expect((await t.a.api.get(`/v1/commands/${commandId}`)).status).toBe(404);
      } else {
        expect(t.b.received).toHaveLength(receivedByB);
      }
    });

    it("left A's chargers, tokens, sites, keys, sessions, command and audit log as they were", async () => {
      // Act
      await env.runtime.settled();
      const snapshotAfter = await snapshotOf(t.a);
      const events = newEvents(env.runtime.eventBridge.events, eventsBefore);
      const upgrade = await attemptUpgrade({
        url: `${env.runtime.ocppUrl}/${t.a.tenantId}/CP-1`,
        protocols: ['ocpp2.0.1'],
        authorization: basicAuth('CP-1', t.a.passwords['CP-1']!),
      });
      if (upgrade.kind === 'open') await upgrade.charger.close();
      await env.runtime.settled();

      // Assess
      expect(snapshotAfter).toEqual(snapshotBefore);
      expect(snapshotAfter['/v1/chargers/CP-1']!.body).toMatchObject({ online: true, vendor: 'Vendor-A' });
      expect(snapshotAfter['/v1/chargers/CP-A']!.body).toMatchObject({ online: true });
      expect(t.a.received).toEqual([]);
      expect(events.length).toBeGreaterThan(0);
      expect(tenantsOf(events)).toEqual([t.b.tenantId]);
      // B reset the password of its CP-1: A's CP-1 still connects with its own.
      expect(upgrade.kind).toBe('open');
    });
  });
});
