import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * The 2.0.1 charger-initiated messages beyond boot, status, authorization and transactions, over real sockets:
 * strict ocpp-rpc 2.0.1 clients (every payload checked against the OCA schemas both ways) on the local runtime.
 * Each answer is checked, and what it stored (the tenant API) or published (the local EventBridge).
 */

type Env = Awaited<ReturnType<typeof startTestRuntime>>;

const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----';

const givenConnected201 = async (env: Env, chargerId: string) => {
  const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [chargerId]);
  const client = await connectCharger({
    ocppUrl: env.runtime.ocppUrl,
    tenantId: tenant.tenantId,
    chargerId,
    password: tenant.chargers[chargerId]!.password,
    protocols: ['ocpp2.0.1'],
  });
  const strictFailures: unknown[] = [];
  client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
  await client.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'Vendor', model: 'Model' },
  });
  return { tenant, client, strictFailures };
};

/** The CALLERROR code a call is answered with (undefined: it was answered). */
const errorCodeOf = async (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: { rpcErrorCode?: string }) => error.rpcErrorCode,
  );

const meterValues = (evseId: number) => ({
  evseId,
  meterValue: [
    {
      timestamp: '2026-03-01T08:00:00.000Z',
      sampledValue: [
        {
          value: 123_456,
          measurand: 'Energy.Active.Import.Register',
          context: 'Sample.Clock',
          unitOfMeasure: { unit: 'Wh' },
        },
      ],
    },
  ],
});

