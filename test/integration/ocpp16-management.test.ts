import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * OCPP 1.6 reservations, local list, configuration, diagnostics and firmware over real sockets: a strict
 * ocpp-rpc 1.6 client (every payload checked against the OCA schemas both ways) on the local runtime, file
 * transfers through real HTTP to the runtime's S3 emulation.
 */

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>['runtime'];
type Api = ReturnType<typeof apiClient>;

const messageLimit = 128 * 1024;

const givenConnected16 = async (runtime: Runtime, chargerId: string) => {
  const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, [chargerId]);
  const client = await connectCharger({
    ocppUrl: runtime.ocppUrl,
    tenantId: tenant.tenantId,
    chargerId,
    password: tenant.chargers[chargerId]!.password,
    protocols: ['ocpp1.6'],
  });
  const strictFailures: unknown[] = [];
  client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
  return { tenant, client, strictFailures };
};

/**
 * PUTs id tokens, a few at a time; each as large as OCPP 1.6 allows (143 bytes in a list: 1000 of them need
 * two messages). About 7 ms each through the local API, hence the longer timeout of the test using them.
 */
const givenIdTokens = async (api: Api, count: number) => {
  const tags = Array.from({ length: count }, (_, i) => `TAG-${String(i).padStart(16, '0')}`);
  for (let i = 0; i < tags.length; i += 25) {
    const answers = await Promise.all(
      tags.slice(i, i + 25).map((tag, j) =>
        api.put(`/v1/id-tokens/${tag}`, {
          status: 'Accepted',
          expiresAt: '2030-01-01T00:00:00.000Z',
          groupId: `PARENT-${String((i + j) % 97).padStart(13, '0')}`,
        }),
      ),
    );
    const failed = answers.find((answer) => answer.status !== 201);
    if (failed) throw new Error(`id token not created: ${failed.status} ${JSON.stringify(failed.body)}`);
  }
  return tags;
};

