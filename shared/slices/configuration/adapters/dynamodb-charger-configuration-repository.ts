import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { keys } from '../../../adapters/dynamodb/keys.ts';
import { putIfRevision } from '../../../adapters/dynamodb/revision.ts';
import type { ChargerConfiguration } from '../model.ts';
import type { ChargerConfigurationRepository } from '../ports.ts';

/** `TENANT#t#CS#cp#CFG / CONFIG`: one item per charger, the reported keys as a map. */
export const createDynamoChargerConfigurationRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): ChargerConfigurationRepository => ({
  async get(tenantId, chargerId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.chargerConfiguration(tenantId, chargerId),
        ConsistentRead: true,
      }),
    );
    return Item && withoutKeys<ChargerConfiguration>(Item);
  },

  save: (configuration) =>
    putIfRevision(db, tableName, {
      ...keys.chargerConfiguration(configuration.tenantId, configuration.chargerId),
      type: 'ChargerConfiguration',
      ...configuration,
    }),
});
