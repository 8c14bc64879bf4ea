import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion, startLocalDynamoDb } from '../../local/dynamodb.ts';
import { createInProcessRequestHandler } from '../../local/in-process-transport.ts';
import { createLocalRequestSigner } from '../../local/local-signer.ts';
import { tenantKeyPolicy } from '../../local/tenant-key-policy.ts';
import { createDependencies, createDocumentClient } from '../../shared/composition-root.ts';
import { readConfig } from '../../shared/config.ts';

const tableName = 'tenant-policy';

describe('the local tenant key policy', () => {
  let dataDir = '';
  let dynamo: Awaited<ReturnType<typeof startLocalDynamoDb>>;
  const scopedTo = (tenantId: string) =>
    createDocumentClient(
      new DynamoDBClient({
        region: localRegion,
        credentials: localCredentials,
        maxAttempts: 1,
        endpoint: dynamo.endpoint,
        signer: createLocalRequestSigner(localCredentials.accessKeyId, localRegion),
        requestHandler: createInProcessRequestHandler(dynamo.requestListener, {
          authorize: tenantKeyPolicy(tenantId),
        }),
      }),
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tenant-policy-'));
    dynamo = await startLocalDynamoDb(dataDir, tableName);
  });
  afterAll(async () => {
    await dynamo.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets tenant A's client read and write A's keys, its own record and A's index partitions", async () => {
    // Prepare
    const a = scopedTo('A');

    // Act
    await a.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: 'TENANT#A', SK: 'TENANT', GSI1PK: 'TENANT#_platform#TENANTS', GSI1SK: 'x' },
      }),
    );
    await a.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: 'TENANT#A#CS#CP-1', SK: 'CS', GSI1PK: 'TENANT#A#CHARGERS', GSI1SK: 'CS#CP-1' },
      }),
    );
    const got = await a.send(
      new GetCommand({ TableName: tableName, Key: { PK: 'TENANT#A#CS#CP-1', SK: 'CS' } }),
    );
    const listed = await a.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'GSI1PK' },
        ExpressionAttributeValues: { ':pk': 'TENANT#A#CHARGERS' },
      }),
    );

    // Assess
    expect(got.Item?.PK).toBe('TENANT#A#CS#CP-1');
    expect(listed.Items).toHaveLength(1);
  });

  it("refuses tenant A's client every request naming a key of tenant B, as IAM does", async () => {
    // Prepare
    const a = scopedTo('A');
    const b = { PK: 'TENANT#B#CS#CP-1', SK: 'CS' };
    // A prefix of A's id is another tenant too: `TENANT#AB…` is not A's.
    const ab = { PK: 'TENANT#AB#CS#CP-1', SK: 'CS' };
    const attempts = [
      new GetCommand({ TableName: tableName, Key: b }),
      new GetCommand({ TableName: tableName, Key: ab }),
      new PutCommand({ TableName: tableName, Item: b }),
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': b.PK },
      }),
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#B#CHARGERS' },
      }),
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: [{ PutRequest: { Item: { PK: 'TENANT#A#X', SK: 'X' } } }, { PutRequest: { Item: b } }],
        },
      }),
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { PK: 'TENANT#A#Y', SK: 'Y' } } },
          { Delete: { TableName: tableName, Key: b } },
        ],
      }),
      new ScanCommand({ TableName: tableName }),
    ];

    // Act
    const errors = await Promise.all(
      attempts.map((command) =>
        a.send(command as never).then(
          () => undefined,
          (error: Error) => error.name,
        ),
      ),
    );

    // Assess
    expect(errors).toEqual(attempts.map(() => 'AccessDeniedException'));
    const written = await scopedTo('A').send(
      new GetCommand({ TableName: tableName, Key: { PK: 'TENANT#A#X', SK: 'X' } }),
    );
    expect(written.Item).toBeUndefined();
  });

  it("makes the composition root's tenant dependencies fail on another tenant's key", async () => {
    // Prepare: the wiring the local runtime gives the handlers.
    const deps = createDependencies({
      ...readConfig({
        AWS_REGION: localRegion,
        TABLE_NAME: tableName,
        EVENT_BUS_NAME: 'bus',
        CONNECTIONS_ENDPOINT: 'http://127.0.0.1:1',
        CALL_QUEUE_TIMER_URL: 'http://127.0.0.1:1/queue',
      }),
      endpoints: { dynamodb: dynamo.endpoint },
      credentials: localCredentials,
      sdkTransport: {
        requestHandlers: { dynamodb: createInProcessRequestHandler(dynamo.requestListener) },
        tenantRequestHandlers: {
          dynamodb: (tenantId) =>
            createInProcessRequestHandler(dynamo.requestListener, { authorize: tenantKeyPolicy(tenantId) }),
        },
        signer: createLocalRequestSigner(localCredentials.accessKeyId, localRegion),
      },
    });

    // Act
    const own = await deps.forTenant('A').chargers.getView('A', 'CP-1', new Date());
    const foreign = await deps
      .forTenant('A')
      .chargers.getView('B', 'CP-1', new Date())
      .then(
        () => 'read',
        (error: Error) => error.name,
      );
    const platform = await deps.chargers.getView('B', 'CP-1', new Date());

    // Assess
    expect(own?.charger).toBeDefined();
    expect(foreign).toBe('AccessDeniedException');
    expect(platform).toBeUndefined();
    expect(deps.forTenant('A')).toBe(deps.forTenant('A'));
  });
});
