import type { RequestListener } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { beforeAll } from 'vitest';
import { createTable, localCredentials, localRegion } from '../../local/dynamodb.ts';
import { createInProcessRequestHandler } from '../../local/in-process-transport.ts';
import { createLocalRequestSigner } from '../../local/local-signer.ts';
import type { ItemKey } from '../../shared/adapters/dynamodb/keys.ts';
import { createDocumentClient } from '../../shared/composition-root.ts';

/** An item as the table holds it: the record's fields plus the key attributes. */
export type StoredItem = Record<string, unknown> & { readonly PK: string; readonly SK: string };

/** A table of the file's dynalite, read and written directly for what the ports do not answer. */
export interface TestTable {
  readonly name: string;
  /** The document client as the composition root builds it, to put an adapter on this table. */
  readonly documentClient: DynamoDBDocumentClient;
  /** Every item, ordered by PK and SK. */
  scan(): Promise<StoredItem[]>;
  get(key: ItemKey): Promise<StoredItem | undefined>;
  /** The items of one partition, by sort key. */
  queryPartition(pk: string): Promise<StoredItem[]>;
  /** Writes an item as is (a premise no port writes). */
  put(item: StoredItem): Promise<void>;
}

let clients: { dynamodb: DynamoDBClient; documentClient: DynamoDBDocumentClient } | undefined;
let tableCount = 0;

/**
 * The worker's dynalite, started on first use: in memory and reached through its request listener (no files,
 * no port, no socket, no SigV4 hashing). It is never listened on, so there is nothing to close; it and its
 * tables go with the worker. The domain tests' files share their worker's (`isolate: false`, see
 * vitest.config.ts), which tables of their own per test allow; other files each start one.
 */
const dynaliteClients = () => {
  if (!clients) {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynamodb = new DynamoDBClient({
      region: localRegion,
      credentials: localCredentials,
      endpoint: 'http://dynalite.test',
      requestHandler: createInProcessRequestHandler(server.listeners('request')[0] as RequestListener),
      signer: createLocalRequestSigner(localCredentials.accessKeyId, localRegion),
    });
    clients = { dynamodb, documentClient: createDocumentClient(dynamodb) };
  }
  return clients;
};

const uniqueTableName = (prefix: string): string => {
  tableCount += 1;
  return `${prefix}-${tableCount}`;
};

const byKey = (a: StoredItem, b: StoredItem): number =>
  a.PK < b.PK ? -1 : a.PK > b.PK ? 1 : a.SK < b.SK ? -1 : a.SK > b.SK ? 1 : 0;

const readAll = async (
  read: (start?: Record<string, unknown>) => Promise<{
    Items?: Record<string, unknown>[];
    LastEvaluatedKey?: Record<string, unknown>;
  }>,
): Promise<StoredItem[]> => {
  const items: StoredItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    items.push(...((page.Items ?? []) as StoredItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** A new table (the design the stack deploys) in the worker's dynalite: a few ms, so each test can have its own. */
export const createDynaliteTable = async (name = uniqueTableName('test')): Promise<TestTable> => {
  const { dynamodb, documentClient: client } = dynaliteClients();
  await createTable(dynamodb, name);
  return {
    name,
    documentClient: client,
    scan: async () =>
      (
        await readAll((start) => client.send(new ScanCommand({ TableName: name, ExclusiveStartKey: start })))
      ).sort(byKey),
    async get(key) {
      const { Item } = await client.send(
        new GetCommand({ TableName: name, Key: { PK: key.PK, SK: key.SK } }),
      );
      return Item as StoredItem | undefined;
    },
    queryPartition: (pk) =>
      readAll((start) =>
        client.send(
          new QueryCommand({
            TableName: name,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ExclusiveStartKey: start,
          }),
        ),
      ),
    async put(item) {
      await client.send(new PutCommand({ TableName: name, Item: item }));
    },
  };
};

/**
 * One table for a whole test file (created in `beforeAll`), for adapter tests that keep their tests apart
 * with tenants of their own.
 */
export const useDynaliteTable = (prefix: string) => {
  const tableName = uniqueTableName(prefix);
  let table: TestTable | undefined;
  beforeAll(async () => {
    table = await createDynaliteTable(tableName);
  });
  return {
    tableName,
    /** Available once the file's `beforeAll` hooks have run. */
    get documentClient(): DynamoDBDocumentClient {
      if (!table) throw new Error('the dynalite table is not started yet');
      return table.documentClient;
    },
    /** The table itself, to read what an adapter wrote; available once the file's `beforeAll` hooks have run. */
    get table(): TestTable {
      if (!table) throw new Error('the dynalite table is not started yet');
      return table;
    },
  };
};
