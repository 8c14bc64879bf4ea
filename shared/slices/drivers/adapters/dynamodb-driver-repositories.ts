import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { whenConditionHolds, withoutKeys } from '../../../adapters/dynamodb/conditional.ts';
import { decodeCursor, tableKeyAttributes } from '../../../adapters/dynamodb/cursor.ts';
import { queryIndexPage } from '../../../adapters/dynamodb/index-page.ts';
import { type ItemKey, keys } from '../../../adapters/dynamodb/keys.ts';
import { pageOf } from '../../../adapters/dynamodb/paging.ts';
import { patchExpression } from '../../../adapters/dynamodb/update-expression.ts';
import type { Change } from '../../../kernel/ports.ts';
import type { Driver, Fleet, FleetMemberKind, Vehicle } from '../model.ts';
import type { DriverRepository, FleetRepository, VehicleRepository } from '../ports.ts';

/** What drivers and vehicles share: one item per entity, listed through GSI1, changed by patch. */
const entityStore = <T>(db: DynamoDBDocumentClient, tableName: string, type: string) => ({
  create: (key: ItemKey, index: Record<string, string>, entity: T) =>
    whenConditionHolds(() =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, ...index, type, ...entity },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ),

  async get(key: ItemKey): Promise<T | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item ? withoutKeys<T>(Item) : undefined;
  },

  async update(key: ItemKey, changes: object, change: Change): Promise<T | undefined> {
    let updated: T | undefined;
    await whenConditionHolds(async () => {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          ...patchExpression({
            ...(changes as Record<string, unknown>),
            updatedAt: change.at,
            updatedBy: change.actor,
          }),
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      updated = Attributes && withoutKeys<T>(Attributes);
    });
    return updated;
  },

  async delete(key: ItemKey): Promise<T | undefined> {
    let deleted: T | undefined;
    await whenConditionHolds(async () => {
      const { Attributes } = await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: key,
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      deleted = Attributes && withoutKeys<T>(Attributes);
    });
    return deleted;
  },
});

/** Drivers, one partition each (the driver and a link item per vehicle), listed through GSI1. */
export const createDynamoDriverRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): DriverRepository => {
  const store = entityStore<Driver>(db, tableName, 'Driver');
  /** The values of `field` of the link items under `prefix` in the driver's partition. */
  const linksOf = async (partition: string, prefix: string, field: string): Promise<string[]> => {
    const values: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ProjectionExpression: '#field',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) values.push(item[field] as string);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return values;
  };
  const link = async (key: ItemKey, type: string, fields: Record<string, string>) => {
    await db.send(new PutCommand({ TableName: tableName, Item: { ...key, type, ...fields } }));
  };
  const unlink = async (key: ItemKey) => {
    await db.send(new DeleteCommand({ TableName: tableName, Key: key }));
  };
  /** A driver's reference, pointed at it whatever it named before (a driver written through the API). */
  const pointRef = async (driver: Driver | undefined) => {
    if (driver?.externalRef === undefined) return;
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.driverExternalRef(driver.tenantId, driver.externalRef),
          type: 'DriverExternalRef',
          driverId: driver.driverId,
        },
      }),
    );
  };
  return {
    async create(driver) {
      const created = await store.create(
        keys.driver(driver.tenantId, driver.driverId),
        keys.driverIndex(driver.tenantId, driver.driverId),
        driver,
      );
      if (created) await pointRef(driver);
      return created;
    },
    get: (tenantId, driverId) => store.get(keys.driver(tenantId, driverId)),
    list: (tenantId, query) =>
      queryIndexPage<Driver>(db, tableName, keys.driverIndexPartition(tenantId), query),
    async update(tenantId, driverId, changes, change) {
      const updated = await store.update(keys.driver(tenantId, driverId), changes, change);
      if (typeof changes.externalRef === 'string') await pointRef(updated);
      return updated;
    },
    async delete(tenantId, driverId) {
      const deleted = await store.delete(keys.driver(tenantId, driverId));
      // Its reference goes with it (if it still names it): an import then makes a new driver, not this id again.
      if (deleted?.externalRef !== undefined)
        await whenConditionHolds(() =>
          db.send(
            new DeleteCommand({
              TableName: tableName,
              Key: keys.driverExternalRef(tenantId, deleted.externalRef as string),
              ConditionExpression: 'driverId = :driverId',
              ExpressionAttributeValues: { ':driverId': driverId },
            }),
          ),
        );
      return deleted !== undefined;
    },

    vehicleIdsOf: (tenantId, driverId) =>
      linksOf(keys.driverPartition(tenantId, driverId), keys.driverVehiclePrefix, 'vehicleId'),
    linkVehicle: (tenantId, driverId, vehicleId) =>
      link(keys.driverVehicle(tenantId, driverId, vehicleId), 'DriverVehicle', { vehicleId }),
    unlinkVehicle: (tenantId, driverId, vehicleId) =>
      unlink(keys.driverVehicle(tenantId, driverId, vehicleId)),
    idTokensOf: (tenantId, driverId) =>
      linksOf(keys.driverPartition(tenantId, driverId), keys.driverIdTokenPrefix, 'idToken'),
    linkIdToken: (tenantId, driverId, idToken) =>
      link(keys.driverIdToken(tenantId, driverId, idToken), 'DriverIdToken', { idToken }),
    unlinkIdToken: (tenantId, driverId, idToken) => unlink(keys.driverIdToken(tenantId, driverId, idToken)),
    async driverIdOfExternalRef(tenantId, externalRef) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.driverExternalRef(tenantId, externalRef),
          ConsistentRead: true,
        }),
      );
      return Item?.driverId as string | undefined;
    },
    claimExternalRef: (tenantId, externalRef, driverId, expected) =>
      whenConditionHolds(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.driverExternalRef(tenantId, externalRef), type: 'DriverExternalRef', driverId },
            ...(expected === undefined
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: 'driverId = :expected',
                  ExpressionAttributeValues: { ':expected': expected },
                }),
          }),
        ),
      ),
  };
};

