import type { LocalRuntime } from '../../local/runtime.ts';
import { apiClient } from './api-client.ts';
import { ocpp201Samples } from './csms-action-samples.ts';
import { connectCharger } from './ocpp-client.ts';

/**
 * Two tenants that share names: both have site `S-1`, charger `CP-1` (in S-1), id token `TAG-1`, a completed
 * OCPP 2.0.1 session with the charger's transaction id `TX-1` on CP-1, an extra API key and a command record.
 * Both CP-1 reported a display message and a monitor of their own; A's CP-A reported customer information
 * (request 1). Tenant A also has resources B has no namesake of (`S-A`, `CP-A` online in S-A, `TAG-A`), so that a route
 * acting on them with B's key has nothing of B's to find. Values that tell the tenants apart (vendor, site
 * name, token status, energy) differ on purpose: an answer with A's value to B is a leak.
 */

export type Charger = Awaited<ReturnType<typeof connectCharger>>;

export interface ReceivedCall {
  readonly chargerId: string;
  readonly action: string;
  readonly params: unknown;
}

export interface TenantFixture {
  readonly label: 'A' | 'B';
  readonly tenantId: string;
  readonly apiKey: string;
  readonly firstKeyId: string;
  readonly extraKeyId: string;
  readonly api: ReturnType<typeof apiClient>;
  readonly passwords: Record<string, string>;
  readonly sessionId: string;
  readonly commandId: string;
  /** The tenant's driver (named `Driver of <label>`, holder of TAG-1) and the vehicle linked to them. */
  readonly driverId: string;
  readonly vehicleId: string;
  /** The fleet (`Fleet of <label>`) of the driver and the vehicle: the session on CP-1 counts for it. */
  readonly fleetId: string;
  /** A fleet-scoped operator key of that fleet. */
  readonly fleetKeyId: string;
  readonly fleetApi: ReturnType<typeof apiClient>;
  /** A webhook for an event the tests never cause (nothing is delivered), and its secret. */
  readonly webhookId: string;
  readonly webhookSecret: string;
  /** A's incident: CP-A stayed Faulted through self-healing's one reset (B has none). */
  readonly incidentId?: string;
  /** The faulted delay of the tenant's self-healing settings (they differ). */
  readonly faultedDelaySeconds: number;
  readonly vendor: string;
  readonly siteName: string;
  readonly tokenStatus: 'Accepted' | 'Blocked';
  /** The currency of the tenant's tariff TARIFF-1. */
  readonly tariffCurrency: string;
  /** The grid limit of S-1's load management. */
  readonly gridLimitA: number;
  /** The energy CP-1's EV said it needs on EVSE 1 (NotifyEVChargingNeeds), in Wh. */
  readonly evEnergyAmountWh: number;
  readonly energyWh: number;
  /** What Authorize of TAG-1 answered this tenant's CP-1. */
  readonly authorizeStatus: string;
  /** Live strict clients by charger id; replaced when a test reconnects one. */
  readonly clients: Record<string, Charger>;
  /** Every CSMS→charger call any of the tenant's clients received. */
  readonly received: ReceivedCall[];
}

export interface TwoTenants {
  readonly a: TenantFixture;
  readonly b: TenantFixture;
}

const idToken = { idToken: 'TAG-1', type: 'ISO14443' };

const energy = (wh: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value: wh,
  unitOfMeasure: { unit: 'Wh' },
});

const ok = (what: string, response: { status: number; body: unknown }, expected: number[]) => {
  if (!expected.includes(response.status))
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

/**
 * Connects a strict 2.0.1 client that answers every CSMS-initiated action with its sample answer and records
 * the call in `tenant.received`; the client is stored in `tenant.clients`.
 */
export const connectAnswering = async (
  runtime: LocalRuntime,
  tenant: Pick<TenantFixture, 'tenantId' | 'passwords' | 'clients' | 'received'>,
  chargerId: string,
  password = tenant.passwords[chargerId]!,
): Promise<Charger> => {
  const client = await connectCharger({
    ocppUrl: runtime.ocppUrl,
    tenantId: tenant.tenantId,
    chargerId,
    password,
    protocols: ['ocpp2.0.1'],
  });
  client.raw.handle(async ({ method, params }) => {
    tenant.received.push({ chargerId, action: method ?? '?', params });
    const sample = method ? ocpp201Samples[method] : undefined;
    if (!sample) throw new Error(`no sample answer for ${method}`);
    return sample.response;
  });
  tenant.clients[chargerId] = client;
  return client;
};

const bootAndReport = async (client: Charger, vendor: string) => {
  await client.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: vendor, model: `Model-${vendor}` },
  });
  await client.call('StatusNotification', {
    timestamp: new Date().toISOString(),
    connectorStatus: 'Available',
    evseId: 1,
    connectorId: 1,
  });
};

