import { describe, expect, it } from 'vitest';
import { createDynamoChargerConfigurationRepository } from '../../shared/slices/configuration/adapters/dynamodb-charger-configuration-repository.ts';
import type { ChargerConfiguration } from '../../shared/slices/configuration/model.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createDynamoMaintenanceRepository } from '../../shared/slices/firmware/adapters/dynamodb-maintenance-repository.ts';
import type { MaintenanceState } from '../../shared/slices/firmware/model.ts';
import { createDynamoLocalListRepository } from '../../shared/slices/local-list/adapters/dynamodb-local-list-repository.ts';
import type { LocalListSnapshot } from '../../shared/slices/local-list/model.ts';
import { createDynamoReservationRepository } from '../../shared/slices/reservations/adapters/dynamodb-reservation-repository.ts';
import type { Reservation } from '../../shared/slices/reservations/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The DynamoDB adapters of the OCPP 1.6 stores, against dynalite. */
type Stores = Pick<Dependencies, 'chargerConfigs' | 'reservations' | 'localLists' | 'maintenance'>;

const dynalite = useDynaliteTable('csms-ocpp16-contract');
const { tableName } = dynalite;

const create = (): Stores => ({
  chargerConfigs: createDynamoChargerConfigurationRepository(dynalite.documentClient, tableName),
  reservations: createDynamoReservationRepository(dynalite.documentClient, tableName),
  localLists: createDynamoLocalListRepository(dynalite.documentClient, tableName),
  maintenance: createDynamoMaintenanceRepository(dynalite.documentClient, tableName),
});

/** Each test gets tenants of its own, since the dynalite table is shared by the file. */
let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `contract-${tenantCounter}`;
};

const at = '2024-05-01T12:00:00.000Z';

const aConfiguration = (tenantId: string, revision: number): ChargerConfiguration => ({
  tenantId,
  chargerId: 'cp-1',
  keys: {
    HeartbeatInterval: { value: '300', readonly: false, reportedAt: at },
    'Vendor.Setting:With*Odd.Chars': { readonly: true, reportedAt: at },
  },
  unknownKeys: ['Nope'],
  updatedAt: at,
  revision,
});

const aReservation = (
  tenantId: string,
  reservationId: number,
  overrides: Partial<Reservation> = {},
): Reservation => ({
  tenantId,
  chargerId: 'cp-1',
  siteId: 'site-1',
  reservationId,
  connectorId: 1,
  idToken: 'TAG-1',
  expiresAt: '2024-05-01T13:00:00.000Z',
  status: 'Active',
  commandId: `CMD${reservationId}`,
  createdAt: at,
  createdBy: 'key-1',
  updatedAt: at,
  updatedBy: 'key-1',
  revision: 1,
  ...overrides,
});

const aSnapshot = (
  tenantId: string,
  revision: number,
  entries: Record<string, string>,
): LocalListSnapshot => ({
  tenantId,
  chargerId: 'cp-1',
  version: revision * 10,
  entries,
  updateType: 'Full',
  updatedAt: at,
  revision,
});

