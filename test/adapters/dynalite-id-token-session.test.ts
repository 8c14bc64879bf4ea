import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoIdTokenRepository } from '../../shared/slices/authorization/adapters/dynamodb-id-token-repository.ts';
import type { IdToken } from '../../shared/slices/authorization/model.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import type { Session } from '../../shared/slices/transactions/model.ts';
import type { SessionQuery } from '../../shared/slices/transactions/ports.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The DynamoDB id token and session adapters, against dynalite. */
type Repositories = Pick<Dependencies, 'idTokens' | 'sessions'>;

const dynalite = useDynaliteTable('csms-contract-sessions');
const { tableName } = dynalite;

const create = (): Repositories => ({
  idTokens: createDynamoIdTokenRepository(dynalite.documentClient, tableName),
  sessions: createDynamoSessionRepository(dynalite.documentClient, tableName),
});

/** Each test gets tenants of its own, since the dynalite table is shared by the file. */
let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `contract-${tenantCounter}`;
};

const at = '2024-05-01T12:00:00.000Z';
const anIdToken = (tenantId: string, overrides: Partial<IdToken> = {}): IdToken => ({
  tenantId,
  idToken: 'TAG-1',
  displayIdToken: 'tag-1',
  tokenType: 'ISO14443',
  status: 'Accepted',
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});
const aSession = (tenantId: string, overrides: Partial<Session> = {}): Session => ({
  tenantId,
  sessionId: 'S01',
  chargerId: 'cp-1',
  chargerTransactionId: 'tx-1',
  status: 'Active',
  startedAt: '2024-05-01T10:00:00.000Z',
  energyWh: 0,
  createdAt: at,
  createdBy: 'charger:cp-1',
  updatedAt: at,
  updatedBy: 'charger:cp-1',
  revision: 1,
  version: 1,
  ...overrides,
});

