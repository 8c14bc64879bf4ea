import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoApiKeyRepository } from '../../shared/slices/tenancy/adapters/dynamodb-api-key-repository.ts';
import { createDynamoAuditLog } from '../../shared/slices/tenancy/adapters/dynamodb-audit-log.ts';
import { createDynamoRateLimiter } from '../../shared/slices/tenancy/adapters/dynamodb-rate-limiter.ts';
import { createDynamoSiteRepository } from '../../shared/slices/tenancy/adapters/dynamodb-site-repository.ts';
import { createDynamoTenantRepository } from '../../shared/slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { anApiKey, aSite, at } from '../unit/domain/builders.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const change = { at, actor: 'key-9' };

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB API key repository', () => {
  const apiKeys = () => createDynamoApiKeyRepository(aDocumentClient(), tableName);
  const storedKey = (overrides = {}) => ({
    Item: { PK: 'TENANT#tenant-a#APIKEY#key-1', SK: 'APIKEY', ...anApiKey(overrides) },
  });

  it('puts a key only if absent, listed in the tenant index; an admin key is counted after it', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});

    // Act
    const created = await apiKeys().create(anApiKey({ role: 'admin' }));

    // Assess
    expect(created).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#APIKEY#key-1',
        SK: 'APIKEY',
        GSI1PK: 'TENANT#tenant-a#APIKEYS',
        GSI1SK: 'APIKEY#key-1',
        type: 'ApiKey',
        ...anApiKey({ role: 'admin' }),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { PK: 'TENANT#tenant-a', SK: 'ADMINKEYS' },
      UpdateExpression: 'SET #type = :type ADD #count :delta',
      ExpressionAttributeValues: { ':type': 'AdminKeyCount', ':delta': 1 },
    });
  });

  it.each([
    ['a taken key id (nothing counted)', 'admin', true, false],
    ['a key of another role (not counted)', 'viewer', false, true],
  ] as const)('creates %s', async (_name, role, taken, expected) => {
    // Prepare
    if (taken) ddb.on(PutCommand).rejects(conditionFailed());
    else ddb.on(PutCommand).resolves({});

    // Act
    const created = await apiKeys().create(anApiKey({ role }));

    // Assess
    expect(created).toBe(expected);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('revokes an admin key only while another active admin key is counted', async () => {
    // Prepare
    ddb.on(GetCommand).resolves(storedKey({ role: 'admin' }));
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .resolvesOnce({ Attributes: { ...anApiKey({ role: 'admin' }), revokedAt: at } });

    // Act
    const result = await apiKeys().revoke('tenant-a', 'key-1', change);

    // Assess
    expect(result).toEqual({ outcome: 'revoked', key: { ...anApiKey({ role: 'admin' }), revokedAt: at } });
    const [decrement, revoke] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(decrement).toMatchObject({
      Key: { PK: 'TENANT#tenant-a', SK: 'ADMINKEYS' },
      UpdateExpression: 'SET #count = #count - :one',
      ConditionExpression: '#count > :one',
    });
    expect(revoke).toMatchObject({
      Key: { PK: 'TENANT#tenant-a#APIKEY#key-1', SK: 'APIKEY' },
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':at': at, ':actor': 'key-9' },
    });
  });

  it('keeps the last active admin key: the count refuses', async () => {
    // Prepare
    ddb.on(GetCommand).resolves(storedKey({ role: 'admin' }));
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const result = await apiKeys().revoke('tenant-a', 'key-1', change);

    // Assess
    expect(result.outcome).toBe('last-admin');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('gives its decrement back when another call revoked the key first', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce(storedKey({ role: 'admin' }))
      .resolves(storedKey({ role: 'admin', revokedAt: at }));
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed()).resolves({});

    // Act
    const result = await apiKeys().revoke('tenant-a', 'key-1', change);

    // Assess
    expect(result.outcome).toBe('already-revoked');
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toHaveLength(3);
    expect(updates[2]).toMatchObject({
      Key: { PK: 'TENANT#tenant-a', SK: 'ADMINKEYS' },
      ExpressionAttributeValues: { ':delta': 1 },
    });
  });

  it('revokes a viewer key without touching the admin count', async () => {
    // Prepare
    ddb.on(GetCommand).resolves(storedKey({ role: 'viewer' }));
    ddb.on(UpdateCommand).resolves({ Attributes: { ...anApiKey({ role: 'viewer' }), revokedAt: at } });

    // Act
    const result = await apiKeys().revoke('tenant-a', 'key-1', change);

    // Assess
    expect(result.outcome).toBe('revoked');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('replaces the secret of an active key only', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const updated = await apiKeys().replaceSecret('tenant-a', 'key-1', 'new-hash', change);

    // Assess
    expect(updated).toBeUndefined();
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      UpdateExpression: 'SET secretHash = :hash, updatedAt = :at, updatedBy = :actor',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
    });
  });

  it('lists keys from the tenant index and gives a cursor only when more follow', async () => {
    // Prepare
    const item = (keyId: string) => ({
      PK: `TENANT#tenant-a#APIKEY#${keyId}`,
      SK: 'APIKEY',
      GSI1PK: 'TENANT#tenant-a#APIKEYS',
      GSI1SK: `APIKEY#${keyId}`,
      type: 'ApiKey',
      ...anApiKey({ keyId }),
    });
    ddb.on(QueryCommand).resolves({ Items: [item('k1'), item('k2')] });

    // Act
    const page = await apiKeys().list('tenant-a', { limit: 1 });

    // Assess
    expect(page.items).toEqual([anApiKey({ keyId: 'k1' })]);
    expect(page.cursor).toBe(
      encodeCursor({
        PK: 'TENANT#tenant-a#APIKEY#k1',
        SK: 'APIKEY',
        GSI1PK: 'TENANT#tenant-a#APIKEYS',
        GSI1SK: 'APIKEY#k1',
      }),
    );
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#APIKEYS' },
      Limit: 2,
    });
  });
});

