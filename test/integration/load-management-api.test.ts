import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';

const invalid = (message: RegExp) => ({
  error: { code: 'invalid_request', message: expect.stringMatching(message) },
});

const tree = [
  { circuitId: 'main', maxCurrentA: 100 },
  { circuitId: 'feeder-1', maxCurrentA: 125, parentCircuitId: 'main' },
  { circuitId: 'fuse-1', maxCurrentA: 32, parentCircuitId: 'feeder-1' },
];

describe('load-management settings and charger wiring over HTTP', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;

  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env?.stop());

  it('turns a site managed with defaults, replaces its tree, shows it, turns it off; each change audited', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [], 'depot');
    const path = '/v1/sites/depot/load-management';

    // Act
    const before = await tenant.api.get(path);
    const created = await tenant.api.put(path, { maxCurrentA: 63 });
    const replaced = await tenant.api.put(path, {
      maxCurrentA: 80,
      phases: 1,
      voltageV: 240,
      circuits: tree,
    });
    const read = await tenant.api.get(path);
    const deleted = await tenant.api.delete(path);
    const afterDelete = await tenant.api.get(path);
    const deletedAgain = await tenant.api.delete(path);
    const log = await tenant.api.get('/v1/audit-log');

    // Assess
    expect(before.status).toBe(404);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      siteId: 'depot',
      maxCurrentA: 63,
      phases: 3,
      voltageV: 230,
      minCurrentA: 6,
      circuits: [],
      leaseSeconds: 900,
      allocations: [],
      createdAt: expect.any(String),
      createdBy: expect.any(String),
      updatedAt: expect.any(String),
      updatedBy: expect.any(String),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ maxCurrentA: 80, phases: 1, voltageV: 240, circuits: tree });
    expect(replaced.body.createdAt).toBe(created.body.createdAt);
    expect(read.body).toEqual(replaced.body);
    expect(deleted.status).toBe(204);
    expect(afterDelete.status).toBe(404);
    expect(deletedAgain.status).toBe(404);
    expect(
      log.body.items
        .map((entry: { route: string; status: number }) => `${entry.route} ${entry.status}`)
        .filter((line: string) => line.includes('load-management')),
    ).toEqual([
      'DELETE /v1/sites/{siteId}/load-management 204',
      'PUT /v1/sites/{siteId}/load-management 200',
      'PUT /v1/sites/{siteId}/load-management 201',
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a zero grid limit', { maxCurrentA: 0 }, /^body\.maxCurrentA: /],
    [
      'a negative circuit limit',
      { maxCurrentA: 63, circuits: [{ circuitId: 'a', maxCurrentA: -5 }] },
      /^body\.circuits\.0\.maxCurrentA: /,
    ],
    ['a limit that is no number', { maxCurrentA: '63' }, /^body\.maxCurrentA: /],
    ['two phases', { maxCurrentA: 63, phases: 2 }, /^body\.phases: /],
    [
      'an unknown parent circuit',
      { maxCurrentA: 63, circuits: [{ circuitId: 'a', maxCurrentA: 32, parentCircuitId: 'ghost' }] },
      /^body\.circuits\.0\.parentCircuitId: unknown parent circuit ghost$/,
    ],
    [
      'a cycle',
      {
        maxCurrentA: 63,
        circuits: [
          { circuitId: 'a', maxCurrentA: 32, parentCircuitId: 'b' },
          { circuitId: 'b', maxCurrentA: 32, parentCircuitId: 'a' },
        ],
      },
      /^body\.circuits\.0\.parentCircuitId: .*cycle.*; body\.circuits\.1\.parentCircuitId: .*cycle/,
    ],
    ['a minimum above the grid limit', { maxCurrentA: 10, minCurrentA: 16 }, /^body\.minCurrentA: /],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_, body, message) => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [], 'depot');

    // Act
    const response = await tenant.api.put('/v1/sites/depot/load-management', body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toEqual(invalid(message));
    expect((await tenant.api.get('/v1/sites/depot/load-management')).status).toBe(404);
  });

  it('takes the wiring of a charger; a circuit must be in its site’s tree, a phase only for single-phase', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-1', 'CP-2'], 'depot');
    await tenant.api.post('/v1/sites', { siteId: 'other', name: 'Other' });
    const unmanagedCircuit = await tenant.api.patch('/v1/chargers/CP-1', { circuitId: 'fuse-1' });
    await tenant.api.put('/v1/sites/depot/load-management', { maxCurrentA: 63, circuits: tree });

    // Act
    const wired = await tenant.api.patch('/v1/chargers/CP-1', {
      maxCurrentA: 16,
      phases: 1,
      phase: 'L2',
      circuitId: 'fuse-1',
    });
    const unknownCircuit = await tenant.api.patch('/v1/chargers/CP-2', { circuitId: 'fuse-9' });
    const phaseOnThreePhase = await tenant.api.patch('/v1/chargers/CP-2', { phase: 'L1' });
    const badCurrent = await tenant.api.patch('/v1/chargers/CP-2', { maxCurrentA: -1 });
    const badPhases = await tenant.api.patch('/v1/chargers/CP-2', { phases: 2 });
    const dropsUsedCircuit = await tenant.api.put('/v1/sites/depot/load-management', {
      maxCurrentA: 63,
      circuits: tree.slice(0, 2),
    });
    const madeThreePhase = await tenant.api.patch('/v1/chargers/CP-1', { phases: 3 });
    const moved = await tenant.api.patch('/v1/chargers/CP-1', { siteId: 'other' });
    const read = await tenant.api.get('/v1/chargers/CP-1');

    // Assess
    expect(unmanagedCircuit.status).toBe(400);
    expect(unmanagedCircuit.body).toEqual(invalid(/^body\.circuitId: circuit fuse-1 is not in/));
    expect(wired.status).toBe(200);
    expect(wired.body).toMatchObject({ maxCurrentA: 16, phases: 1, phase: 'L2', circuitId: 'fuse-1' });
    expect(unknownCircuit.body).toEqual(invalid(/^body\.circuitId: /));
    expect(phaseOnThreePhase.body).toEqual(invalid(/^body\.phase: /));
    expect(badCurrent.body).toEqual(invalid(/^body\.maxCurrentA: /));
    expect(badPhases.body).toEqual(invalid(/^body\.phases: /));
    expect(dropsUsedCircuit.status).toBe(409);
    expect(dropsUsedCircuit.body.error.message).toContain('CP-1');
    expect(madeThreePhase.body).toMatchObject({ phases: 3, circuitId: 'fuse-1' });
    expect(madeThreePhase.body.phase).toBeUndefined();
    expect(moved.body).toMatchObject({ siteId: 'other', maxCurrentA: 16, phases: 3 });
    expect(moved.body.circuitId).toBeUndefined();
    expect(read.body).toEqual(moved.body);
  });

  it('forgets the settings of a deleted site: a site re-created under its id is not managed', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [], 'depot');
    await tenant.api.put('/v1/sites/depot/load-management', { maxCurrentA: 63 });

    // Act
    await tenant.api.delete('/v1/sites/depot');
    await tenant.api.post('/v1/sites', { siteId: 'depot', name: 'Depot again' });

    // Assess
    expect((await tenant.api.get('/v1/sites/depot/load-management')).status).toBe(404);
  });

  it("hides another tenant's site and charger: 404, and nothing of theirs changes", async () => {
    // Prepare
    const owner = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-O'], 'owned');
    const other = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [], 'mine');
    await owner.api.put('/v1/sites/owned/load-management', { maxCurrentA: 40, circuits: tree });

    // Act
    const responses = [
      await other.api.get('/v1/sites/owned/load-management'),
      await other.api.put('/v1/sites/owned/load-management', { maxCurrentA: 400 }),
      await other.api.delete('/v1/sites/owned/load-management'),
      await other.api.patch('/v1/chargers/CP-O', { maxCurrentA: 80, circuitId: 'main' }),
    ];

    // Assess
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect((await owner.api.get('/v1/sites/owned/load-management')).body).toMatchObject({ maxCurrentA: 40 });
    expect((await owner.api.get('/v1/chargers/CP-O')).body.maxCurrentA).toBeUndefined();
  });
});