const generatedAt = '2026-01-10T12:00:00.000Z';

/**
 * CP-1 reports a display message `Display of <label>` and a monitor (id 1 for A, 2 for B), each answering a
 * request sent through the raw passthrough.
 */
const reportDisplayAndMonitors = async (
  api: ReturnType<typeof apiClient>,
  client: Charger,
  label: 'A' | 'B',
) => {
  client.raw.handle('GetDisplayMessages', async () => ({ status: 'Accepted' }));
  client.raw.handle('GetMonitoringReport', async () => ({ status: 'Accepted' }));
  try {
    ok(
      `${label}: GetDisplayMessages`,
      await api.post('/v1/chargers/CP-1/ocpp/GetDisplayMessages', { requestId: 1 }),
      [200],
    );
    await client.call('NotifyDisplayMessages', {
      requestId: 1,
      messageInfo: [
        { id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: `Display of ${label}` } },
      ],
    });
    ok(
      `${label}: GetMonitoringReport`,
      await api.post('/v1/chargers/CP-1/ocpp/GetMonitoringReport', { requestId: 1 }),
      [200],
    );
    await client.call('NotifyMonitoringReport', {
      requestId: 1,
      seqNo: 0,
      generatedAt,
      monitor: [
        {
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Power' },
          variableMonitoring: [
            { id: label === 'A' ? 1 : 2, transaction: false, value: 100, type: 'Delta', severity: 5 },
          ],
        },
      ],
    });
  } finally {
    client.raw.removeHandler('GetDisplayMessages');
    client.raw.removeHandler('GetMonitoringReport');
  }
};

/** The A-only charger reports `Customer data of <label>` for CustomerInformation request 1. */
const reportCustomerInformation = async (
  api: ReturnType<typeof apiClient>,
  client: Charger,
  label: 'A' | 'B',
) => {
  ok(
    `${label}: CustomerInformation`,
    await api.post('/v1/chargers/CP-A/ocpp/CustomerInformation', ocpp201Samples.CustomerInformation!.request),
    [200],
  );
  await client.call('NotifyCustomerInformation', {
    requestId: 1,
    seqNo: 0,
    data: `Customer data of ${label}`,
    generatedAt,
  });
};

