import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { aBoot, aCharger, aTenant } from '../unit/domain/builders.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const now = new Date('2024-05-01T12:00:00.000Z');
const nowSeconds = now.getTime() / 1000;

const repository = () => createDynamoChargerRepository(aDocumentClient(), tableName);

/** Items as stored: the record with its key attributes. */
const chargerItem = (overrides: Parameters<typeof aCharger>[0] = {}) => {
  const charger = aCharger(overrides);
  return {
    ...keys.charger(charger.tenantId, charger.chargerId),
    ...keys.chargerIndex(charger.tenantId, charger.chargerId, charger.siteId),
    type: 'Charger',
    ...charger,
  };
};
const connectionItem = (ttl: number, chargerId = 'cp-1') => ({
  ...keys.connection('tenant-a', chargerId),
  type: 'Connection',
  tenantId: 'tenant-a',
  chargerId,
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  connectedAt: '2024-05-01T11:00:00.000Z',
  lastSeenAt: '2024-05-01T11:30:00.000Z',
  ttl,
});
const connectorItem = (evseId: number, connectorId: number, status: string) => ({
  ...keys.connector('tenant-a', 'cp-1', evseId, connectorId),
  type: 'ConnectorStatus',
  evseId,
  connectorId,
  status,
  statusAt: '2024-05-01T11:00:00.000Z',
});

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB charger repository: create', () => {
  it('puts the charger with its index keys, only if absent', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const charger = aCharger({ siteId: 'site-1' });

    // Act
    const created = await repository().create(charger);

    // Assess
    expect(created).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#CS#cp-1',
        SK: 'CS',
        GSI1PK: 'TENANT#tenant-a#CHARGERS',
        GSI1SK: 'SITE#site-1#CS#cp-1',
        type: 'Charger',
        ...charger,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('indexes a charger without a site by its id alone', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await repository().create(aCharger({ siteId: undefined }));

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ GSI1SK: 'CS#cp-1' });
  });

  it('answers false when the charger exists', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const created = await repository().create(aCharger());

    // Assess
    expect(created).toBe(false);
  });

  it('passes on other errors', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(new Error('throttled'));

    // Act
    const creating = repository().create(aCharger());

    // Assess
    await expect(creating).rejects.toThrow('throttled');
  });
});

describe('DynamoDB charger repository: getWithTenant', () => {
  const tenantItem = { ...keys.tenant('tenant-a'), type: 'Tenant', ...aTenant() };

  it('reads tenant and charger in one batch and strips the key attributes', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { [tableName]: [chargerItem(), tenantItem] } });

    // Act
    const result = await repository().getWithTenant('tenant-a', 'cp-1');

    // Assess
    expect(result).toEqual({ tenant: aTenant(), charger: aCharger() });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
      RequestItems: {
        [tableName]: {
          Keys: [
            { PK: 'TENANT#tenant-a', SK: 'TENANT' },
            { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' },
          ],
        },
      },
    });
  });

  it('leaves out what does not exist', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { [tableName]: [tenantItem] } });

    // Act
    const result = await repository().getWithTenant('tenant-a', 'cp-1');

    // Assess
    expect(result).toEqual({ tenant: aTenant() });
  });

  it('asks again for keys left unprocessed', async () => {
    // Prepare
    const chargerKey = keys.charger('tenant-a', 'cp-1');
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [tableName]: [tenantItem] },
        UnprocessedKeys: { [tableName]: { Keys: [chargerKey] } },
      })
      .resolvesOnce({ Responses: { [tableName]: [chargerItem()] } });

    // Act
    const result = await repository().getWithTenant('tenant-a', 'cp-1');

    // Assess
    expect(result).toEqual({ tenant: aTenant(), charger: aCharger() });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.RequestItems).toEqual({ [tableName]: { Keys: [chargerKey] } });
  });

  it('gives up when keys stay unprocessed', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({
      Responses: { [tableName]: [] },
      UnprocessedKeys: { [tableName]: { Keys: [keys.charger('tenant-a', 'cp-1')] } },
    });

    // Act
    const reading = repository().getWithTenant('tenant-a', 'cp-1');

    // Assess
    await expect(reading).rejects.toThrow('unprocessed');
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(5);
  });
});

