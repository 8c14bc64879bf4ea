import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  createDynamoAllocationStore,
  createDynamoLoadRunLock,
} from '../../shared/slices/load-management/adapters/dynamodb-allocation-store.ts';
import type { AllocationHistoryEntry, SiteAllocations } from '../../shared/slices/load-management/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aDocumentClient, tableName as mockedTable } from './support.ts';

const dynalite = useDynaliteTable('csms-allocations');
const { tableName } = dynalite;
const now = new Date('2026-06-01T10:00:00.000Z');
const clock = { now: () => now };
const retention = { seconds: 3600, clock };

const allocations = (tenantId: string, limitA: number): SiteAllocations => ({
  tenantId,
  siteId: 'site-1',
  allocations: [
    {
      chargerId: 'cp-1',
      evseId: 1,
      connectorId: 1,
      sessionId: 'S-1',
      chargerTransactionId: 'TX-1',
      limitA,
      sentAt: now.toISOString(),
      status: 'Accepted',
      rejections: 0,
    },
  ],
  rotation: { 'cp-1#1': { state: 'charging', since: now.toISOString() } },
  updatedAt: now.toISOString(),
});

const entry = (tenantId: string, minute: number, chargerId = 'cp-1'): AllocationHistoryEntry => ({
  tenantId,
  siteId: 'site-1',
  chargerId,
  evseId: 1,
  sessionId: 'S-1',
  limitA: 10 + minute,
  sentAt: `2026-06-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
  status: 'Accepted',
});

describe('dynamodb allocation store', () => {
  it('keeps one allocation item per site and tenant, replaced by the next run', async () => {
    // Prepare
    const store = createDynamoAllocationStore(dynalite.documentClient, tableName, retention);
    await store.put(allocations('t-a', 16));
    await store.put(allocations('t-b', 32));

    // Act
    await store.put(allocations('t-a', 10));

    // Assess
    expect(await store.get('t-a', 'site-1')).toEqual(allocations('t-a', 10));
    expect(await store.get('t-b', 'site-1')).toEqual(allocations('t-b', 32));
    expect(await store.get('t-a', 'site-2')).toBeUndefined();
    const item = await dynalite.table.get({ PK: 'TENANT#t-a#SITE#site-1', SK: 'LOADALLOC' });
    expect(item).toMatchObject({ type: 'LoadAllocation' });
  });

  it('records more than a batch of history entries with a TTL, newest first, paged, per tenant, idempotently', async () => {
    // Prepare
    const store = createDynamoAllocationStore(dynalite.documentClient, tableName, retention);
    const entries = Array.from({ length: 30 }, (_, minute) => entry('t-h', minute));
    await store.record(entries);
    await store.record(entries.slice(0, 3));
    await store.record([entry('t-other', 59)]);

    // Act
    const first = await store.history('t-h', 'site-1', { limit: 20 });
    const second = await store.history('t-h', 'site-1', { limit: 20, cursor: first.cursor });

    // Assess
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toEqual(entry('t-h', 29));
    expect(second.items).toHaveLength(10);
    expect(second.items.at(-1)).toEqual(entry('t-h', 0));
    expect(second.cursor).toBeUndefined();
    const stored = await dynalite.table.queryPartition('TENANT#t-h#SITE#site-1');
    const history = stored.filter((item) => item.type === 'LoadHistory');
    expect(history).toHaveLength(30);
    expect(history.every((item) => item.ttl === now.getTime() / 1000 + 3600)).toBe(true);
  });

  it('refuses a cursor of another site or tenant with a 400-mapped error, not a read', async () => {
    // Prepare
    const store = createDynamoAllocationStore(dynalite.documentClient, tableName, retention);
    await store.record(Array.from({ length: 3 }, (_, minute) => entry('t-c', minute)));
    const page = await store.history('t-c', 'site-1', { limit: 2 });

    // Act
    const elsewhere = store.history('t-other', 'site-1', { limit: 2, cursor: page.cursor });

    // Assess
    expect(page.cursor).toBeDefined();
    await expect(elsewhere).rejects.toThrow(/cursor/i);
  });

  it('writes again what a batch left unprocessed, and gives up after five rounds', async () => {
    // Prepare
    const db = aDocumentClient();
    const mock = mockClient(db);
    const store = createDynamoAllocationStore(db, mockedTable, retention);
    const unprocessed = (count: number) => ({
      UnprocessedItems: {
        [mockedTable]: Array.from({ length: count }, () => ({ PutRequest: { Item: {} } })),
      },
    });
    mock.on(BatchWriteCommand).resolvesOnce(unprocessed(2)).resolvesOnce({});

    // Act
    await store.record([entry('t-u', 1), entry('t-u', 2)]);
    mock.reset();
    mock.on(BatchWriteCommand).resolves(unprocessed(1));
    const stuck = store.record([entry('t-u', 3)]);

    // Assess
    await expect(stuck).rejects.toThrow(/unprocessed after 5 rounds/);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(5);
  });
});

describe('dynamodb load-run lock', () => {
  const lease = 240;
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it('lets one run hold a site at a time, a retried task re-take its own lock, and a lapsed lease be taken over', async () => {
    // Prepare
    const lock = createDynamoLoadRunLock(dynalite.documentClient, tableName);
    const requested = [await lock.request('t-l', 'site-1'), await lock.request('t-l', 'site-1')];

    // Act
    const first = await lock.acquire('t-l', 'site-1', 'run-a', now, lease);
    const other = await lock.acquire('t-l', 'site-1', 'run-b', later(10), lease);
    const retried = await lock.acquire('t-l', 'site-1', 'run-a', later(20), lease);
    const otherTenant = await lock.acquire('t-m', 'site-1', 'run-b', later(20), lease);
    const takenOver = await lock.acquire('t-l', 'site-1', 'run-b', later(20 + lease + 1), lease);

    // Assess
    expect(requested.map((trigger) => trigger.requested)).toEqual([1, 2]);
    expect(first).toBe(2);
    expect(other).toBeUndefined();
    expect(retried).toBe(2);
    expect(otherTenant).toBe(0);
    expect(takenOver).toBe(2);
  });

  it('releases only when nothing was requested meanwhile, runs again otherwise, and reports a lost lease', async () => {
    // Prepare
    const lock = createDynamoLoadRunLock(dynalite.documentClient, tableName);
    await lock.request('t-r', 'site-1');
    const generation = (await lock.acquire('t-r', 'site-1', 'run-a', now, lease))!;
    await lock.request('t-r', 'site-1');

    // Act
    const again = await lock.release('t-r', 'site-1', 'run-a', generation, later(5), lease);
    const released = await lock.release('t-r', 'site-1', 'run-a', 2, later(6), lease);
    const next = await lock.acquire('t-r', 'site-1', 'run-b', later(7), lease);
    const lost = await lock.release('t-r', 'site-1', 'run-a', 2, later(8), lease);

    // Assess
    expect(again).toEqual({ outcome: 'again', generation: 2 });
    expect(released).toEqual({ outcome: 'released' });
    expect(next).toBe(2);
    expect(lost).toEqual({ outcome: 'lost' });
    const item = await dynalite.table.get({ PK: 'TENANT#t-r#SITE#site-1', SK: 'LOADRUN' });
    expect(item).toMatchObject({ type: 'LoadRun', requested: 2, runId: 'run-b' });
  });
});