/** One tenant of the pair, provisioned through the API and driven over OCPP. */
const provision = async (
  runtime: LocalRuntime,
  label: 'A' | 'B',
  spec: {
    tokenStatus: 'Accepted' | 'Blocked';
    meterStartWh: number;
    meterStopWh: number;
    /** Resources A has and B has no namesake of. */
    onlyHere: { siteId: string; chargerId: string; idToken: string; tariffId: string } | undefined;
  },
): Promise<TenantFixture> => {
  const admin = apiClient(runtime.apiUrl, runtime.adminKey);
  const created = ok(
    `tenant ${label}`,
    await admin.post('/v1/tenants', { name: `isolation-${label}` }),
    [201],
  );
  const { tenantId, apiKey } = created.body as { tenantId: string; apiKey: string };
  const api = apiClient(runtime.apiUrl, apiKey);
  const vendor = `Vendor-${label}`;
  const siteName = `Site 1 of ${label}`;

  const sites = [{ siteId: 'S-1', name: siteName }];
  const chargers = [{ chargerId: 'CP-1', siteId: 'S-1' }];
  const tokens = ['TAG-1'];
  if (spec.onlyHere) {
    sites.push({ siteId: spec.onlyHere.siteId, name: `Site ${spec.onlyHere.siteId} of ${label}` });
    chargers.push({ chargerId: spec.onlyHere.chargerId, siteId: spec.onlyHere.siteId });
    tokens.push(spec.onlyHere.idToken);
  }
  for (const site of sites) ok(`${label}: site ${site.siteId}`, await api.post('/v1/sites', site), [201]);
  const passwords: Record<string, string> = {};
  for (const charger of chargers) {
    const response = ok(
      `${label}: charger ${charger.chargerId}`,
      await api.post('/v1/chargers', charger),
      [201],
    );
    passwords[charger.chargerId] = (response.body as { password: string }).password;
  }
  const fleet = ok(`${label}: fleet`, await api.post('/v1/fleets', { name: `Fleet of ${label}` }), [201]);
  const fleetId = (fleet.body as { fleetId: string }).fleetId;
  const driver = ok(
    `${label}: driver`,
    await api.post('/v1/drivers', {
      name: `Driver of ${label}`,
      email: `driver-${label}@example.test`,
      fleetId,
    }),
    [201],
  );
  const driverId = (driver.body as { driverId: string }).driverId;
  const vehicle = ok(
    `${label}: vehicle`,
    await api.post('/v1/vehicles', {
      driverId,
      licencePlate: `PLATE-${label}`,
      make: `Make ${label}`,
      fleetId,
    }),
    [201],
  );
  // A's CP-A is in a migration cohort of A's own (its connection below is counted): B's key must not find it.
  if (spec.onlyHere)
    ok(
      `${label}: cohort of ${spec.onlyHere.chargerId}`,
      await api.patch(`/v1/chargers/${spec.onlyHere.chargerId}`, { cohort: 'WAVE-A' }),
      [200],
    );
  for (const token of tokens)
    ok(
      `${label}: token ${token}`,
      // TAG-1 is the driver's: the session on CP-1 is theirs, in their vehicle, and counts for their fleet.
      await api.put(`/v1/id-tokens/${token}`, {
        status: spec.tokenStatus,
        ...(token === 'TAG-1' && { driverId }),
      }),
      [201],
    );
  const gridLimitA = label === 'A' ? 100 : 40;
  ok(
    `${label}: load management of S-1`,
    await api.put('/v1/sites/S-1/load-management', {
      maxCurrentA: gridLimitA,
      circuits: [{ circuitId: 'main', maxCurrentA: gridLimitA }],
    }),
    [201],
  );
  const tariffCurrency = label === 'A' ? 'EUR' : 'CHF';
  for (const tariffId of ['TARIFF-1', ...(spec.onlyHere ? [spec.onlyHere.tariffId] : [])])
    ok(
      `${label}: tariff ${tariffId}`,
      await api.put(`/v1/tariffs/${tariffId}`, {
        currency: tariffCurrency,
        elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] }],
      }),
      [201],
    );
  const extraKey = ok(
    `${label}: extra key`,
    await api.post('/v1/api-keys', { role: 'viewer', description: `extra key of ${label}` }),
    [201],
  );
  const fleetKey = ok(
    `${label}: fleet key`,
    await api.post('/v1/api-keys', { role: 'operator', fleetId, description: `fleet key of ${label}` }),
    [201],
  );

  const webhook = ok(
    `${label}: webhook`,
    await api.post('/v1/webhooks', {
      url: `https://hooks-${label.toLowerCase()}.example.test/csms`,
      events: ['FirmwareStatusChanged.v1'],
    }),
    [201],
  );

  const fixture = {
    label,
    webhookId: (webhook.body as { webhookId: string }).webhookId,
    webhookSecret: (webhook.body as { secret: string }).secret,
    tenantId,
    apiKey,
    firstKeyId: apiKey.split('.')[2] as string,
    extraKeyId: (extraKey.body as { keyId: string }).keyId,
    api,
    passwords,
    vendor,
    siteName,
    tokenStatus: spec.tokenStatus,
    tariffCurrency,
    driverId,
    vehicleId: (vehicle.body as { vehicleId: string }).vehicleId,
    fleetId,
    fleetKeyId: (fleetKey.body as { keyId: string }).keyId,
    fleetApi: apiClient(runtime.apiUrl, (fleetKey.body as { apiKey: string }).apiKey),
    gridLimitA,
    evEnergyAmountWh: label === 'A' ? 44_000 : 11_000,
    energyWh: spec.meterStopWh - spec.meterStartWh,
    clients: {} as Record<string, Charger>,
    received: [] as ReceivedCall[],
  };

  // A completed session on CP-1; both tenants use the charger's transaction id TX-1.
  for (const charger of chargers) {
    const client = await connectAnswering(runtime, fixture, charger.chargerId);
    await bootAndReport(client, vendor);
  }
  const cp1 = fixture.clients['CP-1']!;
  // The EV on CP-1's EVSE 1 says what it needs: the tenants' amounts differ.
  await cp1.call('NotifyEVChargingNeeds', {
    evseId: 1,
    chargingNeeds: {
      requestedEnergyTransfer: 'AC_three_phase',
      acChargingParameters: {
        energyAmount: fixture.evEnergyAmountWh,
        evMinCurrent: 6,
        evMaxCurrent: 16,
        evMaxVoltage: 400,
      },
    },
  });
  const authorized = await cp1.call('Authorize', { idToken });
  await cp1.call('TransactionEvent', {
    eventType: 'Started',
    timestamp: '2026-01-10T10:00:00.000Z',
    triggerReason: 'Authorized',
    seqNo: 0,
    transactionInfo: { transactionId: 'TX-1' },
    evse: { id: 1, connectorId: 1 },
    idToken,
    meterValue: [{ timestamp: '2026-01-10T10:00:00.000Z', sampledValue: [energy(spec.meterStartWh)] }],
  });
  await cp1.call('TransactionEvent', {
    eventType: 'Ended',
    timestamp: '2026-01-10T11:00:00.000Z',
    triggerReason: 'StopAuthorized',
    seqNo: 1,
    transactionInfo: { transactionId: 'TX-1', stoppedReason: 'Local' },
    idToken,
    meterValue: [{ timestamp: '2026-01-10T11:00:00.000Z', sampledValue: [energy(spec.meterStopWh)] }],
  });
  await runtime.settled();
  const sessions = ok(`${label}: sessions`, await api.get('/v1/sessions?chargerId=CP-1'), [200]);
  // Picked by its energy, so that a list that mixes tenants fails its own matrix case rather than the fixture.
  const items = (sessions.body as { items: { sessionId: string; energyWh: number }[] }).items.filter(
    (item) => item.energyWh === fixture.energyWh,
  );
  if (items.length !== 1)
    throw new Error(`${label}: ${items.length} sessions of ${fixture.energyWh} Wh on CP-1`);

  // A command record: a Reset that CP-1 answers.
  const command = ok(
    `${label}: reset command`,
    await api.post('/v1/chargers/CP-1/commands/reset', { type: 'soft' }),
    [200],
  );

  await reportDisplayAndMonitors(api, cp1, label);
  if (spec.onlyHere) await reportCustomerInformation(api, fixture.clients[spec.onlyHere.chargerId]!, label);
  const incidentId = spec.onlyHere
    ? await openIncident(runtime, api, fixture.clients[spec.onlyHere.chargerId]!, label)
    : undefined;
  if (!spec.onlyHere)
    ok(
      `${label}: self-healing`,
      await api.put('/v1/self-healing', { enabled: false, faultedDelaySeconds: 900 }),
      [200],
    );

  return {
    ...fixture,
    sessionId: items[0]!.sessionId,
    ...(incidentId && { incidentId }),
    faultedDelaySeconds: spec.onlyHere ? 1 : 900,
    commandId: (command.body as { commandId: string }).commandId,
    authorizeStatus: (authorized as { idTokenInfo: { status: string } }).idTokenInfo.status,
  };
};

