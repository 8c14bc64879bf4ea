import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoChargerConfigurationRepository } from '../../shared/slices/configuration/adapters/dynamodb-charger-configuration-repository.ts';
import type { ChargerConfiguration } from '../../shared/slices/configuration/model.ts';
import { createDynamoLocalListRepository } from '../../shared/slices/local-list/adapters/dynamodb-local-list-repository.ts';
import type { LocalListSnapshot } from '../../shared/slices/local-list/model.ts';
import { createDynamoReservationRepository } from '../../shared/slices/reservations/adapters/dynamodb-reservation-repository.ts';
import type { Reservation } from '../../shared/slices/reservations/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const at = '2024-05-01T12:00:00.000Z';

const configuration = (revision: number): ChargerConfiguration => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  keys: { HeartbeatInterval: { value: '300', readonly: false, reportedAt: at } },
  unknownKeys: [],
  updatedAt: at,
  revision,
});

const reservation: Reservation = {
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  reservationId: 42,
  connectorId: 1,
  idToken: 'TAG-1',
  expiresAt: '2024-05-01T13:00:00.000Z',
  status: 'Active',
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  revision: 1,
};

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB OCPP 1.6 stores', () => {
  it('creates a record only if there is none (revision 1)', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    const saved = await createDynamoChargerConfigurationRepository(aDocumentClient(), tableName).save(
      configuration(1),
    );

    // Assess
    expect(saved).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        PK: 'TENANT#tenant-a#CS#cp-1#CFG',
        SK: 'CONFIG',
        type: 'ChargerConfiguration',
        ...configuration(1),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('replaces a record only from the revision before, and says so when another write came first', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const saved = await createDynamoChargerConfigurationRepository(aDocumentClient(), tableName).save(
      configuration(3),
    );

    // Assess
    expect(saved).toBe(false);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#revision = :previous',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':previous': 2 },
    });
  });

  it('keeps a reservation 30 days past its expiry (TTL)', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await createDynamoReservationRepository(aDocumentClient(), tableName).save(reservation);

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      PK: 'TENANT#tenant-a#CS#cp-1#RES',
      SK: 'RES#0000000042',
      type: 'Reservation',
      ...reservation,
      ttl: Date.parse('2024-05-31T13:00:00.000Z') / 1000,
    });
  });

  it('counts reservation ids with an atomic ADD', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { value: 7 } });

    // Act
    const id = await createDynamoReservationRepository(aDocumentClient(), tableName).nextId(
      'tenant-a',
      'cp-1',
    );

    // Assess
    expect(id).toBe(7);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { PK: 'TENANT#tenant-a#CS#cp-1#RES', SK: 'SEQ' },
      UpdateExpression: 'ADD #value :one SET #type = :type',
      ReturnValues: 'UPDATED_NEW',
    });
  });

  it('lists reservations newest first from their partition, strongly consistent', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [{ PK: 'x', SK: 'RES#0000000042', ...reservation, ttl: 1 }] });

    // Act
    const items = await createDynamoReservationRepository(aDocumentClient(), tableName).list(
      'tenant-a',
      'cp-1',
      {
        limit: 5,
      },
    );

    // Assess
    expect(items).toEqual([reservation]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#CS#cp-1#RES', ':prefix': 'RES#' },
      ScanIndexForward: false,
      Limit: 5,
      ConsistentRead: true,
    });
  });

  it('writes the local list summary after its snapshot, and not when the snapshot lost a race', async () => {
    // Prepare
    const snapshot: LocalListSnapshot = {
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      version: 3,
      entries: { A: '1', B: '2' },
      updateType: 'Differential',
      updatedAt: at,
      revision: 2,
    };
    ddb.on(PutCommand).resolvesOnce({}).resolvesOnce({}).rejects(conditionFailed());
    const repository = createDynamoLocalListRepository(aDocumentClient(), tableName);

    // Act
    const saved = await repository.save(snapshot);
    const lost = await repository.save(snapshot);

    // Assess
    expect([saved, lost]).toEqual([true, false]);
    const items = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items.map((item) => [item?.PK, item?.SK])).toEqual([
      ['TENANT#tenant-a#CS#cp-1#LOCALLIST', 'ENTRIES'],
      ['TENANT#tenant-a#CS#cp-1#LOCALLIST', 'SUMMARY'],
      ['TENANT#tenant-a#CS#cp-1#LOCALLIST', 'ENTRIES'],
    ]);
    expect(items[1]).toEqual({
      PK: 'TENANT#tenant-a#CS#cp-1#LOCALLIST',
      SK: 'SUMMARY',
      type: 'LocalListSummary',
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      version: 3,
      entryCount: 2,
      updateType: 'Differential',
      updatedAt: at,
    });
  });
});