/** Vehicles, one partition each, listed through GSI1. */
export const createDynamoVehicleRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): VehicleRepository => {
  const store = entityStore<Vehicle>(db, tableName, 'Vehicle');
  return {
    create: (vehicle) =>
      store.create(
        keys.vehicle(vehicle.tenantId, vehicle.vehicleId),
        keys.vehicleIndex(vehicle.tenantId, vehicle.vehicleId),
        vehicle,
      ),
    get: (tenantId, vehicleId) => store.get(keys.vehicle(tenantId, vehicleId)),
    list: (tenantId, query) =>
      queryIndexPage<Vehicle>(db, tableName, keys.vehicleIndexPartition(tenantId), query),
    update: (tenantId, vehicleId, changes, change) =>
      store.update(keys.vehicle(tenantId, vehicleId), changes, change),
    delete: (tenantId, vehicleId) => store.delete(keys.vehicle(tenantId, vehicleId)),
  };
};

const memberKind = (kind: FleetMemberKind) => (kind === 'driver' ? 'DRIVER' : 'VEHICLE');

/** Fleets, one partition each (the fleet and a link item per member), listed through GSI1. */
export const createDynamoFleetRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): FleetRepository => {
  const store = entityStore<Fleet>(db, tableName, 'Fleet');
  return {
    create: (fleet) =>
      store.create(
        keys.fleet(fleet.tenantId, fleet.fleetId),
        keys.fleetIndex(fleet.tenantId, fleet.fleetId),
        fleet,
      ),
    get: (tenantId, fleetId) => store.get(keys.fleet(tenantId, fleetId)),
    list: (tenantId, query) =>
      queryIndexPage<Fleet>(db, tableName, keys.fleetIndexPartition(tenantId), query),
    update: (tenantId, fleetId, changes, change) =>
      store.update(keys.fleet(tenantId, fleetId), changes, change),

    async delete(tenantId, fleetId) {
      // One fleet item and members (`DRIVER#…`, `VEHICLE#…`) in the partition: of any two items, one is a member.
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.fleetPartition(tenantId, fleetId) },
          ProjectionExpression: 'SK',
          ConsistentRead: true,
          Limit: 2,
        }),
      );
      if (Items.some((item) => item.SK !== keys.fleet(tenantId, fleetId).SK)) return 'has-members';
      return (await store.delete(keys.fleet(tenantId, fleetId))) ?? 'not-found';
    },

    async memberIds(tenantId, fleetId, kind, query) {
      const partition = keys.fleetPartition(tenantId, fleetId);
      const prefix = keys.fleetMemberPrefix(memberKind(kind));
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
          Limit: query.limit + 1,
          ExclusiveStartKey: decodeCursor(query.cursor, {
            attributes: tableKeyAttributes,
            partition: ['PK', partition],
            sortPrefix: ['SK', prefix],
          }),
        }),
      );
      return pageOf(Items, query.limit, (item) => item.memberId as string);
    },

    async link(tenantId, fleetId, kind, memberId) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.fleetMember(tenantId, fleetId, memberKind(kind), memberId),
            type: 'FleetMember',
            memberId,
          },
        }),
      );
    },

    async unlink(tenantId, fleetId, kind, memberId) {
      await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.fleetMember(tenantId, fleetId, memberKind(kind), memberId),
        }),
      );
    },
  };
};
