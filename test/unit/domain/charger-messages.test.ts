import { describe, expect, it } from 'vitest';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import {
  recordConnectorStatus,
  recordHeartbeat,
  registerBoot,
} from '../../../shared/slices/chargers/charger-messages.ts';
import { defaultSelfHealingSettings } from '../../../shared/slices/self-healing/model.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aBoot, aConnectionInput, aMessageContext, at, givenCharger } from './builders.ts';

const aStatus = (overrides: Partial<Parameters<typeof recordConnectorStatus>[2]> = {}) => ({
  evseId: 1,
  connectorId: 1,
  status: 'Available',
  statusAt: '2024-05-01T12:00:00.000Z',
  ...overrides,
});

describe('registerBoot', () => {
  it('accepts a known charger with the configured heartbeat interval', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { heartbeatIntervalSeconds: 123 } });
    await givenCharger(deps);

    // Act
    const result = await registerBoot(deps, aMessageContext(), aBoot());

    // Assess
    expect(result).toEqual({ status: 'Accepted', currentTime: at, intervalSeconds: 123 });
  });

  it('stores what the charger says about itself', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await registerBoot(
      deps,
      aMessageContext({ ocppVersion: 'ocpp2.0.1' }),
      aBoot({ firmwareVersion: '2.0.0' }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.charger).toMatchObject({
      vendor: 'Acme',
      model: 'Wallbox-22',
      serialNumber: 'SN-0001',
      firmwareVersion: '2.0.0',
      ocppVersion: 'ocpp2.0.1',
      bootedAt: at,
      lastSeenAt: at,
      updatedAt: at,
      updatedBy: 'charger:cp-1',
    });
  });

  it('forgets boot fields a later boot no longer reports', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await registerBoot(deps, aMessageContext(), aBoot({ serialNumber: 'SN-1', firmwareVersion: '1.0' }));

    // Act
    await registerBoot(
      deps,
      aMessageContext(),
      aBoot({ serialNumber: undefined, firmwareVersion: undefined }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.charger).not.toHaveProperty('serialNumber');
    expect(view?.charger).not.toHaveProperty('firmwareVersion');
  });

  it("publishes chargerBooted with the charger's stored site", async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { siteId: 'site-9' });

    // Act
    await registerBoot(deps, aMessageContext({ siteId: undefined }), aBoot({ reason: 'PowerUp' }));

    // Assess
    expect(deps.events.published).toEqual([
      {
        name: 'chargerBooted',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-9',
          correlationId: 'corr-1',
          ocppVersion: 'ocpp1.6',
          vendor: 'Acme',
          model: 'Wallbox-22',
          serialNumber: 'SN-0001',
          firmwareVersion: '1.4.2',
          reason: 'PowerUp',
          occurredAt: at,
        },
      },
    ]);
  });

  it('rejects an unknown charger without an event', async () => {
    // Prepare
    const deps = await createTestDependencies({ settings: { heartbeatIntervalSeconds: 77 } });
    await givenCharger(deps, { chargerId: 'cp-other' });

    // Act
    const result = await registerBoot(deps, aMessageContext({ chargerId: 'cp-1' }), aBoot());

    // Assess
    expect(result).toEqual({ status: 'Rejected', currentTime: at, intervalSeconds: 77 });
    expect(deps.events.published).toEqual([]);
    expect(await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now())).toBeUndefined();
  });
});

describe('recordHeartbeat', () => {
  it('answers with the current time and records activity on the current connection', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp1.6' });
    // Past the 30 minutes within which the registry skips lastSeenAt writes (last-seen-throttle.ts).
    deps.clock.set('2024-05-01T12:35:00.000Z');

    // Act
    const result = await recordHeartbeat(deps, aMessageContext());

    // Assess
    expect(result).toEqual({ currentTime: '2024-05-01T12:35:00.000Z' });
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection?.lastSeenAt).toBe('2024-05-01T12:35:00.000Z');
  });

  it('does not record activity of a connection that was replaced', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-new' }), ocppVersion: 'ocpp1.6' });
    deps.clock.set('2024-05-01T12:05:00.000Z');

    // Act
    await recordHeartbeat(deps, aMessageContext({ connectionId: 'conn-old' }));

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection).toMatchObject({ connectionId: 'conn-new', lastSeenAt: at });
  });

  it('creates no connection for a charger that has none', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordHeartbeat(deps, aMessageContext());

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection).toBeUndefined();
  });
});