describe('DynamoDB tenant repository: listing and updates', () => {
  const tenants = () => createDynamoTenantRepository(aDocumentClient(), tableName);

  it('lists tenants from the platform index', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    await tenants().list({ limit: 10 });

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':pk': 'TENANT#_platform#TENANTS' },
    });
  });

  it('sets given fields, removes null ones, and only on an existing tenant', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const updated = await tenants().update(
      'tenant-a',
      { status: 'suspended', rateLimitPerSecond: null },
      change,
    );

    // Assess
    expect(updated).toBeUndefined();
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a', SK: 'TENANT' },
      UpdateExpression:
        'SET #status = :status, #updatedAt = :updatedAt, #updatedBy = :updatedBy REMOVE #rateLimitPerSecond',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#rateLimitPerSecond': 'rateLimitPerSecond',
        '#updatedAt': 'updatedAt',
        '#updatedBy': 'updatedBy',
      },
      ExpressionAttributeValues: { ':status': 'suspended', ':updatedAt': at, ':updatedBy': 'key-9' },
      ConditionExpression: 'attribute_exists(PK)',
      ReturnValues: 'ALL_NEW',
    });
  });
});

describe('DynamoDB site repository', () => {
  const sites = () => createDynamoSiteRepository(aDocumentClient(), tableName);

  it('puts a site only if absent, listed in the tenant site index', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await sites().create(aSite());
    const second = await sites().create(aSite());

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#SITE#site-1',
        SK: 'SITE',
        GSI1PK: 'TENANT#tenant-a#SITES',
        GSI1SK: 'SITE#site-1',
        type: 'Site',
        ...aSite(),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('deletes an existing site only', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const deleted = await sites().delete('tenant-a', 'site-1');

    // Assess
    expect(deleted).toBe(false);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: { PK: 'TENANT#tenant-a#SITE#site-1', SK: 'SITE' },
      ConditionExpression: 'attribute_exists(PK)',
    });
  });
});

describe('DynamoDB rate limiter', () => {
  const limiter = () => createDynamoRateLimiter(aDocumentClient(), tableName);
  const now = new Date('2024-05-01T12:00:00.250Z');

  it('counts the request in the tenant window of this second, below the limit only', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const verdict = await limiter().consume('tenant-a', 50, now);

    // Assess
    expect(verdict).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#RATE#1714564800', SK: 'RATE' },
      UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
      ExpressionAttributeNames: { '#count': 'requests', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':limit': 50, ':ttl': 1_714_564_860 },
    });
  });

  it('limits when the condition fails', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const verdict = await limiter().consume('tenant-a', 50, now);

    // Assess
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('passes any other error on', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('throttled'));

    // Act & Assess
    await expect(limiter().consume('tenant-a', 50, now)).rejects.toThrow('throttled');
  });
});