describe('OCPP 2.0.1 security, firmware, log, DataTransfer and MeterValues messages over real sockets', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  const detailsOf = (tenantId: string, detailType: string) =>
    env.runtime.eventBridge.events
      .filter(
        (event) =>
          event['detail-type'] === detailType &&
          (event.detail as { tenantId?: string }).tenantId === tenantId,
      )
      .map((event) => event.detail);

  it('SecurityEventNotification and SignCertificate: answered and published', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-SEC');

    // Act
    const notified = await client.call('SecurityEventNotification', {
      type: 'SettingSystemTime',
      timestamp: '2026-03-01T09:00:00+01:00',
      techInfo: 'NTP',
    });
    const signing = await client.call('SignCertificate', {
      csr,
      certificateType: 'ChargingStationCertificate',
    });
    const refused = await client.call('SignCertificate', { csr: 'not a certificate request' });
    await env.runtime.settled();

    // Assess
    expect(notified).toEqual({});
    expect(signing).toEqual({ status: 'Accepted' });
    expect(refused).toEqual({ status: 'Rejected' });
    expect(detailsOf(tenant.tenantId, eventCatalog.securityEventReceived.detailType)).toEqual([
      expect.objectContaining({
        chargerId: 'CP-SEC',
        ocppVersion: 'ocpp2.0.1',
        type: 'SettingSystemTime',
        techInfo: 'NTP',
        occurredAt: '2026-03-01T08:00:00.000Z',
      }),
    ]);
    expect(detailsOf(tenant.tenantId, eventCatalog.certificateSigningRequested.detailType)).toEqual([
      expect.objectContaining({
        chargerId: 'CP-SEC',
        ocppVersion: 'ocpp2.0.1',
        csr,
        certificateType: 'ChargingStationCertificate',
      }),
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('UpdateFirmware, GetLog, PublishFirmware sent raw, then their status notifications: stored with the request and published', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-FW');
    const location = ['http://192.168.1.10/firmware/fw-3.1.bin'];
    client.raw.handle('UpdateFirmware', async () => ({ status: 'Accepted' }));
    client.raw.handle('GetLog', async () => ({ status: 'Accepted', filename: 'log-cp-fw.zip' }));
    client.raw.handle('PublishFirmware', async () => ({ status: 'Accepted' }));

    // Act
    const sent = [
      await tenant.api.post('/v1/chargers/CP-FW/ocpp/UpdateFirmware', {
        requestId: 42,
        firmware: {
          location: 'https://fw.example.test/fw-3.1.bin',
          retrieveDateTime: '2026-03-01T08:00:00Z',
        },
      }),
      await tenant.api.post('/v1/chargers/CP-FW/ocpp/GetLog', {
        requestId: 7,
        logType: 'DiagnosticsLog',
        log: { remoteLocation: 'https://logs.example.test/upload' },
      }),
      await tenant.api.post('/v1/chargers/CP-FW/ocpp/PublishFirmware', {
        requestId: 9,
        location: 'https://fw.example.test/fw-3.1.bin',
        checksum: 'd41d8cd98f00b204e9800998ecf8427e',
      }),
    ];
    const answers = [];
    for (const status of ['Downloading', 'Downloaded', 'Installed'])
      answers.push(await client.call('FirmwareStatusNotification', { status, requestId: 42 }));
    answers.push(await client.call('LogStatusNotification', { status: 'Uploading', requestId: 7 }));
    answers.push(await client.call('LogStatusNotification', { status: 'Uploaded', requestId: 7 }));
    answers.push(
      await client.call('PublishFirmwareStatusNotification', { status: 'Downloaded', requestId: 9 }),
    );
    answers.push(
      await client.call('PublishFirmwareStatusNotification', { status: 'Published', location, requestId: 9 }),
    );
    await env.runtime.settled();
    const maintenance = await tenant.api.get('/v1/chargers/CP-FW/maintenance');

    // Assess
    expect(sent.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers).toEqual([{}, {}, {}, {}, {}, {}, {}]);
    expect(maintenance.status).toBe(200);
    expect(maintenance.body.firmware).toMatchObject({
      status: 'Installed',
      requestId: 42,
      request: { action: 'UpdateFirmware', requestId: 42, answerStatus: 'Accepted', usesFileStore: false },
      history: [
        { status: 'Downloading', requestId: 42 },
        { status: 'Downloaded', requestId: 42 },
        { status: 'Installed', requestId: 42 },
      ],
    });
    expect(maintenance.body.diagnostics).toMatchObject({
      status: 'Uploaded',
      requestId: 7,
      request: { action: 'GetLog', requestId: 7, answerStatus: 'Accepted', fileName: 'log-cp-fw.zip' },
    });
    expect(maintenance.body.firmwarePublication).toMatchObject({
      status: 'Published',
      requestId: 9,
      request: { action: 'PublishFirmware', requestId: 9, answerStatus: 'Accepted' },
      locations: location,
      history: [{ status: 'Downloaded' }, { status: 'Published', locations: location }],
    });
    expect(
      detailsOf(tenant.tenantId, eventCatalog.firmwareStatusChanged.detailType).map((d) => [
        d.status,
        d.previousStatus,
        d.requestId,
      ]),
    ).toEqual([
      ['Downloading', undefined, 42],
      ['Downloaded', 'Downloading', 42],
      ['Installed', 'Downloaded', 42],
    ]);
    expect(detailsOf(tenant.tenantId, eventCatalog.diagnosticsStatusChanged.detailType)).toEqual([
      expect.objectContaining({ chargerId: 'CP-FW', status: 'Uploading', requestId: 7 }),
      expect.objectContaining({ status: 'Uploaded', previousStatus: 'Uploading', requestId: 7 }),
    ]);
    expect(detailsOf(tenant.tenantId, eventCatalog.firmwarePublicationStatusChanged.detailType)).toEqual([
      expect.objectContaining({ chargerId: 'CP-FW', status: 'Downloaded', requestId: 9 }),
      expect.objectContaining({ status: 'Published', previousStatus: 'Downloaded', locations: location }),
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('PublishFirmwareStatusNotification Published without a location: OccurrenceConstraintViolation, nothing stored', async () => {
    // Prepare
    const { tenant, client } = await givenConnected201(env, 'CP-PUB');

    // Act
    const code = await errorCodeOf(
      client.call('PublishFirmwareStatusNotification', { status: 'Published', requestId: 3 }),
    );
    await env.runtime.settled();
    const maintenance = await tenant.api.get('/v1/chargers/CP-PUB/maintenance');

    // Assess
    expect(code).toBe('OccurrenceConstraintViolation');
    expect(maintenance.body).toEqual({ chargerId: 'CP-PUB' });
    expect(detailsOf(tenant.tenantId, eventCatalog.firmwarePublicationStatusChanged.detailType)).toEqual([]);
    await client.close();
  });

  it('DataTransfer: UnknownVendorId, as in 1.6', async () => {
    // Prepare
    const { client, strictFailures } = await givenConnected201(env, 'CP-DT');

    // Act
    const withData = await client.call('DataTransfer', {
      vendorId: 'com.acme',
      messageId: 'Hello',
      data: { greeting: 'hi' },
    });
    const bare = await client.call('DataTransfer', { vendorId: 'org.openchargealliance.costmsg' });

    // Assess
    expect(withData).toEqual({ status: 'UnknownVendorId' });
    expect(bare).toEqual({ status: 'UnknownVendorId' });
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('MeterValues: answered and, as 1.6 values without a transaction, kept by no session; a bad EVSE id refused', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-MV');

    // Act
    const mainMeter = await client.call('MeterValues', meterValues(0));
    const evse = await client.call('MeterValues', meterValues(2));
    const code = await errorCodeOf(client.call('MeterValues', meterValues(1001)));
    await env.runtime.settled();
    const sessions = await tenant.api.get('/v1/sessions?chargerId=CP-MV');

    // Assess
    expect(mainMeter).toEqual({});
    expect(evse).toEqual({});
    expect(code).toBe('PropertyConstraintViolation');
    expect(sessions.status).toBe(200);
    expect(sessions.body.items).toEqual([]);
    expect(
      env.runtime.eventBridge.events.filter(
        (event) =>
          (event.detail as { tenantId?: string }).tenantId === tenant.tenantId &&
          String(event['detail-type']).startsWith('Transaction'),
      ),
    ).toEqual([]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });
});
