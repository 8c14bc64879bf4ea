import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoTenantRepository } from '../../shared/slices/tenancy/adapters/dynamodb-tenant-repository.ts';
import { anApiKey, aTenant } from '../unit/domain/builders.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const tenants = () => createDynamoTenantRepository(aDocumentClient(), tableName);

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB tenant repository', () => {
  it('puts the first key, then the tenant, each only if absent and listed in its index', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await tenants().create(aTenant(), anApiKey());

    // Assess
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        Item: {
          PK: 'TENANT#tenant-a#APIKEY#key-1',
          SK: 'APIKEY',
          GSI1PK: 'TENANT#tenant-a#APIKEYS',
          GSI1SK: 'APIKEY#key-1',
          type: 'ApiKey',
          ...anApiKey(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
      {
        TableName: tableName,
        Item: {
          PK: 'TENANT#tenant-a',
          SK: 'TENANT',
          GSI1PK: 'TENANT#_platform#TENANTS',
          GSI1SK: 'TENANT#tenant-a',
          type: 'Tenant',
          ...aTenant(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    ]);
  });

  it("counts an admin first key as the tenant's one active admin key, between key and tenant", async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await tenants().create(aTenant(), anApiKey({ role: 'admin' }));

    // Assess
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => put.Item?.SK)).toEqual(['APIKEY', 'ADMINKEYS', 'TENANT']);
    expect(puts[1]).toEqual({
      TableName: tableName,
      Item: { PK: 'TENANT#tenant-a', SK: 'ADMINKEYS', type: 'AdminKeyCount', activeAdminKeys: 1 },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('fails when the tenant exists', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const creating = tenants().create(aTenant(), anApiKey());

    // Assess
    await expect(creating).rejects.toThrow('conditional request failed');
  });

  it('does not write the tenant when its key exists', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const creating = tenants().create(aTenant(), anApiKey());

    // Assess
    await expect(creating).rejects.toThrow();
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('gets a tenant by its key, without key attributes', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolves({ Item: { PK: 'TENANT#tenant-a', SK: 'TENANT', type: 'Tenant', ...aTenant() } });

    // Act
    const tenant = await tenants().get('tenant-a');

    // Assess
    expect(tenant).toEqual(aTenant());
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a', SK: 'TENANT' },
      ConsistentRead: true,
    });
  });

  it('gets an API key by tenant and key id', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: { PK: 'TENANT#tenant-a#APIKEY#key-1', SK: 'APIKEY', type: 'ApiKey', ...anApiKey() },
    });

    // Act
    const key = await tenants().getApiKey('tenant-a', 'key-1');

    // Assess
    expect(key).toEqual(anApiKey());
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({
      PK: 'TENANT#tenant-a#APIKEY#key-1',
      SK: 'APIKEY',
    });
  });

  it.each([
    ['tenant', () => tenants().get('tenant-x')],
    ['API key', () => tenants().getApiKey('tenant-a', 'key-x')],
  ])('finds no %s that is not stored', async (_, read) => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const found = await read();

    // Assess
    expect(found).toBeUndefined();
  });
});
