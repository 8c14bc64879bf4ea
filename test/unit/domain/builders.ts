import { hashSecret } from '../../../shared/kernel/credentials.ts';
import type { ConnectionInput } from '../../../shared/slices/chargers/charger-connection.ts';
import type { ChargerMessageContext } from '../../../shared/slices/chargers/charger-messages.ts';
import type { BootInfo, Charger } from '../../../shared/slices/chargers/model.ts';
import type { ApiKey, Site, Tenant } from '../../../shared/slices/tenancy/model.ts';
import type { TestDependencies } from '../../support/test-dependencies.ts';

export const at = '2024-05-01T12:00:00.000Z';

const audit = { createdAt: at, createdBy: 'key-0', updatedAt: at, updatedBy: 'key-0' };

export const aTenant = (overrides: Partial<Tenant> = {}): Tenant => ({
  tenantId: 'tenant-a',
  name: 'Tenant A',
  status: 'active',
  ...audit,
  ...overrides,
});

export const anApiKey = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  tenantId: 'tenant-a',
  keyId: 'key-1',
  secretHash: hashSecret('secret'),
  role: 'operator',
  ...audit,
  ...overrides,
});

export const chargerPassword = 'correct-horse-battery-staple';

export const aCharger = (overrides: Partial<Charger> = {}): Charger => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  siteId: 'site-1',
  passwordHash: hashSecret(chargerPassword),
  ...audit,
  ...overrides,
});

export const aSite = (overrides: Partial<Site> = {}): Site => ({
  tenantId: 'tenant-a',
  siteId: 'site-1',
  name: 'Depot North',
  ...audit,
  ...overrides,
});

export const aBoot = (overrides: Partial<BootInfo> = {}): BootInfo => ({
  vendor: 'Acme',
  model: 'Wallbox-22',
  serialNumber: 'SN-0001',
  firmwareVersion: '1.4.2',
  ...overrides,
});

export const aMessageContext = (overrides: Partial<ChargerMessageContext> = {}): ChargerMessageContext => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  siteId: 'site-1',
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  messageId: 'msg-1',
  receivedAt: at,
  correlationId: 'corr-1',
  ...overrides,
});

export const aConnectionInput = (overrides: Partial<ConnectionInput> = {}): ConnectionInput => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  siteId: 'site-1',
  connectionId: 'conn-1',
  correlationId: 'corr-1',
  ...overrides,
});

export const basicAuth = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

/** Stores a tenant (created unless it exists) and a charger of it. */
export const givenCharger = async (
  deps: Pick<TestDependencies, 'tenants' | 'chargers'>,
  charger: Partial<Charger> = {},
  tenant: Partial<Tenant> = {},
): Promise<Charger> => {
  const stored = aCharger(charger);
  if (!(await deps.tenants.get(stored.tenantId))) {
    await deps.tenants.create(
      aTenant({ tenantId: stored.tenantId, ...tenant }),
      anApiKey({ tenantId: stored.tenantId, keyId: `key-of-${stored.tenantId}` }),
    );
  }
  await deps.chargers.create(stored);
  return stored;
};
