import { beforeEach, describe, expect, it } from 'vitest';
import {
  checkIdTokenRow,
  idTokenRowsFromCsv,
} from '../../../shared/slices/migration/http/id-token-import.ts';
import { callApi, type TenantCaller } from '../../support/api-handler-call.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * chargingPriority (OCPP 2.0.1 semantics: an integer -9…9) on id tokens (PUT, bulk import) and vehicles (POST,
 * PATCH), through the API function in-process over the real repositories: stored, shown, out of range refused.
 */

const admin: TenantCaller = { tenantId: 'tenant-a', role: 'admin' };

describe('chargingPriority through the API', () => {
  let deps: TestDependencies;
  const call = (
    method: string,
    route: string,
    request: { path?: Record<string, string>; body?: unknown } = {},
  ) => callApi(deps, admin, { method, route, ...request });
  const token = (idToken: string) => ({ path: { idToken } });

  beforeEach(async () => {
    deps = await createTestDependencies();
  });

  it.each([-9, 0, 3, 9])('an id token takes priority %i, stores and shows it', async (chargingPriority) => {
    // Act
    const put = await call('PUT', '/v1/id-tokens/{idToken}', {
      ...token('TAG-P'),
      body: { status: 'Accepted', chargingPriority },
    });
    const read = await call('GET', '/v1/id-tokens/{idToken}', token('tag-p'));

    // Assess
    expect(put).toMatchObject({ status: 201, body: { chargingPriority } });
    expect(read).toMatchObject({ status: 200, body: { chargingPriority } });
  });

  it.each([
    ['above 9', 10],
    ['below -9', -10],
    ['not an integer', 1.5],
    ['not a number', '3'],
  ])(
    'an id token priority %s answers 400 naming the field, and changes nothing',
    async (_, chargingPriority) => {
      // Prepare
      await call('PUT', '/v1/id-tokens/{idToken}', {
        ...token('TAG-P'),
        body: { status: 'Accepted', chargingPriority: 2 },
      });

      // Act
      const put = await call('PUT', '/v1/id-tokens/{idToken}', {
        ...token('TAG-P'),
        body: { status: 'Accepted', chargingPriority },
      });
      const read = await call('GET', '/v1/id-tokens/{idToken}', token('TAG-P'));

      // Assess
      expect(put.status).toBe(400);
      expect(JSON.stringify(put.body)).toContain('chargingPriority');
      expect(read.body.chargingPriority).toBe(2);
    },
  );

  it('a PUT without a priority replaces the token without one', async () => {
    // Prepare
    await call('PUT', '/v1/id-tokens/{idToken}', {
      ...token('TAG-P'),
      body: { status: 'Accepted', chargingPriority: 5 },
    });

    // Act
    const put = await call('PUT', '/v1/id-tokens/{idToken}', {
      ...token('TAG-P'),
      body: { status: 'Accepted' },
    });
    const read = await call('GET', '/v1/id-tokens/{idToken}', token('TAG-P'));

    // Assess
    expect(put.status).toBe(200);
    expect(read.body).not.toHaveProperty('chargingPriority');
  });

  it('the bulk import takes a priority per row, checks it as PUT does, and a re-run changes nothing', async () => {
    // Prepare
    const idTokens = [
      { idToken: 'TAG-1', status: 'Accepted', chargingPriority: 3 },
      { idToken: 'TAG-2', status: 'Accepted', chargingPriority: 12 },
      { idToken: 'TAG-3', status: 'Accepted' },
    ];

    // Act
    const first = await call('POST', '/v1/id-tokens/bulk', { body: { idTokens } });
    const again = await call('POST', '/v1/id-tokens/bulk', { body: { idTokens } });
    const [one, two] = await Promise.all([
      call('GET', '/v1/id-tokens/{idToken}', token('TAG-1')),
      call('GET', '/v1/id-tokens/{idToken}', token('TAG-2')),
    ]);

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'error',
      'created',
    ]);
    expect(first.body.results[1].error.message).toContain('chargingPriority');
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'error',
      'unchanged',
    ]);
    expect(one.body.chargingPriority).toBe(3);
    expect(two.status).toBe(404);
  });

  it('a vehicle takes a priority on creation, changes it, and `null` removes it', async () => {
    // Act
    const created = await call('POST', '/v1/vehicles', {
      body: { licencePlate: 'B-AB 1', chargingPriority: 4 },
    });
    const path = { path: { vehicleId: created.body.vehicleId as string } };
    const changed = await call('PATCH', '/v1/vehicles/{vehicleId}', {
      ...path,
      body: { chargingPriority: -9 },
    });
    const removed = await call('PATCH', '/v1/vehicles/{vehicleId}', {
      ...path,
      body: { chargingPriority: null },
    });

    // Assess
    expect(created).toMatchObject({ status: 201, body: { chargingPriority: 4 } });
    expect(changed).toMatchObject({ status: 200, body: { chargingPriority: -9 } });
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('chargingPriority');
  });

  it.each([10, -10, 2.5])(
    'a vehicle priority %s answers 400 naming the field, and changes nothing',
    async (bad) => {
      // Prepare
      const created = await call('POST', '/v1/vehicles', {
        body: { licencePlate: 'B-AB 2', chargingPriority: 1 },
      });
      const path = { path: { vehicleId: created.body.vehicleId as string } };

      // Act
      const create = await call('POST', '/v1/vehicles', {
        body: { licencePlate: 'B-AB 3', chargingPriority: bad },
      });
      const patch = await call('PATCH', '/v1/vehicles/{vehicleId}', {
        ...path,
        body: { chargingPriority: bad },
      });
      const read = await call('GET', '/v1/vehicles/{vehicleId}', path);
      const list = await call('GET', '/v1/vehicles');

      // Assess
      expect(create.status).toBe(400);
      expect(patch.status).toBe(400);
      expect(JSON.stringify(patch.body)).toContain('chargingPriority');
      expect(read.body.chargingPriority).toBe(1);
      expect(list.body.items).toHaveLength(1);
    },
  );
});

describe('chargingPriority in a CSV import row', () => {
  it.each([
    ['an integer cell', '3', { chargingPriority: 3 }],
    ['a signed one', '-9', { chargingPriority: -9 }],
    ['an empty cell: absent', ' ', {}],
  ])('%s', (_, cell, expected) => {
    // Prepare
    const [row] = idTokenRowsFromCsv([
      { idToken: 'TAG-1', status: 'Accepted', chargingPriority: cell },
    ]).idTokens;

    // Act
    const checked = checkIdTokenRow(row!);

    // Assess
    expect(checked.invalid).toBeUndefined();
    expect(checked).toMatchObject({ idToken: 'TAG-1', status: 'Accepted', ...expected });
    if (!('chargingPriority' in expected)) expect(checked).not.toHaveProperty('chargingPriority');
  });

  it.each(['10', 'high', '2.5'])('%s fails its row, naming the field', (cell) => {
    // Prepare
    const [row] = idTokenRowsFromCsv([
      { idToken: 'TAG-1', status: 'Accepted', chargingPriority: cell },
    ]).idTokens;

    // Act
    const checked = checkIdTokenRow(row!);

    // Assess
    expect(checked.invalid).toContain('chargingPriority');
  });
});