describe('OCPP 1.6 management over real sockets', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('shows the session of the transaction that used a reservation', async () => {
    // Prepare
    const { tenant, client } = await givenConnected16(env.runtime, 'CP-RES-USED');
    client.raw.handle('ReserveNow', async () => ({ status: 'Accepted' }));
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const created = await tenant.api.post('/v1/chargers/CP-RES-USED/reservations', {
      connectorId: 1,
      idToken: 'TAG-RES',
      expiresAt,
    });
    expect(created.body).toMatchObject({ reservationId: 1, status: 'Active' });

    // Act
    await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-RES',
      meterStart: 0,
      timestamp: new Date().toISOString(),
      reservationId: 1,
    });
    await env.runtime.settled();
    const shown = await tenant.api.get('/v1/chargers/CP-RES-USED/reservations/1');
    const sessions = await tenant.api.get('/v1/sessions?chargerId=CP-RES-USED');

    // Assess
    const sessionId = sessions.body.items[0]?.sessionId as string;
    expect(sessionId).toEqual(expect.any(String));
    // `transactionId` is the deprecated name of the same field (it always held the session id).
    expect(shown.body).toMatchObject({ status: 'Used', sessionId, transactionId: sessionId });
    await client.close();
  });

  it('reserves a connector, shows the reservation, and cancels it', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected16(env.runtime, 'CP-RES');
    const received: { action: string; params: unknown }[] = [];
    client.raw.handle('ReserveNow', async ({ params }) => {
      received.push({ action: 'ReserveNow', params });
      return { status: 'Accepted' };
    });
    client.raw.handle('CancelReservation', async ({ params }) => {
      received.push({ action: 'CancelReservation', params });
      return { status: 'Accepted' };
    });
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();

    // Act
    const created = await tenant.api.post('/v1/chargers/CP-RES/reservations', {
      connectorId: 1,
      idToken: 'TAG-RES',
      expiresAt,
    });
    const listed = await tenant.api.get('/v1/chargers/CP-RES/reservations');
    const cancelled = await tenant.api.delete('/v1/chargers/CP-RES/reservations/1');
    const shown = await tenant.api.get('/v1/chargers/CP-RES/reservations/1');

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/chargers/CP-RES/reservations/1');
    expect(created.body).toMatchObject({
      reservationId: 1,
      chargerId: 'CP-RES',
      connectorId: 1,
      idToken: 'TAG-RES',
      expiresAt,
      status: 'Active',
      commandId: expect.any(String),
    });
    expect(listed.body.items).toEqual([expect.objectContaining({ reservationId: 1, status: 'Active' })]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ reservationId: 1, status: 'Cancelled' });
    expect(shown.body.status).toBe('Cancelled');
    expect(received).toEqual([
      {
        action: 'ReserveNow',
        params: { connectorId: 1, expiryDate: expiresAt, idTag: 'TAG-RES', reservationId: 1 },
      },
      { action: 'CancelReservation', params: { reservationId: 1 } },
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('answers 409 for a reservation the charger refuses, and shows an expired one as Expired', async () => {
    // Prepare
    const { tenant, client } = await givenConnected16(env.runtime, 'CP-RES2');
    let answer = 'Occupied';
    client.raw.handle('ReserveNow', async () => ({ status: answer }));

    // Act
    const refused = await tenant.api.post('/v1/chargers/CP-RES2/reservations', {
      connectorId: 1,
      idToken: 'TAG-RES',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    answer = 'Accepted';
    const shortExpiry = Date.now() + 2500;
    const shortLived = await tenant.api.post('/v1/chargers/CP-RES2/reservations', {
      connectorId: 0,
      idToken: 'TAG-RES',
      expiresAt: new Date(shortExpiry).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shortExpiry - Date.now() + 100)));
    const expired = await tenant.api.get('/v1/chargers/CP-RES2/reservations/2');
    const cancelExpired = await tenant.api.delete('/v1/chargers/CP-RES2/reservations/2');

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: { code: 'reservation_rejected' },
      reservation: { reservationId: 1, status: 'Rejected', chargerStatus: 'Occupied' },
    });
    expect(shortLived.status).toBe(201);
    expect(expired.body).toMatchObject({ reservationId: 2, status: 'Expired' });
    expect(cancelExpired.status).toBe(409);
    expect(cancelExpired.body.error.code).toBe('reservation_not_active');
    await client.close();
  });

  it('syncs a large local list in several accepted messages, then only the changes', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected16(env.runtime, 'CP-LIST');
    const tags = await givenIdTokens(tenant.api, 1000);
    const frames: { listVersion: number; updateType: string; localAuthorizationList: { idTag: string }[] }[] =
      [];
    let version = 0;
    const sizes: number[] = [];
    client.raw.on('message', ({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
      if (!outbound && message.includes('"SendLocalList"')) sizes.push(Buffer.byteLength(message));
    });
    client.raw.handle('SendLocalList', async ({ params }) => {
      const message = params as (typeof frames)[number];
      frames.push(message);
      version = message.listVersion;
      return { status: 'Accepted' };
    });
    client.raw.handle('GetLocalListVersion', async () => ({ listVersion: version }));

    // Act
    const full = await tenant.api.post('/v1/chargers/CP-LIST/local-list', { mode: 'full' });
    const fullFrames = frames.splice(0);
    await tenant.api.put(`/v1/id-tokens/${tags[5]}`, { status: 'Blocked' });
    await tenant.api.delete(`/v1/id-tokens/${tags[6]}`);
    await tenant.api.put('/v1/id-tokens/ZZ-NEW-1', { status: 'Accepted' });
    const differential = await tenant.api.post('/v1/chargers/CP-LIST/local-list', { mode: 'differential' });
    const summary = await tenant.api.get('/v1/chargers/CP-LIST/local-list');
    const check = await tenant.api.post('/v1/chargers/CP-LIST/local-list/version-check');

    // Assess
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ status: 'synced', mode: 'full', entries: 1000, skipped: [] });
    expect(fullFrames.length).toBeGreaterThan(1);
    expect(sizes).toHaveLength(fullFrames.length + 1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(messageLimit);
    expect(Math.max(...sizes)).toBeGreaterThan(messageLimit - 1024);
    expect(full.body.parts).toHaveLength(fullFrames.length);
    expect(full.body.parts.map((part: { outcome: string }) => part.outcome)).toEqual(
      fullFrames.map(() => 'Accepted'),
    );
    expect(fullFrames.map((frame) => frame.listVersion)).toEqual(fullFrames.map((_, i) => i + 1));
    expect(fullFrames.map((frame) => frame.updateType)).toEqual([
      'Full',
      ...fullFrames.slice(1).map(() => 'Differential'),
    ]);
    expect(fullFrames.flatMap((frame) => frame.localAuthorizationList.map((entry) => entry.idTag))).toEqual(
      tags,
    );

    expect(differential.status).toBe(200);
    expect(differential.body).toMatchObject({
      status: 'synced',
      mode: 'differential',
      fromVersion: fullFrames.length,
      toVersion: fullFrames.length + 1,
    });
    expect(frames).toEqual([
      {
        listVersion: fullFrames.length + 1,
        updateType: 'Differential',
        localAuthorizationList: [
          { idTag: tags[5], idTagInfo: { status: 'Blocked' } },
          { idTag: 'ZZ-NEW-1', idTagInfo: { status: 'Accepted' } },
          { idTag: tags[6] },
        ],
      },
    ]);
    expect(summary.body).toMatchObject({ synced: true, version: fullFrames.length + 1, entryCount: 1000 });
    expect(check.body).toMatchObject({ chargerVersion: fullFrames.length + 1, inSync: true });
    expect(strictFailures).toEqual([]);
    await client.close();
  }, 90_000);

  it('stores the configuration a GetConfiguration answer reports, merged by key', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected16(env.runtime, 'CP-CONF');
    let heartbeat = '300';
    client.raw.handle('GetConfiguration', async ({ params }) =>
      params?.key
        ? { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: heartbeat }] }
        : {
            configurationKey: [
              { key: 'HeartbeatInterval', readonly: false, value: heartbeat },
              { key: 'LocalAuthListMaxLength', readonly: true, value: '5000' },
            ],
            unknownKey: [],
          },
    );

    // Act
    const raw = await tenant.api.post('/v1/chargers/CP-CONF/ocpp/GetConfiguration', {});
    heartbeat = '120';
    const neutral = await tenant.api.post('/v1/chargers/CP-CONF/commands/get-configuration', {
      keys: ['HeartbeatInterval', 'Nope'],
    });
    const stored = await tenant.api.get('/v1/chargers/CP-CONF/configuration');

    // Assess
    expect(raw.status).toBe(200);
    expect(neutral.status).toBe(200);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      chargerId: 'CP-CONF',
      keys: [
        { key: 'HeartbeatInterval', value: '120', readonly: false, reportedAt: expect.any(String) },
        { key: 'LocalAuthListMaxLength', value: '5000', readonly: true, reportedAt: expect.any(String) },
      ],
      unknownKeys: [],
    });
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('has the charger upload diagnostics to the file store, and offers the file once it reports Uploaded', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected16(env.runtime, 'CP-DIAG');
    let location = '';
    client.raw.handle('GetDiagnostics', async ({ params }) => {
      location = params?.location;
      return { fileName: 'diagnostics.zip' };
    });
    const archive = Buffer.from(`PK\u0003\u0004 diagnostics of CP-DIAG ${'x'.repeat(4096)}`);

    // Act
    const requested = await tenant.api.post('/v1/chargers/CP-DIAG/diagnostics', {});
    await client.call('DiagnosticsStatusNotification', { status: 'Uploading' });
    const upload = await fetch(location, { method: 'PUT', body: archive });
    await client.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
    const maintenance = await tenant.api.get('/v1/chargers/CP-DIAG/maintenance');
    const download = await fetch(maintenance.body.diagnostics.file.downloadUrl);

    // Assess
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ action: 'GetDiagnostics', fileName: 'diagnostics.zip' });
    expect(new URL(location).origin).toBe(env.runtime.filesUrl);
    expect(new URL(location).pathname).toMatch(
      new RegExp(`^/csms-files/${tenant.tenantId}/chargers/CP-DIAG/diagnostics/[0-9A-Z]{26}\\.zip$`),
    );
    expect(upload.status).toBe(200);
    expect(maintenance.body.diagnostics).toMatchObject({
      status: 'Uploaded',
      history: [{ status: 'Uploading' }, { status: 'Uploaded' }],
      request: { action: 'GetDiagnostics', usesFileStore: true, fileName: 'diagnostics.zip' },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(archive);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('updates firmware from an uploaded file: the charger downloads it and reports its progress', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected16(env.runtime, 'CP-FW');
    const image = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => i % 251));
    let request: { location: string; retrieveDate: string } | undefined;
    client.raw.handle('UpdateFirmware', async ({ params }) => {
      request = params as typeof request;
      return {};
    });
    const file = await tenant.api.post('/v1/firmware-files', { fileName: 'fw-2.0.bin' });
    await fetch(file.body.uploadUrl, { method: 'PUT', body: image });

    // Act
    const update = await tenant.api.post('/v1/chargers/CP-FW/firmware-updates', {
      firmwareFile: file.body.firmwareFile,
    });
    const downloaded = await fetch(request!.location);
    const bytes = Buffer.from(await downloaded.arrayBuffer());
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed'])
      await client.call('FirmwareStatusNotification', { status });
    const maintenance = await tenant.api.get('/v1/chargers/CP-FW/maintenance');

    // Assess
    expect(file.status).toBe(201);
    expect(file.body.firmwareFile).toMatch(/^[0-9A-Z]{26}\/fw-2\.0\.bin$/);
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ action: 'UpdateFirmware', commandId: expect.any(String) });
    expect(new URL(request!.location).origin).toBe(env.runtime.filesUrl);
    expect(bytes).toEqual(image);
    expect(maintenance.body.firmware).toMatchObject({
      status: 'Installed',
      history: [
        { status: 'Downloading' },
        { status: 'Downloaded' },
        { status: 'Installing' },
        { status: 'Installed' },
      ],
      request: { action: 'UpdateFirmware', usesFileStore: true },
    });
    expect(maintenance.body.diagnostics).toBeUndefined();
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it("answers 404 for another tenant's charger and 409 for an offline one", async () => {
    // Prepare
    const { tenant, client } = await givenConnected16(env.runtime, 'CP-OWN');
    const other = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-OFF']);
    await client.close();

    // Act
    const foreign = await other.api.get('/v1/chargers/CP-OWN/maintenance');
    const offline = await other.api.post('/v1/chargers/CP-OFF/local-list', { mode: 'full' });
    const mine = await tenant.api.get('/v1/chargers/CP-OWN/configuration');

    // Assess
    expect(foreign.status).toBe(404);
    expect(offline.status).toBe(409);
    expect(offline.body.error.code).toBe('charger_offline');
    expect(mine.body).toEqual({ chargerId: 'CP-OWN', keys: [], unknownKeys: [] });
  });
});