describe('OCPP 1.6 stores (dynamodb)', () => {
  it('stores a configuration under optimistic locking', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();

    // Act
    const created = await stores.chargerConfigs.save(aConfiguration(tenantId, 1));
    const createdAgain = await stores.chargerConfigs.save(aConfiguration(tenantId, 1));
    const updated = await stores.chargerConfigs.save(aConfiguration(tenantId, 2));
    const stale = await stores.chargerConfigs.save(aConfiguration(tenantId, 2));
    const skipped = await stores.chargerConfigs.save(aConfiguration(tenantId, 4));

    // Assess
    expect([created, createdAgain, updated, stale, skipped]).toEqual([true, false, true, false, false]);
    expect(await stores.chargerConfigs.get(tenantId, 'cp-1')).toEqual(aConfiguration(tenantId, 2));
    expect(await stores.chargerConfigs.get(freshTenant(), 'cp-1')).toBeUndefined();
  });

  it('numbers reservations per charger from 1', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();

    // Act
    const ids = [
      await stores.reservations.nextId(tenantId, 'cp-1'),
      await stores.reservations.nextId(tenantId, 'cp-1'),
      await stores.reservations.nextId(tenantId, 'cp-2'),
      await stores.reservations.nextId(freshTenant(), 'cp-1'),
    ];

    // Assess
    expect(ids).toEqual([1, 2, 1, 1]);
  });

  it('stores reservations and lists the most recent first, without the counter', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();
    await stores.reservations.nextId(tenantId, 'cp-1');
    for (const id of [1, 2, 10]) await stores.reservations.save(aReservation(tenantId, id));

    // Act
    const all = await stores.reservations.list(tenantId, 'cp-1', { limit: 100 });
    const two = await stores.reservations.list(tenantId, 'cp-1', { limit: 2 });
    const one = await stores.reservations.get(tenantId, 'cp-1', 2);

    // Assess
    expect(all.map((reservation) => reservation.reservationId)).toEqual([10, 2, 1]);
    expect(two.map((reservation) => reservation.reservationId)).toEqual([10, 2]);
    expect(one).toEqual(aReservation(tenantId, 2));
    expect(await stores.reservations.list(freshTenant(), 'cp-1', { limit: 100 })).toEqual([]);
  });

  it('changes a reservation only from the revision it was read at', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();
    await stores.reservations.save(aReservation(tenantId, 1));

    // Act
    const used = await stores.reservations.save(aReservation(tenantId, 1, { status: 'Used', revision: 2 }));
    const cancelled = await stores.reservations.save(
      aReservation(tenantId, 1, { status: 'Cancelled', revision: 2 }),
    );

    // Assess
    expect([used, cancelled]).toEqual([true, false]);
    expect((await stores.reservations.get(tenantId, 'cp-1', 1))?.status).toBe('Used');
  });

  it('stores the local list snapshot and its summary, and neither on a conflict', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();
    const entries = { 'TAG-1': 'abcdefgh', 'A:B*C.D': '12345678' };

    // Act
    const first = await stores.localLists.save(aSnapshot(tenantId, 1, entries));
    const conflict = await stores.localLists.save(aSnapshot(tenantId, 1, {}));

    // Assess
    expect([first, conflict]).toEqual([true, false]);
    expect(await stores.localLists.getSnapshot(tenantId, 'cp-1')).toEqual(aSnapshot(tenantId, 1, entries));
    expect(await stores.localLists.getSummary(tenantId, 'cp-1')).toEqual({
      tenantId,
      chargerId: 'cp-1',
      version: 10,
      entryCount: 2,
      updateType: 'Full',
      updatedAt: at,
    });
  });

  it('keeps a snapshot of thousands of entries in one item', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();
    const entries = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`TAG-${String(i).padStart(16, '0')}`, 'abcdefgh']),
    );

    // Act
    const saved = await stores.localLists.save(aSnapshot(tenantId, 1, entries));

    // Assess
    expect(saved).toBe(true);
    expect(Object.keys((await stores.localLists.getSnapshot(tenantId, 'cp-1'))?.entries ?? {})).toHaveLength(
      10_000,
    );
  });

  it('keeps firmware and diagnostics apart', async () => {
    // Prepare
    const stores = create();
    const tenantId = freshTenant();
    const firmware: MaintenanceState = {
      tenantId,
      chargerId: 'cp-1',
      kind: 'firmware',
      status: 'Installed',
      statusAt: at,
      history: [{ status: 'Installed', at }],
      updatedAt: at,
      revision: 1,
    };

    // Act
    const saved = await stores.maintenance.save(firmware);
    const again = await stores.maintenance.save(firmware);

    // Assess
    expect([saved, again]).toEqual([true, false]);
    expect(await stores.maintenance.get(tenantId, 'cp-1', 'firmware')).toEqual(firmware);
    expect(await stores.maintenance.get(tenantId, 'cp-1', 'diagnostics')).toBeUndefined();
  });
});