describe('recordConnectorStatus', () => {
  it('stores the first status and publishes it without a previous status', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ status: 'Faulted', errorCode: 'GroundFailure' }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors).toEqual([
      { evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', statusAt: at },
    ]);
    expect(deps.events.published).toEqual([
      {
        name: 'connectorStatusChanged',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          evseId: 1,
          connectorId: 1,
          status: 'Faulted',
          errorCode: 'GroundFailure',
          occurredAt: at,
        },
      },
    ]);
  });

  it('publishes a change with the previous status', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Available' }));

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext({ correlationId: 'corr-2' }),
      aStatus({ status: 'Occupied', statusAt: '2024-05-01T12:01:00.000Z' }),
    );

    // Assess
    expect(deps.events.published.at(-1)).toEqual({
      name: 'connectorStatusChanged',
      detail: {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        siteId: 'site-1',
        correlationId: 'corr-2',
        evseId: 1,
        connectorId: 1,
        status: 'Occupied',
        previousStatus: 'Available',
        occurredAt: '2024-05-01T12:01:00.000Z',
      },
    });
  });

  it('publishes nothing when the status stays the same, but keeps the newer time', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Available' }));

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext({ receivedAt: '2024-05-01T12:10:00.000Z' }),
      aStatus({ status: 'Available', statusAt: '2024-05-01T12:10:00.000Z' }),
    );

    // Assess
    expect(deps.events.published).toHaveLength(1);
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]?.statusAt).toBe('2024-05-01T12:10:00.000Z');
  });

  it('ignores a status older than the stored one', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Charging' }));

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ status: 'Available', statusAt: '2024-05-01T11:59:59.999Z' }),
    );

    // Assess
    expect(deps.events.published).toHaveLength(1);
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors).toEqual([{ evseId: 1, connectorId: 1, status: 'Charging', statusAt: at }]);
  });

  it('normalizes a time with an offset to UTC', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ statusAt: '2024-05-01T14:00:00+02:00' }));

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]?.statusAt).toBe('2024-05-01T12:00:00.000Z');
    expect(deps.events.published[0]?.detail.occurredAt).toBe('2024-05-01T12:00:00.000Z');
  });

  it('compares times with offsets by the instant, not the text', async () => {
    // Prepare: 13:30+02:00 is 11:30Z, earlier than the stored 12:00Z although its text sorts later.
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Charging', statusAt: at }));

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ status: 'Available', statusAt: '2024-05-01T13:30:00+02:00' }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]?.status).toBe('Charging');
    expect(deps.events.published).toHaveLength(1);
  });

  it('uses the time the message was received when the charger gives none', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext({ receivedAt: '2024-05-01T12:34:56.000Z' }),
      aStatus({ statusAt: undefined }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]?.statusAt).toBe('2024-05-01T12:34:56.000Z');
  });

  it.each([
    ['far in the future', '9999-12-31T23:59:59.000Z'],
    ['a leap second ahead', '2024-12-31T23:59:60Z'],
    ['just beyond the bound', '2024-05-01T12:05:01.000Z'],
  ])(
    'bounds a charger time %s: the time received, so that later statuses still win',
    async (_case, statusAt) => {
      // Prepare
      const deps = await createTestDependencies();
      await givenCharger(deps);

      // Act
      await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Faulted', statusAt }));
      await recordConnectorStatus(
        deps,
        aMessageContext({ receivedAt: '2024-05-01T12:01:00.000Z' }),
        aStatus({ status: 'Available', statusAt: '2024-05-01T12:01:00.000Z' }),
      );

      // Assess
      const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
      expect(view?.connectors).toEqual([
        { evseId: 1, connectorId: 1, status: 'Available', statusAt: '2024-05-01T12:01:00.000Z' },
      ]);
      expect(deps.events.published.map((event) => event.detail.occurredAt)).toEqual([
        at,
        '2024-05-01T12:01:00.000Z',
      ]);
    },
  );

  it('keeps a charger time within the bound, and a leap second as the end of its minute', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext({ receivedAt: '2024-06-30T23:59:59.000Z' }),
      aStatus({ statusAt: '2024-06-30T23:59:60Z' }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]?.statusAt).toBe('2024-06-30T23:59:59.999Z');
  });

  it('replaces a status stored with a future time before times were bounded', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await deps.chargers.recordConnectorStatus('tenant-a', 'cp-1', {
      ...aStatus({ status: 'Faulted' }),
      statusAt: '9999-12-31T23:59:59.000Z',
    });

    // Act
    await recordConnectorStatus(deps, aMessageContext(), aStatus({ status: 'Available' }));

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors[0]).toMatchObject({ status: 'Available', statusAt: at });
  });

  it('keeps connectors apart and lists them in EVSE and connector order', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ evseId: 2, connectorId: 1, status: 'Faulted' }),
    );
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ evseId: 1, connectorId: 2, status: 'Occupied' }),
    );
    await recordConnectorStatus(
      deps,
      aMessageContext(),
      aStatus({ evseId: 1, connectorId: 1, status: 'Available' }),
    );

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connectors.map(({ evseId, connectorId, status }) => [evseId, connectorId, status])).toEqual([
      [1, 1, 'Available'],
      [1, 2, 'Occupied'],
      [2, 1, 'Faulted'],
    ]);
    expect(deps.events.published.map((event) => event.detail)).not.toContainEqual(
      expect.objectContaining({ previousStatus: expect.anything() }),
    );
  });

  it.each([
    ['on: a Faulted status says so', true, 'Faulted', true],
    ['on: another status does not (the self-healing rule wants Faulted only)', true, 'Unavailable', false],
    ['off: a Faulted status does not', false, 'Faulted', false],
  ] as const)(
    'marks the change for self-healing only when the tenant has it on (%s)',
    async (_, on, status, marked) => {
      // Prepare
      const deps = await createTestDependencies();
      await givenCharger(deps);
      await deps.selfHealing.putSettings({ ...defaultSelfHealingSettings('tenant-a'), enabled: on });

      // Act
      await recordConnectorStatus(deps, aMessageContext(), aStatus({ status }));

      // Assess
      const [event] = deps.events.published;
      expect(event?.detail).toMatchObject({ status });
      expect('selfHealing' in (event?.detail ?? {})).toBe(marked);
      if (marked) expect(event?.detail).toMatchObject({ selfHealing: true });
    },
  );
});
