import { describe, expect, it } from 'vitest';
import {
  createFirmwareFile,
  getMaintenanceOverview,
  maintenanceHistoryLength,
} from '../../../shared/slices/firmware/maintenance.ts';
import {
  requestDiagnostics,
  requestFirmwareUpdate,
} from '../../../shared/slices/firmware/maintenance-commands.ts';
import { createV16MaintenanceHandlers } from '../../../shared/slices/firmware/ocpp-16.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { type Answerer, chargerId, givenAnsweringCharger, tenantId } from './ocpp16-charger.ts';

const ctx = aMessageContext();

const eventsOf = (deps: TestDependencies, name: 'firmwareStatusChanged' | 'diagnosticsStatusChanged') =>
  deps.events.published.filter((event) => event.name === name).map((event) => event.detail);

const answering =
  (answers: Record<string, Record<string, unknown>>): Answerer =>
  (action) =>
    answers[action] ? { result: answers[action] } : 'never';

describe('firmware and diagnostics status reports', () => {
  it('stores each firmware status with its history and publishes it with the one before', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16MaintenanceHandlers(deps);

    // Act
    await handlers.FirmwareStatusNotification!(ctx, { status: 'Downloading' });
    deps.clock.advance(1000);
    const answer = await handlers.FirmwareStatusNotification!(ctx, { status: 'Downloaded' });

    // Assess
    expect(answer).toEqual({});
    expect(await deps.maintenance.get(tenantId, chargerId, 'firmware')).toMatchObject({
      status: 'Downloaded',
      statusAt: '2024-05-01T12:00:01.000Z',
      history: [
        { status: 'Downloading', at: '2024-05-01T12:00:00.000Z' },
        { status: 'Downloaded', at: '2024-05-01T12:00:01.000Z' },
      ],
    });
    expect(eventsOf(deps, 'firmwareStatusChanged')).toEqual([
      expect.objectContaining({
        status: 'Downloading',
        chargerId,
        siteId: 'site-1',
        correlationId: 'corr-1',
      }),
      expect.objectContaining({ status: 'Downloaded', previousStatus: 'Downloading' }),
    ]);
    expect(await deps.maintenance.get(tenantId, chargerId, 'diagnostics')).toBeUndefined();
  });

  it('keeps the last statuses only', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16MaintenanceHandlers(deps);

    // Act
    for (let i = 0; i < maintenanceHistoryLength + 5; i += 1)
      await handlers.DiagnosticsStatusNotification!(ctx, { status: i % 2 ? 'Uploading' : 'Idle' });

    // Assess
    const state = await deps.maintenance.get(tenantId, chargerId, 'diagnostics');
    expect(state?.history).toHaveLength(maintenanceHistoryLength);
    expect(state?.status).toBe('Idle');
  });

  it('keeps the request id of security extension reports', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV16MaintenanceHandlers(deps);

    // Act
    await handlers.SignedFirmwareStatusNotification!(ctx, { status: 'SignatureVerified', requestId: 7 });
    await handlers.LogStatusNotification!(ctx, { status: 'Uploaded', requestId: 8 });

    // Assess
    expect(await deps.maintenance.get(tenantId, chargerId, 'firmware')).toMatchObject({
      status: 'SignatureVerified',
      requestId: 7,
    });
    expect(eventsOf(deps, 'diagnosticsStatusChanged')).toEqual([
      expect.objectContaining({ status: 'Uploaded', requestId: 8 }),
    ]);
  });
});

