import { describe, expect, it } from 'vitest';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import { cacheSessionIds } from '../../shared/slices/transactions/adapters/session-id-cache.ts';
import type { SessionRepository } from '../../shared/slices/transactions/ports.ts';
import { createTestDependencies } from '../support/test-dependencies.ts';

/** A DynamoDB repository (not the cached one of the test dependencies) whose mapping reads are counted, behind the cache. */
const setup = async (capacity?: number) => {
  const { table } = await createTestDependencies();
  const inner = createDynamoSessionRepository(table.documentClient, table.name);
  const reads: string[] = [];
  const counting: SessionRepository = {
    ...inner,
    resolveSessionId: (tenantId, chargerId, chargerTransactionId, candidate) => {
      reads.push(`resolve ${chargerTransactionId}`);
      return inner.resolveSessionId(tenantId, chargerId, chargerTransactionId, candidate);
    },
    findSessionId: (tenantId, chargerId, chargerTransactionId) => {
      reads.push(`find ${chargerTransactionId}`);
      return inner.findSessionId(tenantId, chargerId, chargerTransactionId);
    },
  };
  return { sessions: cacheSessionIds(counting, capacity), reads };
};

describe('cacheSessionIds', () => {
  it('maps a transaction once, then answers from memory for resolve and find alike', async () => {
    // Prepare
    const { sessions, reads } = await setup();

    // Act
    const first = await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S1');
    const again = await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S2');
    const found = await sessions.findSessionId('tenant-a', 'cp-1', 'tx-1');

    // Assess
    expect([first, again, found]).toEqual(['S1', 'S1', 'S1']);
    expect(reads).toEqual(['resolve tx-1']);
  });

  it('keeps tenants, chargers and transactions apart, even when their ids run together', async () => {
    // Prepare
    const { sessions } = await setup();
    await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S1');

    // Act
    const ids = await Promise.all([
      sessions.resolveSessionId('tenant-b', 'cp-1', 'tx-1', 'S2'),
      sessions.resolveSessionId('tenant-a', 'cp-2', 'tx-1', 'S3'),
      sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-2', 'S4'),
      sessions.resolveSessionId('tenant-a', 'cp-', '1tx-1', 'S5'),
    ]);

    // Assess
    expect(ids).toEqual(['S2', 'S3', 'S4', 'S5']);
  });

  it('does not remember a transaction it did not find', async () => {
    // Prepare
    const { sessions, reads } = await setup();
    await sessions.findSessionId('tenant-a', 'cp-1', 'tx-1');

    // Act
    const created = await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S1');
    const found = await sessions.findSessionId('tenant-a', 'cp-1', 'tx-1');

    // Assess
    expect([created, found]).toEqual(['S1', 'S1']);
    expect(reads).toEqual(['find tx-1', 'resolve tx-1']);
  });

  it('forgets the least recently used mapping beyond its capacity', async () => {
    // Prepare
    const { sessions, reads } = await setup(2);
    await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-1', 'S1');
    await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-2', 'S2');
    await sessions.findSessionId('tenant-a', 'cp-1', 'tx-1');

    // Act
    await sessions.resolveSessionId('tenant-a', 'cp-1', 'tx-3', 'S3');
    await sessions.findSessionId('tenant-a', 'cp-1', 'tx-1');
    await sessions.findSessionId('tenant-a', 'cp-1', 'tx-2');

    // Assess
    expect(reads).toEqual(['resolve tx-1', 'resolve tx-2', 'resolve tx-3', 'find tx-2']);
  });
});
