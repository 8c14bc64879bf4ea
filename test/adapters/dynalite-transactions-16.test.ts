import { describe, expect, it } from 'vitest';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createDynamoActiveSessionIndex } from '../../shared/slices/transactions/adapters/dynamodb-active-session-index.ts';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import { createDynamoChargerTransactionIdAllocator } from '../../shared/slices/transactions/adapters/dynamodb-transaction-id-allocator.ts';
import type { TokenSession } from '../../shared/slices/transactions/ports.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The DynamoDB adapters behind OCPP 1.6 transactions, against dynalite. */
type Adapters = Pick<Dependencies, 'chargerTransactionIds' | 'activeSessions' | 'sessions'>;

const dynalite = useDynaliteTable('csms-contract-transactions-16');
const { tableName } = dynalite;

const create = (): Adapters => ({
  chargerTransactionIds: createDynamoChargerTransactionIdAllocator(dynalite.documentClient, tableName),
  activeSessions: createDynamoActiveSessionIndex(dynalite.documentClient, tableName),
  sessions: createDynamoSessionRepository(dynalite.documentClient, tableName),
});

/** Each test gets tenants of its own, since the dynalite table is shared by the file. */
let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `contract-${tenantCounter}`;
};

const startKey = (n: number) => `1/TAG #${n}/1000/2024-05-01T10:00:00.000Z`;

describe('dynamodb transaction id allocator', () => {
  it('numbers each charger’s starts from 1, and answers a repeated start its number', async () => {
    // Prepare
    const { chargerTransactionIds } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];

    // Act
    const results = [
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(1)),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(2)),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(1)),
      await chargerTransactionIds.allocate(tenantId, 'cp-2', startKey(1)),
      await chargerTransactionIds.allocate(other, 'cp-1', startKey(1)),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(3)),
    ];

    // Assess
    expect(results).toEqual([
      { chargerTransactionId: 1, repeated: false },
      { chargerTransactionId: 2, repeated: false },
      { chargerTransactionId: 1, repeated: true },
      { chargerTransactionId: 1, repeated: false },
      { chargerTransactionId: 1, repeated: false },
      { chargerTransactionId: 3, repeated: false },
    ]);
  });

  it('gives concurrent identical starts one number, and concurrent different ones distinct numbers', async () => {
    // Prepare
    const { chargerTransactionIds } = create();
    const tenantId = freshTenant();

    // Act
    const same = await Promise.all(
      Array.from({ length: 5 }, () => chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(1))),
    );
    const different = await Promise.all(
      Array.from({ length: 5 }, (_, i) => chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(i + 10))),
    );

    // Assess
    expect(new Set(same.map((result) => result.chargerTransactionId)).size).toBe(1);
    expect(same.filter((result) => !result.repeated)).toHaveLength(1);
    const numbers = different.map((result) => result.chargerTransactionId);
    expect(new Set(numbers).size).toBe(5);
    expect(numbers).not.toContain(same[0]!.chargerTransactionId);
  });
});

describe('dynamodb transaction id allocator: the latest start per EVSE', () => {
  it('keeps the number of each EVSE’s latest start in the counter’s own write, numbering on as before', async () => {
    // Prepare
    const { chargerTransactionIds } = create();
    const tenantId = freshTenant();

    // Act
    const before = await chargerTransactionIds.latestOnEvse(tenantId, 'cp-1', 1);
    const numbers = [
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(1), 1),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(2), 2),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(3)),
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(4), 1),
      // A repeated start changes nothing.
      await chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(2), 2),
    ].map((result) => result.chargerTransactionId);

    // Assess
    expect(before).toBeUndefined();
    expect(numbers).toEqual([1, 2, 3, 4, 2]);
    expect(await chargerTransactionIds.latestOnEvse(tenantId, 'cp-1', 1)).toBe(4);
    expect(await chargerTransactionIds.latestOnEvse(tenantId, 'cp-1', 2)).toBe(2);
    expect(await chargerTransactionIds.latestOnEvse(tenantId, 'cp-2', 1)).toBeUndefined();
  });

  it('gives concurrent starts on EVSEs distinct numbers (the SET arithmetic is as atomic as ADD)', async () => {
    // Prepare
    const { chargerTransactionIds } = create();
    const tenantId = freshTenant();

    // Act
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        chargerTransactionIds.allocate(tenantId, 'cp-1', startKey(i + 20), i + 1),
      ),
    );

    // Assess
    const numbers = results.map((result) => result.chargerTransactionId);
    expect(new Set(numbers).size).toBe(6);
    for (const [i, number] of numbers.entries())
      expect(await chargerTransactionIds.latestOnEvse(tenantId, 'cp-1', i + 1)).toBe(number);
  });
});

describe('dynamodb active session index', () => {
  const aMarker = (tenantId: string, overrides: Partial<TokenSession> = {}): TokenSession => ({
    tenantId,
    idToken: 'TAG-1',
    sessionId: 'S1',
    chargerId: 'cp-1',
    evseId: 1,
    since: '2024-05-01T10:00:00.000Z',
    ...overrides,
  });

  it('keeps one marker per session of a token, in its tenant only, until removed', async () => {
    // Prepare
    const { activeSessions } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    await activeSessions.add(aMarker(tenantId));
    await activeSessions.add(aMarker(tenantId));
    await activeSessions.add(aMarker(tenantId, { sessionId: 'S2', chargerId: 'cp-2' }));
    await activeSessions.add(aMarker(tenantId, { idToken: 'TAG-2', sessionId: 'S3' }));
    await activeSessions.add(aMarker(other));

    // Act
    const listed = await activeSessions.list(tenantId, 'TAG-1');
    await activeSessions.remove(tenantId, 'TAG-1', 'S1');
    await activeSessions.remove(tenantId, 'TAG-1', 'S9');
    const afterRemoval = await activeSessions.list(tenantId, 'TAG-1');

    // Assess
    expect(listed).toEqual([aMarker(tenantId), aMarker(tenantId, { sessionId: 'S2', chargerId: 'cp-2' })]);
    expect(afterRemoval).toEqual([aMarker(tenantId, { sessionId: 'S2', chargerId: 'cp-2' })]);
    expect(await activeSessions.list(other, 'TAG-1')).toEqual([aMarker(other)]);
    expect(await activeSessions.list(tenantId, 'TAG-9')).toEqual([]);
  });
});

describe('dynamodb session repository findSessionId', () => {
  it('finds a charger transaction’s session id without ever creating one', async () => {
    // Prepare
    const { sessions } = create();
    const tenantId = freshTenant();
    await sessions.resolveSessionId(tenantId, 'cp-1', '1', 'S1');

    // Act
    const found = [
      await sessions.findSessionId(tenantId, 'cp-1', '1'),
      await sessions.findSessionId(tenantId, 'cp-1', '2'),
      await sessions.findSessionId(tenantId, 'cp-2', '1'),
    ];
    const resolvedLater = await sessions.resolveSessionId(tenantId, 'cp-1', '2', 'S2');

    // Assess
    expect(found).toEqual(['S1', undefined, undefined]);
    expect(resolvedLater).toBe('S2');
  });
});