/**
 * Self-healing on (1-second waits: the runtime allows them), CP-A reports Faulted and stays so through the one
 * reset: the workflow opens an incident. Returns its id.
 */
const openIncident = async (
  runtime: LocalRuntime,
  api: ReturnType<typeof apiClient>,
  client: Charger,
  label: string,
): Promise<string> => {
  ok(
    `${label}: self-healing`,
    await api.put('/v1/self-healing', {
      enabled: true,
      faultedDelaySeconds: 1,
      maxResets: 1,
      rebootWaitSeconds: 1,
    }),
    [200],
  );
  await client.call('StatusNotification', {
    timestamp: new Date().toISOString(),
    connectorStatus: 'Faulted',
    evseId: 1,
    connectorId: 1,
  });
  await runtime.settled();
  const incidents = ok(`${label}: incidents`, await api.get('/v1/incidents'), [200]);
  const [incident] = (incidents.body as { items: { incidentId: string }[] }).items;
  if (!incident) throw new Error(`${label}: self-healing opened no incident`);
  return incident.incidentId;
};

/**
 * Tenant A (with A-only S-A, CP-A, TAG-A, TARIFF-A) and tenant B, both with S-1, CP-1, TAG-1, TARIFF-1, a session
 * and a command.
 */
export const givenTwoTenants = async (runtime: LocalRuntime): Promise<TwoTenants> => {
  const a = await provision(runtime, 'A', {
    tokenStatus: 'Accepted',
    meterStartWh: 1000,
    meterStopWh: 5000,
    onlyHere: { siteId: 'S-A', chargerId: 'CP-A', idToken: 'TAG-A', tariffId: 'TARIFF-A' },
  });
  const b = await provision(runtime, 'B', {
    tokenStatus: 'Blocked',
    meterStartWh: 2000,
    meterStopWh: 2300,
    onlyHere: undefined,
  });
  // What the fixture's own Reset commands delivered is not what the tests look at.
  a.received.length = 0;
  b.received.length = 0;
  return { a, b };
};

