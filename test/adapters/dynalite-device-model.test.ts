import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoDeviceModelRepository } from '../../shared/slices/device-model/adapters/dynamodb-device-model-repository.ts';
import type { DeviceModelReport, DeviceModelVariable } from '../../shared/slices/device-model/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The device-model repository against dynalite: batches, pages, prefixes, reports and the counter. */

const dynalite = useDynaliteTable('device-model');
const repository = () => createDynamoDeviceModelRepository(dynalite.documentClient, dynalite.tableName);

let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `dm-${tenantCounter}`;
};

const at = '2026-01-01T00:00:00.000Z';
const aVariable = (
  tenantId: string,
  component: string,
  variable: string,
  value = '1',
): DeviceModelVariable => ({
  tenantId,
  chargerId: 'cp-1',
  component: { name: component },
  variable: { name: variable },
  attributes: [{ type: 'Actual', value }],
  updatedAt: at,
});

const aReport = (tenantId: string, requestId: number, overrides: Partial<DeviceModelReport> = {}) =>
  ({
    tenantId,
    chargerId: 'cp-1',
    requestId,
    request: 'GetBaseReport',
    status: 'requested',
    seqNos: [],
    variables: 0,
    updatedAt: at,
    revision: 1,
    ...overrides,
  }) satisfies DeviceModelReport;

const allPages = async (
  read: (cursor?: string) => Promise<{ items: readonly DeviceModelVariable[]; cursor?: string }>,
) => {
  const items: DeviceModelVariable[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.cursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
};

describe('dynamodb device-model repository', () => {
  it('writes more variables than one batch holds, and pages them back in component order', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();
    const variables = Array.from({ length: 60 }, (_, i) =>
      aVariable(tenantId, `Component${String(i).padStart(2, '0')}`, 'Enabled'),
    );

    // Act
    await repo.putVariables([...variables].reverse());
    const { items, pages } = await allPages((cursor) =>
      repo.listVariables(tenantId, 'cp-1', { limit: 25, ...(cursor && { cursor }) }),
    );

    // Assess
    expect(pages).toBe(3);
    expect(items.map((item) => item.component.name)).toEqual(variables.map((item) => item.component.name));
    expect(items[0]).toEqual(variables[0]);
  });

  it('filters by component prefix (the key) and variable prefix (any case), paging through what it drops', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();
    await repo.putVariables([
      ...Array.from({ length: 30 }, (_, i) => aVariable(tenantId, 'EVSE', `Noise${i}`)),
      aVariable(tenantId, 'EVSE', 'Power'),
      aVariable(tenantId, 'EVSEx', 'PowerMax'),
      aVariable(tenantId, 'OCPPCommCtrlr', 'PowerSave'),
      aVariable(tenantId, 'Connector', 'Power'),
    ]);

    // Act
    const byComponent = await allPages((cursor) =>
      repo.listVariables(tenantId, 'cp-1', { componentPrefix: 'evse', limit: 50, ...(cursor && { cursor }) }),
    );
    const byBoth = await allPages((cursor) =>
      repo.listVariables(tenantId, 'cp-1', {
        componentPrefix: 'EVSE',
        variablePrefix: 'power',
        limit: 1,
        ...(cursor && { cursor }),
      }),
    );

    // Assess
    expect(byComponent.items).toHaveLength(32);
    expect(byBoth.items.map((item) => `${item.component.name}.${item.variable.name}`)).toEqual([
      'EVSE.Power',
      'EVSEx.PowerMax',
    ]);
  });

  it('replaces a variable by its (component, variable), whatever the case', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();
    await repo.putVariables([aVariable(tenantId, 'OCPPCommCtrlr', 'HeartbeatInterval', '300')]);

    // Act
    await repo.putVariables([aVariable(tenantId, 'ocppcommctrlr', 'heartbeatinterval', '60')]);
    const page = await repo.listVariables(tenantId, 'cp-1', { limit: 10 });

    // Assess
    expect(page.items.map((item) => item.attributes[0]?.value)).toEqual(['60']);
    expect(
      await repo.getVariable(tenantId, 'cp-1', {
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
      }),
    ).toMatchObject({ attributes: [{ value: '60' }] });
  });

  it('keeps every device-model item out of the charger partition', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();

    // Act
    await repo.putVariables([aVariable(tenantId, 'EVSE', 'Power')]);
    await repo.saveReport(aReport(tenantId, 1));
    await repo.nextRequestId(tenantId, 'cp-1');
    const { Items } = await dynalite.documentClient.send(
      new QueryCommand({
        TableName: dynalite.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.chargerPartition(tenantId, 'cp-1') },
      }),
    );

    // Assess
    expect(Items).toEqual([]);
  });

  it('refuses a cursor of another charger', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();
    await repo.putVariables([aVariable(tenantId, 'A', 'x'), aVariable(tenantId, 'B', 'x')]);
    const page = await repo.listVariables(tenantId, 'cp-1', { limit: 1 });

    // Act & Assess
    await expect(
      repo.listVariables(tenantId, 'cp-2', { limit: 1, ...(page.cursor && { cursor: page.cursor }) }),
    ).rejects.toThrow(InvalidCursorError);
  });

  it('saves reports by revision, lists them newest first and finds the open ones', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();
    await repo.saveReport(aReport(tenantId, 1, { status: 'complete' }));
    await repo.saveReport(aReport(tenantId, 2, { status: 'inProgress' }));
    await repo.saveReport(aReport(tenantId, 10));

    // Act
    const again = await repo.saveReport(aReport(tenantId, 2));
    const next = await repo.saveReport(aReport(tenantId, 2, { status: 'incomplete', revision: 2 }));
    const listed = await repo.listReports(tenantId, 'cp-1', { limit: 10 });
    const open = await repo.openReports(tenantId, 'cp-1');

    // Assess
    expect([again, next]).toEqual([false, true]);
    expect(listed.items.map((report) => report.requestId)).toEqual([10, 2, 1]);
    expect(open.map((report) => report.requestId)).toEqual([10]);
  });

  it('counts request ids per charger', async () => {
    // Prepare
    const repo = repository();
    const tenantId = freshTenant();

    // Act
    const ids = [
      await repo.nextRequestId(tenantId, 'cp-1'),
      await repo.nextRequestId(tenantId, 'cp-1'),
      await repo.nextRequestId(tenantId, 'cp-2'),
    ];

    // Assess
    expect(ids).toEqual([1, 2, 1]);
  });
});