describe('DynamoDB charger repository: getView', () => {
  it("reads the view range of the charger's partition consistently into a view", async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({
      Items: [
        chargerItem(),
        connectionItem(nowSeconds + 60),
        connectorItem(2, 1, 'Faulted'),
        connectorItem(1, 2, 'Occupied'),
        connectorItem(1, 1, 'Available'),
      ],
    });

    // Act
    const view = await repository().getView('tenant-a', 'cp-1', now);

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#CS#cp-1', ':from': 'CONN', ':to': 'EVSE$' },
      ConsistentRead: true,
    });
    expect(view).toEqual({
      charger: aCharger(),
      connection: {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        connectionId: 'conn-1',
        ocppVersion: 'ocpp1.6',
        connectedAt: '2024-05-01T11:00:00.000Z',
        lastSeenAt: '2024-05-01T11:30:00.000Z',
      },
      connectors: [
        { evseId: 1, connectorId: 1, status: 'Available', statusAt: '2024-05-01T11:00:00.000Z' },
        { evseId: 1, connectorId: 2, status: 'Occupied', statusAt: '2024-05-01T11:00:00.000Z' },
        { evseId: 2, connectorId: 1, status: 'Faulted', statusAt: '2024-05-01T11:00:00.000Z' },
      ],
    });
  });

  it.each([
    ['at', nowSeconds],
    ['before', nowSeconds - 1],
  ])('treats a connection whose TTL is %s now as gone', async (_, ttl) => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [chargerItem(), connectionItem(ttl)] });

    // Act
    const view = await repository().getView('tenant-a', 'cp-1', now);

    // Assess
    expect(view).toEqual({ charger: aCharger(), connectors: [] });
  });

  it('reads every page of the view range', async () => {
    // Prepare
    const lastKey = keys.charger('tenant-a', 'cp-1');
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [chargerItem()], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [connectorItem(1, 1, 'Available')] });

    // Act
    const view = await repository().getView('tenant-a', 'cp-1', now);

    // Assess
    expect(view?.connectors).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it('finds nothing without the charger item', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [connectorItem(1, 1, 'Available')] });

    // Act
    const view = await repository().getView('tenant-a', 'cp-1', now);

    // Assess
    expect(view).toBeUndefined();
  });
});