describe('diagnostics requests', () => {
  it('sends GetDiagnostics with an upload URL of a tenant-first key and records the request', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ GetDiagnostics: { fileName: 'diag-cp-1.zip' } }));

    // Act
    const result = await requestDiagnostics(charger.deps, {
      tenantId,
      view: await charger.view(),
      startTime: '2024-05-01T00:00:00+02:00',
      retries: 2,
      retryInterval: 600,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    const [issued] = charger.deps.files.issued;
    expect(issued).toEqual({
      method: 'PUT',
      key: `${tenantId}/chargers/${chargerId}/diagnostics/ID000001.zip`,
      expiresInSeconds: 3600 + 2 * 600,
    });
    expect(charger.calls).toEqual([
      {
        action: 'GetDiagnostics',
        payload: {
          location: `https://files.example.test/${tenantId}/chargers/${chargerId}/diagnostics/ID000001.zip?method=PUT&expires=4800`,
          retries: 2,
          retryInterval: 600,
          startTime: '2024-04-30T22:00:00.000Z',
        },
        frame: expect.any(String),
      },
    ]);
    expect(result).toMatchObject({
      kind: 'sent',
      command: { status: 'completed' },
      state: {
        request: {
          action: 'GetDiagnostics',
          fileKey: issued?.key,
          fileName: 'diag-cp-1.zip',
          requestedBy: 'key-1',
        },
      },
    });
  });

  it('sends GetLog with a request id when a log type is asked for', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(
      answering({ GetLog: { status: 'Accepted', filename: 'sec.log' } }),
    );

    // Act
    const result = await requestDiagnostics(charger.deps, {
      tenantId,
      view: await charger.view(),
      logType: 'SecurityLog',
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    const payload = charger.calls[0]?.payload;
    expect(payload).toMatchObject({
      logType: 'SecurityLog',
      requestId: expect.any(Number),
      log: { remoteLocation: expect.stringContaining('/diagnostics/ID000001.zip') },
    });
    expect(result).toMatchObject({
      state: {
        request: {
          action: 'GetLog',
          requestId: payload.requestId,
          answerStatus: 'Accepted',
          fileName: 'sec.log',
        },
      },
    });
  });

  it('passes a location of the caller’s own through, with no file of the CSMS', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ GetDiagnostics: {} }));

    // Act
    await requestDiagnostics(charger.deps, {
      tenantId,
      view: await charger.view(),
      location: 'ftp://logs.example.test/cp-1/',
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(charger.calls[0]?.payload).toEqual({ location: 'ftp://logs.example.test/cp-1/' });
    expect(charger.deps.files.issued).toEqual([]);
    expect(
      (await charger.deps.maintenance.get(tenantId, chargerId, 'diagnostics'))?.request?.fileKey,
    ).toBeUndefined();
  });

  it('offers the uploaded file once the charger reported Uploaded for the current request', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ GetDiagnostics: { fileName: 'd.zip' } }));
    const handlers = createV16MaintenanceHandlers(charger.deps);
    await handlers.DiagnosticsStatusNotification!(ctx, { status: 'Uploaded' }); // before any request
    const before = await getMaintenanceOverview(charger.deps, { tenantId, chargerId });
    charger.deps.clock.advance(1000);
    await requestDiagnostics(charger.deps, {
      tenantId,
      view: await charger.view(),
      requestedBy: 'key-1',
      waitSeconds: 25,
    });
    const requested = await getMaintenanceOverview(charger.deps, { tenantId, chargerId });

    // Act
    charger.deps.clock.advance(1000);
    await handlers.DiagnosticsStatusNotification!(ctx, { status: 'Uploaded' });
    const uploaded = await getMaintenanceOverview(charger.deps, { tenantId, chargerId });

    // Assess
    expect(before.diagnosticsFile).toBeUndefined();
    expect(requested.diagnosticsFile).toBeUndefined();
    expect(uploaded.diagnosticsFile).toEqual({
      downloadUrl: `https://files.example.test/${tenantId}/chargers/${chargerId}/diagnostics/ID000001.zip?method=GET&expires=900`,
      expiresAt: new Date(charger.deps.clock.now().getTime() + 15 * 60 * 1000).toISOString(),
    });
  });

  it('refuses a 2.0.1 charger without sending anything', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => 'never', { version: 'ocpp2.0.1' });

    // Act
    const result = await requestDiagnostics(charger.deps, {
      tenantId,
      view: await charger.view(),
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toMatchObject({ kind: 'refused' });
    expect(charger.calls).toEqual([]);
  });
});