describe('DynamoDB audit log', () => {
  const auditLog = () => createDynamoAuditLog(aDocumentClient(), tableName);
  const entry = {
    tenantId: 'tenant-a',
    entryId: 'E1',
    at: '2024-05-01T12:00:00.000Z',
    keyId: 'key-1',
    method: 'DELETE',
    route: 'DELETE /v1/sites/{siteId}',
    pathParameters: { siteId: 'site-1' },
    status: 204,
  };

  it('puts an entry into the tenant-month partition', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await auditLog().record(entry);

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      PK: 'TENANT#tenant-a#AUDIT#2024-05',
      SK: '2024-05-01T12:00:00.000Z#E1',
      type: 'AuditEntry',
      ...entry,
    });
  });

  it('reads a month newest first and refuses a cursor of another partition', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });
    const foreign = encodeCursor({ PK: 'TENANT#tenant-b#AUDIT#2024-05', SK: 'x' });

    // Act
    await auditLog().list('tenant-a', { month: '2024-05', limit: 10 });
    const reading = auditLog().list('tenant-a', {
      month: '2024-05',
      limit: 10,
      ...(foreign && { cursor: foreign }),
    });

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#AUDIT#2024-05' },
      ScanIndexForward: false,
      Limit: 11,
    });
    await expect(reading).rejects.toThrow('cursor is not valid');
  });
});

describe('DynamoDB charger repository: administration', () => {
  const chargers = () => createDynamoChargerRepository(aDocumentClient(), tableName);

  it('moves a charger to another site together with its index sort key', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { PK: 'x', SK: 'CS', chargerId: 'cp-1', siteId: 'site-2' } });

    // Act
    const updated = await chargers().update('tenant-a', 'cp-1', { siteId: 'site-2' }, change);

    // Assess
    expect(updated).toEqual({ chargerId: 'cp-1', siteId: 'site-2' });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' },
      UpdateExpression:
        'SET #siteId = :siteId, #GSI1SK = :GSI1SK, #updatedAt = :updatedAt, #updatedBy = :updatedBy',
      ExpressionAttributeValues: { ':siteId': 'site-2', ':GSI1SK': 'SITE#site-2#CS#cp-1' },
      ConditionExpression: 'attribute_exists(PK)',
    });
  });

  it('removes the site and sorts the charger among those without a site', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: {} });

    // Act
    await chargers().update('tenant-a', 'cp-1', { siteId: null }, change);

    // Assess
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      UpdateExpression:
        'SET #GSI1SK = :GSI1SK, #updatedAt = :updatedAt, #updatedBy = :updatedBy REMOVE #siteId',
      ExpressionAttributeValues: { ':GSI1SK': 'CS#cp-1' },
    });
  });

  it('deletes the charger item first, then the rest of its partition and its state kept apart', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolves({});
    ddb.on(QueryCommand).resolves({
      Items: [
        { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CONN' },
        { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'EVSE#1#CONN#1' },
      ],
    });

    // Act
    const deleted = await chargers().delete('tenant-a', 'cp-1');

    // Assess
    expect(deleted).toBe(true);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' },
      { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CONN' },
      { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'EVSE#1#CONN#1' },
      { PK: 'TENANT#tenant-a#CS#cp-1#CFG', SK: 'CONFIG' },
      { PK: 'TENANT#tenant-a#CS#cp-1#MAINT', SK: 'FW' },
      { PK: 'TENANT#tenant-a#CS#cp-1#MAINT', SK: 'DIAG' },
      { PK: 'TENANT#tenant-a#CS#cp-1#LOCALLIST', SK: 'SUMMARY' },
    ]);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_exists(PK)',
    );
  });

  it('deletes nothing else when the charger does not exist', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(conditionFailed());

    // Act
    const deleted = await chargers().delete('tenant-a', 'cp-1');

    // Assess
    expect(deleted).toBe(false);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("filters a site-limited listing by the key's sites", async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    await chargers().list('tenant-a', { siteIds: ['site-1', 'site-2'], limit: 10 }, new Date(at));

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      FilterExpression: 'siteId IN (:s0, :s1)',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#CHARGERS', ':s0': 'site-1', ':s1': 'site-2' },
    });
  });

  it('reads nothing for a key limited to no site', async () => {
    // Act
    const page = await chargers().list('tenant-a', { siteIds: [], limit: 10 }, new Date(at));

    // Assess
    expect(page).toEqual({ items: [] });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
