import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { localCredentials, localRegion, startLocalDynamoDb } from '../../local/dynamodb.ts';

/**
 * A real table (dynalite, the design the stack deploys) for one test file: started before its tests, removed
 * after. Contract tests ask the same of it and of the memory adapters.
 */
export const useDynaliteTable = (tableName: string) => {
  let dataDir = '';
  let dynamo: Awaited<ReturnType<typeof startLocalDynamoDb>> | undefined;
  let client: DynamoDBDocumentClient | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `${tableName}-`));
    dynamo = await startLocalDynamoDb(dataDir, tableName);
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    tableName,
    /** Available once the file's `beforeAll` hooks have run. */
    get documentClient(): DynamoDBDocumentClient {
      if (!client) throw new Error('the dynalite table is not started yet');
      return client;
    },
  };
};