describe('DynamoDB charger repository: list', () => {
  const indexQuery = { IndexName: 'GSI1' };
  const lastKey = {
    PK: 'TENANT#tenant-a#CS#cp-1',
    SK: 'CS',
    GSI1PK: 'TENANT#tenant-a#CHARGERS',
    GSI1SK: 'SITE#site-1#CS#cp-1',
  };

  const givenIndexPage = (page: {
    Items: Record<string, unknown>[];
    LastEvaluatedKey?: Record<string, unknown>;
  }) => {
    ddb.on(QueryCommand, indexQuery).resolves(page);
    ddb
      .on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to' })
      .resolves({ Items: [chargerItem()] });
  };

  it("queries the tenant's charger index", async () => {
    // Prepare
    givenIndexPage({ Items: [] });

    // Act
    await repository().list('tenant-a', { limit: 25 }, now);

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#CHARGERS' },
      Limit: 25,
    });
  });

  it('narrows to a site with a sort key prefix', async () => {
    // Prepare
    givenIndexPage({ Items: [] });

    // Act
    await repository().list('tenant-a', { siteId: 'site-1', limit: 25 }, now);

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :site)',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#CHARGERS', ':site': 'SITE#site-1#' },
    });
  });

  it('builds a view of every charger found and hands out a cursor', async () => {
    // Prepare
    givenIndexPage({ Items: [chargerItem()], LastEvaluatedKey: lastKey });

    // Act
    const page = await repository().list('tenant-a', { limit: 1 }, now);

    // Assess
    expect(page.items).toEqual([{ charger: aCharger(), connectors: [] }]);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'TENANT#tenant-a#CS#cp-1',
      ':from': 'CONN',
      ':to': 'EVSE$',
    });
    expect(page.cursor).toEqual(expect.any(String));
  });

  it('continues where the cursor left off', async () => {
    // Prepare
    givenIndexPage({ Items: [chargerItem()], LastEvaluatedKey: lastKey });
    const first = await repository().list('tenant-a', { limit: 1 }, now);
    ddb.reset();
    givenIndexPage({ Items: [] });

    // Act
    const second = await repository().list(
      'tenant-a',
      { limit: 1, ...(first.cursor && { cursor: first.cursor }) },
      now,
    );

    // Assess
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    expect(second).toEqual({ items: [] });
  });

  it.each([
    ["another tenant's index", encodeCursor({ ...lastKey, GSI1PK: 'TENANT#tenant-b#CHARGERS' })],
    ['no index partition', encodeCursor({ PK: lastKey.PK, SK: lastKey.SK })],
    ['non-string values', encodeCursor({ ...lastKey, GSI1SK: 1 })],
    ['something that is not JSON', 'bm90IGpzb24'],
    ['JSON that is not an object', Buffer.from('"x"').toString('base64url')],
  ])('refuses a cursor of %s without querying', async (_, cursor) => {
    // Prepare
    givenIndexPage({ Items: [] });

    // Act
    const listing = repository().list('tenant-a', { limit: 10, ...(cursor && { cursor }) }, now);

    // Assess
    await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('DynamoDB charger repository: recordBoot', () => {
  it('sets the boot fields of an existing charger and returns its site', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: chargerItem({ siteId: 'site-3' }) });
    const at = '2024-05-01T12:00:00.000Z';

    // Act
    const result = await repository().recordBoot('tenant-a', 'cp-1', {
      ...aBoot({ reason: 'PowerUp' }),
      ocppVersion: 'ocpp2.0.1',
      at,
    });

    // Assess
    expect(result).toEqual({ siteId: 'site-3' });
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'CS' },
      ConditionExpression: 'attribute_exists(PK)',
      ReturnValues: 'ALL_NEW',
      ExpressionAttributeValues: {
        ':vendor': 'Acme',
        ':model': 'Wallbox-22',
        ':serialNumber': 'SN-0001',
        ':firmwareVersion': '1.4.2',
        ':ocppVersion': 'ocpp2.0.1',
        ':bootReason': 'PowerUp',
        ':bootedAt': at,
        ':lastSeenAt': at,
        ':updatedAt': at,
        ':updatedBy': 'charger:cp-1',
      },
    });
    expect(input?.UpdateExpression).not.toContain('REMOVE');
  });

  it('removes boot fields the charger no longer reports', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: chargerItem({ siteId: undefined }) });

    // Act
    const result = await repository().recordBoot('tenant-a', 'cp-1', {
      vendor: 'Acme',
      model: 'Wallbox-22',
      ocppVersion: 'ocpp1.6',
      at: '2024-05-01T12:00:00.000Z',
    });

    // Assess
    expect(result).toEqual({});
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toMatch(/ REMOVE #serialNumber, #firmwareVersion, #bootReason$/);
    expect(input?.ExpressionAttributeValues).not.toHaveProperty(':serialNumber');
    expect(input?.ExpressionAttributeNames).toMatchObject({ '#serialNumber': 'serialNumber' });
  });

  it('returns the fail-safe default and phases of a managed charger, read in the same write', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: chargerItem({ siteId: 'site-3', failSafeLimitA: 6, phases: 1, failSafeAcceptedA: 6 }),
    });

    // Act
    const result = await repository().recordBoot('tenant-a', 'cp-1', {
      ...aBoot(),
      ocppVersion: 'ocpp1.6',
      at: '2024-05-01T12:00:00.000Z',
    });

    // Assess
    expect(result).toEqual({ siteId: 'site-3', failSafeLimitA: 6, phases: 1 });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('answers undefined for a charger that does not exist', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const result = await repository().recordBoot('tenant-a', 'cp-1', {
      ...aBoot(),
      ocppVersion: 'ocpp1.6',
      at: '2024-05-01T12:00:00.000Z',
    });

    // Assess
    expect(result).toBeUndefined();
  });

  it('passes on other errors', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('throttled'));

    // Act
    const recording = repository().recordBoot('tenant-a', 'cp-1', {
      ...aBoot(),
      ocppVersion: 'ocpp1.6',
      at: '2024-05-01T12:00:00.000Z',
    });

    // Assess
    await expect(recording).rejects.toThrow('throttled');
  });
});

describe('DynamoDB charger repository: recordConnectorStatus', () => {
  const status = { evseId: 2, connectorId: 1, status: 'Charging', statusAt: '2024-05-01T12:00:00.000Z' };

  it('writes the connector unless a newer status is stored and returns the previous one', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { ...connectorItem(2, 1, 'Available') } });

    // Act
    const result = await repository().recordConnectorStatus('tenant-a', 'cp-1', status);

    // Assess
    expect(result).toEqual({
      stored: true,
      previousStatus: 'Available',
      previousStatusAt: '2024-05-01T11:00:00.000Z',
    });
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'EVSE#2#CONN#1' },
      ConditionExpression: 'attribute_not_exists(statusAt) OR statusAt <= :statusAt',
      ReturnValues: 'ALL_OLD',
      ExpressionAttributeValues: {
        ':type': 'ConnectorStatus',
        ':evseId': 2,
        ':connectorId': 1,
        ':status': 'Charging',
        ':statusAt': '2024-05-01T12:00:00.000Z',
      },
    });
    // Without `uptimeFrom` (the status counts from its own time) a stored one is removed too.
    expect(input?.UpdateExpression).toMatch(/ REMOVE #errorCode, #info, #uptimeFrom$/);
  });

  it('reports no previous status for a new connector', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const result = await repository().recordConnectorStatus('tenant-a', 'cp-1', status);

    // Assess
    expect(result).toEqual({ stored: true });
  });

  it('reports nothing stored when a newer status is', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const result = await repository().recordConnectorStatus('tenant-a', 'cp-1', status);

    // Assess
    expect(result).toEqual({ stored: false });
  });
});
