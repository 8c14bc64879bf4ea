import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoChargerConfigurationRepository } from '../../shared/slices/configuration/adapters/dynamodb-charger-configuration-repository.ts';
import { createDynamoDeviceModelRepository } from '../../shared/slices/device-model/adapters/dynamodb-device-model-repository.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aCharger } from '../unit/domain/builders.ts';

/**
 * A charger view reads what it shows and nothing else: with a large configuration, a 2.0.1 device model, firmware and diagnostics
 * state, a local list, reservations and a large pending CALL stored next to a charger, its view stays one
 * Query of one read unit, over dynalite.
 */
const dynalite = useDynaliteTable('csms-view-reads');
const { tableName } = dynalite;
const tenantId = 'tenant-a';
const now = new Date('2024-05-01T12:00:00.000Z');

interface ObservedRead {
  readonly operation: string;
  readonly items: number;
  readonly units: number;
}
const reads: ObservedRead[] = [];

/** 2,000 reported keys of about 90 bytes: some 180 KB, as a 2.0.1 device model or a rich 1.6 charger has. */
const largeConfiguration = () =>
  Object.fromEntries(
    Array.from({ length: 2000 }, (_, i) => [
      `Vendor.Component${i}.Variable`,
      { value: `value-${i}-${'x'.repeat(40)}`, readonly: false, reportedAt: now.toISOString() },
    ]),
  );

const storeCharger = async (chargerId: string) => {
  const db = dynalite.documentClient;
  const put = (item: Record<string, unknown>) =>
    db.send(new PutCommand({ TableName: tableName, Item: item }));
  await createDynamoChargerRepository(db, tableName).create(aCharger({ tenantId, chargerId }));
  await put({
    ...keys.connection(tenantId, chargerId),
    type: 'Connection',
    tenantId,
    chargerId,
    connectionId: `conn-${chargerId}`,
    ocppVersion: 'ocpp1.6',
    connectedAt: '2024-05-01T11:00:00.000Z',
    lastSeenAt: '2024-05-01T11:30:00.000Z',
    ttl: now.getTime() / 1000 + 3600,
  });
  for (const connectorId of [0, 1, 2]) {
    await put({
      ...keys.connector(tenantId, chargerId, connectorId, connectorId === 0 ? 0 : 1),
      type: 'ConnectorStatus',
      evseId: connectorId,
      connectorId: connectorId === 0 ? 0 : 1,
      status: 'Available',
      statusAt: '2024-05-01T11:00:00.000Z',
    });
  }
  await put({
    ...keys.chargerConfiguration(tenantId, chargerId),
    type: 'ChargerConfiguration',
    tenantId,
    chargerId,
    keys: largeConfiguration(),
    unknownKeys: [],
    updatedAt: now.toISOString(),
    revision: 1,
  });
  // A SendLocalList chunk waiting for its answer: the CALL slot sits in the charger partition.
  await put({ ...keys.pendingCall(tenantId, chargerId), type: 'PendingCall', payload: 'p'.repeat(60_000) });
  for (const key of [keys.firmwareStatus(tenantId, chargerId), keys.diagnosticsStatus(tenantId, chargerId)]) {
    await put({
      ...key,
      type: 'MaintenanceState',
      history: Array.from({ length: 20 }, () => 'h'.repeat(200)),
    });
  }
  await put({
    ...keys.localListEntries(tenantId, chargerId),
    type: 'LocalList',
    entries: 'e'.repeat(100_000),
  });
  await put({ ...keys.localList(tenantId, chargerId), type: 'LocalListSummary', version: 3, size: 2000 });
  await put({ ...keys.reservation(tenantId, chargerId, 1), type: 'Reservation', reservationId: 1 });
  // A 2.0.1 device model of 1,000 variables and its report.
  const deviceModel = createDynamoDeviceModelRepository(db, tableName);
  await deviceModel.putVariables(
    Array.from({ length: 1000 }, (_, i) => ({
      tenantId,
      chargerId,
      component: { name: `Component${i}` },
      variable: { name: 'Variable' },
      attributes: [{ type: 'Actual' as const, value: `value-${i}-${'x'.repeat(40)}` }],
      updatedAt: now.toISOString(),
    })),
  );
  await deviceModel.saveReport({
    tenantId,
    chargerId,
    requestId: 1,
    request: 'GetBaseReport',
    status: 'complete',
    seqNos: [0],
    variables: 1000,
    updatedAt: now.toISOString(),
    revision: 1,
  });
};

beforeAll(async () => {
  dynalite.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' };
      const result = await next({ ...args, input });
      const output = result.output as {
        Count?: number;
        Item?: unknown;
        ConsumedCapacity?: { CapacityUnits?: number };
      };
      const operation = (context.commandName ?? '?').replace(/Command$/, '');
      if (operation === 'Query' || operation === 'GetItem') {
        reads.push({
          operation,
          items: output.Count ?? (output.Item ? 1 : 0),
          units: output.ConsumedCapacity?.CapacityUnits ?? 0,
        });
      }
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  for (const chargerId of ['cp-1', 'cp-2', 'cp-3']) await storeCharger(chargerId);
});

describe('DynamoDB charger view reads', () => {
  it('stores the large configuration next to the charger (premise)', async () => {
    // Act
    reads.length = 0;
    const configuration = await createDynamoChargerConfigurationRepository(
      dynalite.documentClient,
      tableName,
    ).get(tenantId, 'cp-1');

    // Assess
    expect(Object.keys(configuration?.keys ?? {})).toHaveLength(2000);
    expect(reads[0]?.units).toBeGreaterThan(40);
  });

  it('reads only the charger, its connection and its connectors for a view', async () => {
    // Prepare
    reads.length = 0;

    // Act
    const view = await createDynamoChargerRepository(dynalite.documentClient, tableName).getView(
      tenantId,
      'cp-1',
      now,
    );

    // Assess
    expect(view?.connection?.connectionId).toBe('conn-cp-1');
    expect(view?.connectors).toHaveLength(3);
    expect(reads).toEqual([{ operation: 'Query', items: 5, units: 1 }]);
  });

  it('reads one view range per charger for a list', async () => {
    // Prepare
    reads.length = 0;

    // Act
    const page = await createDynamoChargerRepository(dynalite.documentClient, tableName).list(
      tenantId,
      { limit: 10 },
      now,
    );

    // Assess
    expect(page.items.map((view) => view.charger.chargerId)).toEqual(['cp-1', 'cp-2', 'cp-3']);
    const viewReads = reads.slice(1);
    expect(viewReads).toEqual(Array.from({ length: 3 }, () => ({ operation: 'Query', items: 5, units: 1 })));
  });
});