describe('dynamodb id token repository', () => {
  it('creates, then replaces a token keeping its creation fields and dropping absent ones', async () => {
    // Prepare
    const { idTokens } = create();
    const tenantId = freshTenant();
    const first = await idTokens.put(
      anIdToken(tenantId, { expiresAt: '2030-01-01T00:00:00.000Z', groupId: 'G' }),
    );

    // Act
    const second = await idTokens.put(
      anIdToken(tenantId, {
        status: 'Blocked',
        createdAt: '2025-01-01T00:00:00.000Z',
        createdBy: 'key-2',
        updatedBy: 'key-2',
      }),
    );

    // Assess
    expect(first.created).toBe(true);
    const replaced = anIdToken(tenantId, { status: 'Blocked', updatedBy: 'key-2' });
    expect(second).toEqual({ token: replaced, created: false });
    expect(await idTokens.get(tenantId, 'TAG-1')).toEqual(replaced);
  });

  it('lists a tenant’s tokens in exact pages, and refuses another tenant’s cursor', async () => {
    // Prepare
    const { idTokens } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    for (const idToken of ['D', 'B', 'A', 'C']) await idTokens.put(anIdToken(tenantId, { idToken }));
    await idTokens.put(anIdToken(other, { idToken: 'B0' }));

    // Act
    const first = await idTokens.list(tenantId, { limit: 2 });
    const second = await idTokens.list(tenantId, { limit: 2, cursor: first.cursor! });
    const foreign = idTokens.list(other, { limit: 2, cursor: first.cursor! });

    // Assess
    expect(first.items.map((token) => token.idToken)).toEqual(['A', 'B']);
    expect(second.items.map((token) => token.idToken)).toEqual(['C', 'D']);
    expect(second.cursor).toBeUndefined();
    await expect(foreign).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('deletes a token once, in its tenant only', async () => {
    // Prepare
    const { idTokens } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    await idTokens.put(anIdToken(tenantId));
    await idTokens.put(anIdToken(other));

    // Act
    const results = [await idTokens.delete(tenantId, 'TAG-1'), await idTokens.delete(tenantId, 'TAG-1')];

    // Assess
    expect(results).toEqual([anIdToken(tenantId), undefined]);
    expect(await idTokens.get(tenantId, 'TAG-1')).toBeUndefined();
    expect(await idTokens.get(other, 'TAG-1')).toEqual(anIdToken(other));
    expect((await idTokens.list(tenantId, { limit: 10 })).items).toEqual([]);
  });
});

describe('dynamodb session repository', () => {
  it('gives each charger transaction one session id, per charger and tenant', async () => {
    // Prepare
    const { sessions } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];

    // Act
    const ids = [
      await sessions.resolveSessionId(tenantId, 'cp-1', 'tx #1', 'S1'),
      await sessions.resolveSessionId(tenantId, 'cp-1', 'tx #1', 'S2'),
      await sessions.resolveSessionId(tenantId, 'cp-2', 'tx #1', 'S3'),
      await sessions.resolveSessionId(other, 'cp-1', 'tx #1', 'S4'),
      await sessions.resolveSessionId(tenantId, 'cp-1', 'TX #1', 'S5'),
    ];

    // Assess
    expect(ids).toEqual(['S1', 'S1', 'S3', 'S4', 'S5']);
  });

  it('saves a new session once, then only over the revision it replaces', async () => {
    // Prepare
    const { sessions } = create();
    const tenantId = freshTenant();

    // Act
    const results = [
      await sessions.save(aSession(tenantId)),
      await sessions.save(aSession(tenantId, { energyWh: 9 })),
      await sessions.save(aSession(tenantId, { revision: 2, energyWh: 5 })),
      await sessions.save(aSession(tenantId, { revision: 2, energyWh: 7 })),
      await sessions.save(aSession(tenantId, { revision: 4, energyWh: 8 })),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false, false]);
    expect(await sessions.get(tenantId, 'S01')).toEqual(aSession(tenantId, { revision: 2, energyWh: 5 }));
    expect(await sessions.get(freshTenant(), 'S01')).toBeUndefined();
  });

  it('keeps meter values once each, in time then seqNo order, with the session', async () => {
    // Prepare
    const { sessions } = create();
    const tenantId = freshTenant();
    await sessions.save(aSession(tenantId));
    const value = (time: string, seqNo: number, wh: number) => ({
      at: `2024-05-01T${time}.000Z`,
      seqNo,
      sampledValues: [{ value: wh, unit: 'Wh' }],
    });

    // Act
    await sessions.recordMeterValues(tenantId, 'S01', [value('10:30:00', 2, 30), value('10:00:00', 0, 0)]);
    await sessions.recordMeterValues(tenantId, 'S01', [value('10:30:00', 2, 999), value('10:30:00', 1, 20)]);

    // Assess
    expect(await sessions.getWithMeterValues(tenantId, 'S01')).toEqual({
      session: aSession(tenantId),
      meterValues: [value('10:00:00', 0, 0), value('10:30:00', 1, 20), value('10:30:00', 2, 30)],
    });
    expect(await sessions.getWithMeterValues(tenantId, 'S02')).toBeUndefined();
  });

  it('reads the latest meter values of a session, newest first', async () => {
    // Prepare
    const { sessions } = create();
    const tenantId = freshTenant();
    await sessions.save(aSession(tenantId));
    const value = (minute: number) => ({
      at: `2024-05-01T10:0${minute}:00.000Z`,
      seqNo: minute,
      sampledValues: [{ value: minute * 100 }],
    });
    await sessions.recordMeterValues(tenantId, 'S01', [value(1), value(3), value(2), value(4)]);

    // Act
    const latest = await sessions.latestMeterValues(tenantId, 'S01', 3);

    // Assess
    expect(latest).toEqual([value(4), value(3), value(2)]);
    expect(await sessions.latestMeterValues(tenantId, 'S02', 3)).toEqual([]);
    expect(await sessions.latestMeterValues(freshTenant(), 'S01', 3)).toEqual([]);
  });

  it('lists newest first in exact pages, filtered by charger, status and sites', async () => {
    // Prepare
    const { sessions } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    const stored: [string, string, Session['status'], string | undefined][] = [
      ['S1', 'cp-1', 'Completed', 'site-1'],
      ['S2', 'cp-2', 'Active', 'site-2'],
      ['S3', 'cp-1', 'Active', 'site-1'],
      ['S4', 'cp-3', 'Completed', undefined],
      ['S5', 'cp-1', 'Completed', 'site-1'],
    ];
    for (const [i, [sessionId, chargerId, status, siteId]] of stored.entries()) {
      await sessions.save(
        aSession(tenantId, {
          sessionId,
          chargerId,
          status,
          siteId,
          startedAt: `2024-05-0${i + 1}T10:00:00.000Z`,
        }),
      );
    }
    await sessions.save(aSession(other, { sessionId: 'S9', startedAt: '2024-06-01T00:00:00.000Z' }));
    const listAll = async (query: Omit<SessionQuery, 'limit'>) => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await sessions.list(tenantId, { ...query, limit: 2, ...(cursor && { cursor }) });
        pages.push(page.items.map((session) => session.sessionId));
        cursor = page.cursor;
      } while (cursor);
      return pages;
    };

    // Act
    const results = {
      all: await listAll({}),
      charger: await listAll({ chargerId: 'cp-1' }),
      completed: await listAll({ status: 'Completed' }),
      chargerActive: await listAll({ chargerId: 'cp-1', status: 'Active' }),
      sites: await listAll({ siteIds: ['site-2', 'site-1'] }),
      nothing: await listAll({ chargerId: 'cp-9' }),
    };

    // Assess
    expect(results).toEqual({
      all: [['S5', 'S4'], ['S3', 'S2'], ['S1']],
      charger: [['S5', 'S3'], ['S1']],
      completed: [['S5', 'S4'], ['S1']],
      chargerActive: [['S3']],
      sites: [
        ['S5', 'S3'],
        ['S2', 'S1'],
      ],
      nothing: [[]],
    });
  });

  it('refuses another tenant’s cursor', async () => {
    // Prepare
    const { sessions } = create();
    const [tenantId, other] = [freshTenant(), freshTenant()];
    await sessions.save(aSession(tenantId, { sessionId: 'S1' }));
    await sessions.save(aSession(tenantId, { sessionId: 'S2' }));
    const { cursor } = await sessions.list(tenantId, { limit: 1 });

    // Act
    const listing = sessions.list(other, { limit: 1, cursor: cursor! });

    // Assess
    expect(cursor).toEqual(expect.any(String));
    await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