describe('firmware updates', () => {
  it('gives an uploaded firmware file a download URL valid past the retrieve date', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ UpdateFirmware: {} }));
    const file = await createFirmwareFile(charger.deps, { tenantId, fileName: 'fw-2.0.bin' });

    // Act
    const result = await requestFirmwareUpdate(charger.deps, {
      tenantId,
      view: await charger.view(),
      firmwareFile: file.firmwareFile,
      retrieveDate: '2024-05-01T14:00:00.000Z',
      retries: 3,
      retryInterval: 60,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(file.firmwareFile).toBe('ID000001/fw-2.0.bin');
    expect(charger.deps.files.issued).toEqual([
      { method: 'PUT', key: `${tenantId}/firmware/ID000001/fw-2.0.bin`, expiresInSeconds: 3600 },
      { method: 'GET', key: `${tenantId}/firmware/ID000001/fw-2.0.bin`, expiresInSeconds: 7200 + 3600 + 180 },
    ]);
    expect(charger.calls[0]?.payload).toEqual({
      location: expect.stringContaining(`/${tenantId}/firmware/ID000001/fw-2.0.bin?method=GET`),
      retrieveDate: '2024-05-01T14:00:00.000Z',
      retries: 3,
      retryInterval: 60,
    });
    expect(result).toMatchObject({
      kind: 'sent',
      command: { status: 'completed' },
      state: { request: { action: 'UpdateFirmware', fileKey: `${tenantId}/firmware/ID000001/fw-2.0.bin` } },
    });
  });

  it('sends signed firmware with SignedUpdateFirmware and records the charger’s answer', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(answering({ SignedUpdateFirmware: { status: 'Accepted' } }));

    // Act
    const result = await requestFirmwareUpdate(charger.deps, {
      tenantId,
      view: await charger.view(),
      location: 'https://firmware.example.test/fw.bin',
      signingCertificate: '-----BEGIN CERTIFICATE-----',
      signature: 'c2lnbmF0dXJl',
      installDate: '2024-05-02T02:00:00.000Z',
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(charger.calls[0]).toMatchObject({
      action: 'SignedUpdateFirmware',
      payload: {
        requestId: expect.any(Number),
        firmware: {
          location: 'https://firmware.example.test/fw.bin',
          retrieveDateTime: '2024-05-01T12:00:00.000Z',
          installDateTime: '2024-05-02T02:00:00.000Z',
          signingCertificate: '-----BEGIN CERTIFICATE-----',
          signature: 'c2lnbmF0dXJl',
        },
      },
    });
    expect(result).toMatchObject({
      state: { request: { action: 'SignedUpdateFirmware', answerStatus: 'Accepted' } },
    });
    expect(charger.deps.files.issued).toEqual([]);
  });

  it.each([
    ['neither location nor firmwareFile', {}],
    ['both location and firmwareFile', { location: 'https://x.test/fw', firmwareFile: 'ID1/fw.bin' }],
    ['a signature without certificate', { location: 'https://x.test/fw', signature: 'x' }],
    [
      'an install date without signature',
      { location: 'https://x.test/fw', installDate: '2024-05-02T00:00:00Z' },
    ],
  ])('refuses %s', async (_, input) => {
    // Prepare
    const charger = await givenAnsweringCharger(() => 'never');

    // Act
    const result = await requestFirmwareUpdate(charger.deps, {
      tenantId,
      view: await charger.view(),
      ...input,
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result.kind).toBe('refused');
    expect(charger.calls).toEqual([]);
  });

  it('refuses a location longer than SignedUpdateFirmware allows (512 characters)', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => 'never');

    // Act
    const result = await requestFirmwareUpdate(charger.deps, {
      tenantId,
      view: await charger.view(),
      location: `https://x.test/${'a'.repeat(600)}`,
      signingCertificate: 'cert',
      signature: 'sig',
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('SignedUpdateFirmware'),
    });
    expect(charger.calls).toEqual([]);
  });
});
