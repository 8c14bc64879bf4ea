import { expectStatus, tenantApi } from './api.ts';
import type { ChargerIdentity } from './charger.ts';
import type { Protocol } from './ocpp-messages.ts';

/** What a fleet needs to run: its tenant, charger credentials and accepted id tokens. Saved as JSON. */
export interface FleetFile {
  readonly apiUrl: string;
  /** `ws://host:port/ocpp/{tenantId}`. */
  readonly ocppEndpoint: string;
  readonly tenantId: string;
  readonly apiKey: string;
  readonly idTokens: readonly string[];
  readonly chargers: readonly ChargerIdentity[];
  /** Sites put under load management, with their grid limit (A per phase). */
  readonly siteLimits?: Readonly<Record<string, number>>;
}

export type ProtocolChoice = Protocol | 'mix';

export const protocolOf = (choice: ProtocolChoice, index: number): Protocol =>
  choice === 'mix' ? (index % 2 === 0 ? 'ocpp2.0.1' : 'ocpp1.6') : choice;

/** Most rows one `POST /v1/chargers/bulk` takes. */
const bulkRows = 1000;

const inParallel = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
};

/**
 * Provisions a fleet through the tenant API, as an operator would: a tenant (platform-admin key) with a rate
 * limit fit for the import, its sites (`siteSize` chargers each; 0: none), the chargers in bulk, and id tokens.
 */
export const provisionFleet = async (options: {
  readonly apiUrl: string;
  readonly adminKey: string;
  readonly chargers: number;
  readonly protocol: ProtocolChoice;
  readonly siteSize: number;
  readonly idTokens: number;
  /** Puts every site under load management with this grid limit (A per phase); absent: none. */
  readonly siteLimitA?: number;
  readonly log?: (line: string) => void;
}): Promise<FleetFile> => {
  const log = options.log ?? (() => undefined);
  const admin = tenantApi(options.apiUrl, options.adminKey);
  const tenant = expectStatus(
    'create tenant',
    await admin.post('/v1/tenants', { name: `Simulated fleet ${new Date().toISOString()}` }),
    201,
  ).body as { tenantId: string; apiKey: string };
  expectStatus(
    'raise the rate limit',
    await admin.patch(`/v1/tenants/${tenant.tenantId}`, { rateLimitPerSecond: 10_000 }),
    200,
  );
  const api = tenantApi(options.apiUrl, tenant.apiKey);

  const siteIds =
    options.siteSize > 0
      ? Array.from({ length: Math.ceil(options.chargers / options.siteSize) }, (_, i) => `site-${i + 1}`)
      : [];
  await inParallel(siteIds, 8, async (siteId) => {
    expectStatus(`create ${siteId}`, await api.post('/v1/sites', { siteId, name: siteId }), 201);
  });
  if (siteIds.length > 0) log(`${siteIds.length} sites`);
  const { siteLimitA } = options;
  if (siteLimitA !== undefined)
    await inParallel(siteIds, 8, async (siteId) => {
      expectStatus(
        `load management of ${siteId}`,
        await api.put(`/v1/sites/${siteId}/load-management`, { maxCurrentA: siteLimitA }),
        201,
      );
    });

  const rows = Array.from({ length: options.chargers }, (_, i) => ({
    chargerId: `SIM-${String(i + 1).padStart(6, '0')}`,
    ...(options.siteSize > 0 && { siteId: siteIds[Math.floor(i / options.siteSize)]! }),
  }));
  const chargers: ChargerIdentity[] = [];
  let ocppEndpoint = '';
  for (let start = 0; start < rows.length; start += bulkRows) {
    const batch = rows.slice(start, start + bulkRows);
    const { body } = expectStatus(
      'import chargers',
      await api.post('/v1/chargers/bulk', { chargers: batch }),
      200,
    );
    const created = body.created as { chargerId: string; password: string; ocppUrl: string }[];
    if (created.length !== batch.length) throw new Error(`import failed: ${JSON.stringify(body.failed)}`);
    const siteOf = new Map(batch.map((row) => [row.chargerId, row.siteId]));
    for (const { chargerId, password, ocppUrl } of created) {
      const index = chargers.length;
      const siteId = siteOf.get(chargerId);
      chargers.push({
        chargerId,
        password,
        protocol: protocolOf(options.protocol, index),
        ...(siteId && { siteId }),
      });
      ocppEndpoint ||= ocppUrl.slice(0, ocppUrl.lastIndexOf('/'));
    }
    log(`${chargers.length}/${rows.length} chargers`);
  }

  const idTokens = Array.from(
    { length: options.idTokens },
    (_, i) => `SIMTAG${String(i + 1).padStart(4, '0')}`,
  );
  await inParallel(idTokens, 8, async (idToken) => {
    const response = await api.put(`/v1/id-tokens/${idToken}`, { status: 'Accepted' });
    if (response.status !== 200 && response.status !== 201)
      expectStatus(`put id token ${idToken}`, response, 201);
  });
  return {
    apiUrl: options.apiUrl,
    ocppEndpoint,
    tenantId: tenant.tenantId,
    apiKey: tenant.apiKey,
    idTokens,
    chargers,
    ...(siteLimitA !== undefined && {
      siteLimits: Object.fromEntries(siteIds.map((siteId) => [siteId, siteLimitA])),
    }),
  };
};