/** Everything tenant A can read about itself through the API; compared before and after B's calls. */
export const snapshotOf = async (tenant: TenantFixture) => {
  const paths = [
    '/v1/chargers',
    '/v1/chargers/CP-1',
    '/v1/chargers/CP-A',
    '/v1/chargers/CP-1/smart-charging',
    '/v1/chargers/CP-A/smart-charging',
    '/v1/id-tokens',
    '/v1/id-tokens/TAG-1',
    '/v1/id-tokens/TAG-A',
    '/v1/sites',
    '/v1/sites/S-1',
    '/v1/sites/S-A',
    '/v1/sites/S-1/load-management',
    '/v1/sites/S-1/load-management/history',
    '/v1/api-keys',
    '/v1/sessions',
    `/v1/sessions/${tenant.sessionId}`,
    '/v1/cdrs',
    `/v1/cdrs/${tenant.sessionId}-1`,
    `/v1/commands/${tenant.commandId}`,
    '/v1/audit-log',
    '/v1/tariffs',
    '/v1/tariffs/TARIFF-1',
    '/v1/tariffs/TARIFF-A',
    '/v1/drivers',
    `/v1/drivers/${tenant.driverId}`,
    `/v1/drivers/${tenant.driverId}/export`,
    '/v1/vehicles',
    `/v1/vehicles/${tenant.vehicleId}`,
    '/v1/fleets',
    `/v1/fleets/${tenant.fleetId}`,
    `/v1/fleets/${tenant.fleetId}/drivers`,
    `/v1/fleets/${tenant.fleetId}/vehicles`,
    `/v1/fleets/${tenant.fleetId}/sessions`,
    `/v1/fleets/${tenant.fleetId}/reports/monthly?month=2026-01`,
    '/v1/webhooks',
    `/v1/webhooks/${tenant.webhookId}`,
    `/v1/webhooks/${tenant.webhookId}/deliveries`,
    '/v1/chargers/CP-1/display-messages',
    '/v1/chargers/CP-1/device-model/monitors',
    '/v1/chargers/CP-A/customer-information/1',
    '/v1/self-healing',
    '/v1/chargers/CP-A/self-healing',
    '/v1/incidents',
    '/v1/reports/fleet',
    ...(tenant.label === 'A' ? ['/v1/reports/cohorts/WAVE-A'] : []),
    ...(tenant.incidentId ? [`/v1/incidents/${tenant.incidentId}`] : []),
  ];
  const entries = await Promise.all(
    paths.map(async (path) => {
      const { status, body } = await tenant.api.get(path);
      return [path, { status, body }] as const;
    }),
  );
  return Object.fromEntries(entries);
};

/** The values of `tenant` that no other tenant may ever see (its names, which others may share, excluded). */
export const secretsOf = (tenant: TenantFixture): Record<string, string> => ({
  tenantId: tenant.tenantId,
  apiKey: tenant.apiKey,
  firstKeyId: tenant.firstKeyId,
  extraKeyId: tenant.extraKeyId,
  sessionId: tenant.sessionId,
  commandId: tenant.commandId,
  driverId: tenant.driverId,
  vehicleId: tenant.vehicleId,
  driverName: `Driver of ${tenant.label}`,
  licencePlate: `PLATE-${tenant.label}`,
  fleetId: tenant.fleetId,
  fleetKeyId: tenant.fleetKeyId,
  fleetName: `Fleet of ${tenant.label}`,
  webhookId: tenant.webhookId,
  webhookSecret: tenant.webhookSecret,
  ...(tenant.incidentId && { incidentId: tenant.incidentId }),
  vendor: tenant.vendor,
  siteName: tenant.siteName,
  displayMessage: `Display of ${tenant.label}`,
  customerData: `Customer data of ${tenant.label}`,
  ...Object.fromEntries(
    Object.entries(tenant.passwords).map(([id, password]) => [`password ${id}`, password]),
  ),
});
