import { describe, expect, it } from 'vitest';
import {
  OcppOccurrenceConstraintViolation,
  OcppPropertyConstraintViolation,
} from '../../../shared/ocpp/errors.ts';
import { getMaintenanceOverview } from '../../../shared/slices/firmware/maintenance.ts';
import { createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const tenantId = 'tenant-a';
const chargerId = 'cp-1';

const eventsOf = (
  deps: TestDependencies,
  name: 'firmwareStatusChanged' | 'diagnosticsStatusChanged' | 'firmwarePublicationStatusChanged',
) => deps.events.published.filter((event) => event.name === name).map((event) => event.detail);

describe('OCPP 2.0.1 firmware, log and firmware publication statuses', () => {
  it('FirmwareStatusNotification: each status stored with its request id and published with the one before', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    await handlers.FirmwareStatusNotification(ctx, { status: 'Downloading', requestId: 11 });
    deps.clock.advance(1000);
    const answer = await handlers.FirmwareStatusNotification(ctx, { status: 'Installed', requestId: 11 });

    // Assess
    expect(answer).toEqual({});
    expect(await deps.maintenance.get(tenantId, chargerId, 'firmware')).toMatchObject({
      status: 'Installed',
      requestId: 11,
      history: [
        { status: 'Downloading', requestId: 11, at: '2024-05-01T12:00:00.000Z' },
        { status: 'Installed', requestId: 11, at: '2024-05-01T12:00:01.000Z' },
      ],
    });
    expect(eventsOf(deps, 'firmwareStatusChanged')).toEqual([
      expect.objectContaining({ status: 'Downloading', requestId: 11, chargerId, correlationId: 'corr-1' }),
      expect.objectContaining({ status: 'Installed', previousStatus: 'Downloading', requestId: 11 }),
    ]);
  });

  it('FirmwareStatusNotification without a request id (triggered, no update going on) keeps none from before', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);
    await handlers.FirmwareStatusNotification(ctx, { status: 'Installed', requestId: 3 });

    // Act
    await handlers.FirmwareStatusNotification(ctx, { status: 'Idle' });

    // Assess
    const state = await deps.maintenance.get(tenantId, chargerId, 'firmware');
    expect(state?.status).toBe('Idle');
    expect(state).not.toHaveProperty('requestId');
    expect(state?.history.at(-1)).toEqual({ status: 'Idle', at: '2024-05-01T12:00:00.000Z' });
  });

  it('LogStatusNotification: stored as the diagnostics (log upload) state, published', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const answer = await handlers.LogStatusNotification(ctx, { status: 'Uploaded', requestId: 8 });

    // Assess
    expect(answer).toEqual({});
    expect(await deps.maintenance.get(tenantId, chargerId, 'diagnostics')).toMatchObject({
      status: 'Uploaded',
      requestId: 8,
    });
    expect(eventsOf(deps, 'diagnosticsStatusChanged')).toEqual([
      expect.objectContaining({ status: 'Uploaded', requestId: 8 }),
    ]);
    expect(await deps.maintenance.get(tenantId, chargerId, 'firmware')).toBeUndefined();
  });

  it('PublishFirmwareStatusNotification: a state of its own, the locations of Published kept and published', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);
    const location = ['https://lc.local/fw.bin', 'ftp://lc.local/fw.bin'];

    // Act
    await handlers.PublishFirmwareStatusNotification(ctx, { status: 'Downloaded', requestId: 5 });
    const answer = await handlers.PublishFirmwareStatusNotification(ctx, {
      status: 'Published',
      location,
      requestId: 5,
    });
    const overview = await getMaintenanceOverview(deps, { tenantId, chargerId });

    // Assess
    expect(answer).toEqual({});
    expect(overview.firmwarePublication).toMatchObject({
      status: 'Published',
      requestId: 5,
      locations: location,
      history: [
        { status: 'Downloaded', requestId: 5 },
        { status: 'Published', requestId: 5, locations: location },
      ],
    });
    expect(overview.firmware).toBeUndefined();
    expect(eventsOf(deps, 'firmwarePublicationStatusChanged')).toEqual([
      expect.objectContaining({ status: 'Downloaded', requestId: 5 }),
      expect.objectContaining({ status: 'Published', previousStatus: 'Downloaded', locations: location }),
    ]);
    expect(eventsOf(deps, 'firmwareStatusChanged')).toEqual([]);
  });

  it('PublishFirmwareStatusNotification Published without a location: OccurrenceConstraintViolation, nothing kept', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const handling = handlers.PublishFirmwareStatusNotification(ctx, { status: 'Published', requestId: 5 });

    // Assess
    await expect(handling).rejects.toBeInstanceOf(OcppOccurrenceConstraintViolation);
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('a request id beyond 32 bits: PropertyConstraintViolation, nothing kept', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const handling = handlers.FirmwareStatusNotification(ctx, { status: 'Downloading', requestId: 2 ** 40 });

    // Assess
    await expect(handling).rejects.toBeInstanceOf(OcppPropertyConstraintViolation);
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });
});
