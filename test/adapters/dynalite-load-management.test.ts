import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoLoadManagementRepository } from '../../shared/slices/load-management/adapters/dynamodb-load-management-repository.ts';
import type { LoadManagementSettings } from '../../shared/slices/load-management/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aCharger } from '../unit/domain/builders.ts';

const dynalite = useDynaliteTable('csms-load-management');
const { tableName } = dynalite;
const at = '2026-06-01T10:00:00.000Z';

const settings = (
  tenantId: string,
  overrides: Partial<LoadManagementSettings> = {},
): LoadManagementSettings => ({
  tenantId,
  siteId: 'site-1',
  maxCurrentA: 63,
  phases: 3,
  voltageV: 230,
  minCurrentA: 6,
  circuits: [
    { circuitId: 'main', maxCurrentA: 50 },
    { circuitId: 'fuse', maxCurrentA: 16, parentCircuitId: 'main' },
  ],
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});

describe('dynamodb load-management repository', () => {
  it('stores the settings in the site’s partition, per tenant, replaces and deletes them', async () => {
    // Prepare
    const repo = createDynamoLoadManagementRepository(dynalite.documentClient, tableName);
    await repo.put(settings('t-a'));
    await repo.put(settings('t-b', { maxCurrentA: 40 }));

    // Act
    await repo.put(settings('t-a', { maxCurrentA: 80, circuits: [] }));
    const item = await dynalite.documentClient.send(
      new GetCommand({ TableName: tableName, Key: { PK: 'TENANT#t-a#SITE#site-1', SK: 'LOADMGMT' } }),
    );
    const deleted = await repo.delete('t-a', 'site-1');
    const deletedAgain = await repo.delete('t-a', 'site-1');

    // Assess
    expect(item.Item).toMatchObject({ type: 'LoadManagement', maxCurrentA: 80, circuits: [] });
    expect([deleted, deletedAgain]).toEqual([true, false]);
    expect(await repo.get('t-a', 'site-1')).toBeUndefined();
    expect(await repo.get('t-b', 'site-1')).toEqual(settings('t-b', { maxCurrentA: 40 }));
  });

  it('stores a charger’s wiring on the charger and removes a field set to null', async () => {
    // Prepare
    const chargers = createDynamoChargerRepository(dynalite.documentClient, tableName);
    await chargers.create(aCharger({ tenantId: 't-w' }));
    const change = { at, actor: 'key-1' };

    // Act
    const wired = await chargers.update(
      't-w',
      'cp-1',
      { maxCurrentA: 16, phases: 1, phase: 'L2', circuitId: 'fuse' },
      change,
    );
    const unwired = await chargers.update('t-w', 'cp-1', { phases: 3, phase: null, circuitId: null }, change);

    // Assess
    expect(wired).toMatchObject({ maxCurrentA: 16, phases: 1, phase: 'L2', circuitId: 'fuse' });
    expect(unwired).toMatchObject({ maxCurrentA: 16, phases: 3 });
    expect(unwired).not.toHaveProperty('phase');
    expect(unwired).not.toHaveProperty('circuitId');
  });
});
