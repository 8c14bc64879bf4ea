import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoFailSafeRepository } from '../../shared/slices/load-management/adapters/dynamodb-fail-safe-repository.ts';
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

  it('keeps the fail-safe default on the charger, which the boot returns; null clears it; no charger is created', async () => {
    // Prepare
    const chargers = createDynamoChargerRepository(dynalite.documentClient, tableName);
    const failSafes = createDynamoFailSafeRepository(dynalite.documentClient, tableName);
    await chargers.create(aCharger({ tenantId: 't-f', siteId: 'site-1' }));
    const boot = { vendor: 'Acme', model: 'X', ocppVersion: 'ocpp1.6' as const, at };

    // Act
    const planned = await failSafes.plan('t-f', 'cp-1', 6);
    const accepted = await failSafes.recordAccepted('t-f', 'cp-1', { limitA: 6, at });
    const booted = await chargers.recordBoot('t-f', 'cp-1', boot);
    const stored = await chargers.getView('t-f', 'cp-1', new Date(at));
    const cleared = await failSafes.plan('t-f', 'cp-1', null);
    const bootedUnmanaged = await chargers.recordBoot('t-f', 'cp-1', boot);
    const unknown = await failSafes.plan('t-f', 'cp-unknown', 6);

    // Assess
    expect([planned, accepted, cleared, unknown]).toEqual([true, true, true, false]);
    expect(booted).toEqual({ siteId: 'site-1', failSafeLimitA: 6 });
    expect(stored?.charger).toMatchObject({
      failSafeLimitA: 6,
      failSafeAcceptedA: 6,
      failSafeAcceptedAt: at,
    });
    expect(bootedUnmanaged).toEqual({ siteId: 'site-1' });
    expect(await chargers.getView('t-f', 'cp-unknown', new Date(at))).toBeUndefined();
  });
});
