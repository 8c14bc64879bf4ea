import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoConnectionRegistry } from '../../shared/slices/chargers/adapters/dynamodb-connection-registry.ts';
import { createDynamoUptimeCounters } from '../../shared/slices/uptime/adapters/dynamodb-uptime-counters.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aCharger } from '../unit/domain/builders.ts';

/*
 * The DynamoDB access the uptime counters need, against dynalite: the day counters (ADD, also negative: a long
 * gap moves time to offline), the last-seen item read at `$connect`, and a connector's `uptimeFrom`.
 */

const dynalite = useDynaliteTable('csms-uptime');
let tenantCounter = 0;
const freshTenant = () => {
  tenantCounter += 1;
  return `uptime-${tenantCounter}`;
};
const hour = 3_600_000;

describe('DynamoDB uptime counters', () => {
  it('adds to each day (negative amounts too) and lists a month in day order', async () => {
    // Prepare
    const counters = createDynamoUptimeCounters(dynalite.documentClient, dynalite.tableName);
    const tenantId = freshTenant();
    await counters.add(
      tenantId,
      'cp-1',
      'S1',
      new Map([
        ['2026-12-02', { usableMs: 5 * hour, faults: { GroundFailure: 1 } }],
        ['2026-11-30', { usableMs: hour }],
      ]),
    );

    // Act
    await counters.add(
      tenantId,
      'cp-1',
      'S1',
      new Map([['2026-12-02', { usableMs: -2 * hour, offlineMs: 2 * hour }]]),
    );
    await counters.add(tenantId, 'cp-1', 'S1', new Map([['2026-12-01', { sessionsEnded: 1, energyWh: 0 }]]));
    const december = await counters.listMonth(tenantId, 'cp-1', '2026-12');

    // Assess
    expect(december).toEqual([
      expect.objectContaining({ day: '2026-12-01', sessionsEnded: 1, usableMs: 0 }),
      expect.objectContaining({
        day: '2026-12-02',
        usableMs: 3 * hour,
        offlineMs: 2 * hour,
        faults: { GroundFailure: 1 },
      }),
    ]);
    expect(await dynalite.table.get(keys.uptimeDay(tenantId, 'cp-1', '2026-12-02'))).toMatchObject({
      type: 'UptimeDay',
      chargerId: 'cp-1',
      siteId: 'S1',
    });
  });
});

describe('DynamoDB connection registry: last seen after a disconnect', () => {
  it('is absent before any disconnect and the disconnect time after one', async () => {
    // Prepare
    const connections = createDynamoConnectionRegistry(dynalite.documentClient, dynalite.tableName);
    const tenantId = freshTenant();
    const connection = {
      tenantId,
      chargerId: 'cp-1',
      connectionId: 'conn-1',
      ocppVersion: 'ocpp1.6' as const,
      connectedAt: '2026-12-01T10:00:00.000Z',
      lastSeenAt: '2026-12-01T10:00:00.000Z',
    };
    await connections.register(connection, new Date('2026-12-01T12:01:00.000Z'));
    const before = await connections.lastSeenAfterDisconnect(tenantId, 'cp-1');

    // Act
    await connections.remove(tenantId, 'cp-1', 'conn-1', '2026-12-01T12:00:00.000Z');
    const after = await connections.lastSeenAfterDisconnect(tenantId, 'cp-1');

    // Assess
    expect(before).toBeUndefined();
    expect(after).toBe('2026-12-01T12:00:00.000Z');
  });
});

describe('DynamoDB charger repository: a connector status with uptimeFrom', () => {
  it('keeps uptimeFrom with the status, returns it as the previous one, and drops it with a later status', async () => {
    // Prepare
    const chargers = createDynamoChargerRepository(dynalite.documentClient, dynalite.tableName);
    const tenantId = freshTenant();
    await chargers.create(aCharger({ tenantId }));
    const connector = { evseId: 1, connectorId: 1 };
    await chargers.recordConnectorStatus(tenantId, 'cp-1', {
      ...connector,
      status: 'Faulted',
      statusAt: '2026-12-01T10:00:00.000Z',
      uptimeFrom: '2026-12-01T11:00:00.000Z',
    });

    // Act
    const next = await chargers.recordConnectorStatus(tenantId, 'cp-1', {
      ...connector,
      status: 'Available',
      statusAt: '2026-12-01T12:00:00.000Z',
    });
    const view = await chargers.getView(tenantId, 'cp-1', new Date('2026-12-01T12:00:00.000Z'));

    // Assess
    expect(next).toEqual({
      stored: true,
      previousStatus: 'Faulted',
      previousStatusAt: '2026-12-01T10:00:00.000Z',
      previousUptimeFrom: '2026-12-01T11:00:00.000Z',
    });
    expect(view?.connectors).toEqual([
      { ...connector, status: 'Available', statusAt: '2026-12-01T12:00:00.000Z' },
    ]);
  });
});
