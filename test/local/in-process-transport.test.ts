import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion, startLocalDynamoDb } from '../../local/dynamodb.ts';
import { type LocalEventBridge, startLocalEventBridge } from '../../local/eventbridge.ts';
import { createInProcessRequestHandler } from '../../local/in-process-transport.ts';
import { createLocalRequestSigner } from '../../local/local-signer.ts';
import { eventBusName } from '../../shared/topology/event-rules.ts';

const tableName = 'in-process';
const signer = createLocalRequestSigner(localCredentials.accessKeyId, localRegion);
const common = { region: localRegion, credentials: localCredentials, maxAttempts: 1 };

describe('the in-process SDK transport', () => {
  let dataDir = '';
  let dynamo: Awaited<ReturnType<typeof startLocalDynamoDb>>;
  let eventBridge: LocalEventBridge;
  const started: [string, unknown][] = [];
  let inProcess: DynamoDBClient;
  let overHttp: DynamoDBClient;
  let events: EventBridgeClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'in-process-'));
    dynamo = await startLocalDynamoDb(dataDir, tableName);
    eventBridge = await startLocalEventBridge({
      rules: [
        {
          id: 'all',
          description: 'test',
          pattern: { source: ['csms.test'] },
          target: { stateMachine: 'billing' },
        },
      ],
      stepFunctions: {
        startExecution: (id, input) => {
          started.push([id, input]);
          return { executionArn: 'arn' };
        },
      },
      busName: eventBusName,
      logger: { info: () => undefined, error: () => undefined },
    });
    inProcess = new DynamoDBClient({
      ...common,
      endpoint: dynamo.endpoint,
      requestHandler: createInProcessRequestHandler(dynamo.requestListener),
      signer,
    });
    overHttp = new DynamoDBClient({ ...common, endpoint: dynamo.endpoint });
    events = new EventBridgeClient({
      ...common,
      endpoint: eventBridge.endpoint,
      requestHandler: createInProcessRequestHandler(eventBridge.requestListener),
      signer,
    });
  });

  afterAll(async () => {
    for (const client of [inProcess, overHttp, events]) client?.destroy();
    await eventBridge?.close();
    await dynamo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes to and reads from dynalite without a socket, the same table the HTTP endpoint serves', async () => {
    // Prepare
    const Item = { PK: { S: 'TENANT#t#CS#cp-1' }, SK: { S: 'CS' }, model: { S: 'X1' }, n: { N: '7' } };

    // Act
    await inProcess.send(new PutItemCommand({ TableName: tableName, Item }));
    const read = await inProcess.send(
      new GetItemCommand({ TableName: tableName, Key: { PK: Item.PK, SK: Item.SK } }),
    );
    const readOverHttp = await overHttp.send(
      new GetItemCommand({ TableName: tableName, Key: { PK: Item.PK, SK: Item.SK } }),
    );

    // Assess
    expect(read.Item).toEqual(Item);
    expect(read.$metadata.httpStatusCode).toBe(200);
    expect(readOverHttp.Item).toEqual(Item);
  });

  it('maps an error answer to the SDK exception, as over HTTP', async () => {
    // Prepare
    const Item = { PK: { S: 'TENANT#t#CS#cp-2' }, SK: { S: 'CS' } };
    await inProcess.send(new PutItemCommand({ TableName: tableName, Item }));

    // Act
    const failure = await inProcess
      .send(
        new PutItemCommand({ TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' }),
      )
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failure as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
  });

  it('reports a validation error of dynalite as the SDK would', async () => {
    // Act
    const failure = await inProcess
      .send(new GetItemCommand({ TableName: 'no-such-table', Key: { PK: { S: 'x' }, SK: { S: 'y' } } }))
      .catch((error: unknown) => error);

    // Assess
    expect((failure as Error).name).toBe('ResourceNotFoundException');
  });

  it('puts events to the EventBridge emulation, which routes them to the rule target', async () => {
    // Prepare
    const detail = { tenantId: 't-1', chargerId: 'cp-1' };

    // Act
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: 'csms.test',
            DetailType: 'Tested',
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toEqual(expect.any(String));
    const event = eventBridge.events.at(-1);
    expect(event).toMatchObject({
      source: 'csms.test',
      'detail-type': 'Tested',
      region: localRegion,
      detail,
    });
    expect(started).toEqual([['billing', event]]);
  });

  it('answers an unknown EventBridge bus with a failed entry', async () => {
    // Act
    const result = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'other', Source: 'csms.test', DetailType: 'Tested', Detail: '{}' }],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('ResourceNotFoundException');
  });
});
