import { describe, expect, it } from 'vitest';
import {
  createVerifiedSecretCache,
  hashChosenSecret,
  hashSecret,
} from '../../../shared/kernel/credentials.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import {
  authorizeChargerConnection,
  connectCharger,
  connectionLifetimeSeconds,
  disconnectCharger,
} from '../../../shared/slices/chargers/charger-connection.ts';
import { silentAfter } from '../../../shared/slices/chargers/model.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, at, basicAuth, chargerPassword, givenCharger } from './builders.ts';

const both: readonly OcppVersion[] = ['ocpp2.0.1', 'ocpp1.6'];

const aRequest = (overrides: Partial<Parameters<typeof authorizeChargerConnection>[1]> = {}) => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  authorization: basicAuth('cp-1', chargerPassword),
  subprotocols: 'ocpp2.0.1, ocpp1.6',
  supported: both,
  ...overrides,
});

describe('authorizeChargerConnection', () => {
  it('with the cache of scrypt matches, still refuses a charger deleted since its password was checked', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { passwordHash: await hashChosenSecret('legacy-pw-1') });
    const cached = { chargers: deps.chargers, verifiedSecrets: createVerifiedSecretCache() };
    const request = aRequest({ authorization: basicAuth('cp-1', 'legacy-pw-1') });
    const first = await authorizeChargerConnection(cached, request);
    await deps.chargers.delete('tenant-a', 'cp-1');

    // Act
    const again = await authorizeChargerConnection(cached, request);

    // Assess
    expect(first).toMatchObject({ allowed: true, chargerId: 'cp-1' });
    expect(again).toEqual({ allowed: false, reason: 'unknown-charger' });
    expect(cached.verifiedSecrets.size).toBe(1);
  });

  it('with the cache of scrypt matches, refuses a wrong legacy password every time', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { passwordHash: await hashChosenSecret('legacy-pw-1') });
    const cached = { chargers: deps.chargers, verifiedSecrets: createVerifiedSecretCache() };
    const request = aRequest({ authorization: basicAuth('cp-1', 'legacy-pw-2') });

    // Act
    const answers = [
      await authorizeChargerConnection(cached, request),
      await authorizeChargerConnection(cached, request),
    ];

    // Assess
    expect(answers).toEqual([
      { allowed: false, reason: 'bad-credentials' },
      { allowed: false, reason: 'bad-credentials' },
    ]);
    expect(cached.verifiedSecrets.size).toBe(0);
  });

  it('allows a charger with good credentials, with its site and the negotiated subprotocol', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { siteId: 'site-7' });

    // Act
    const result = await authorizeChargerConnection(deps, aRequest({ subprotocols: 'ocpp1.6, ocpp2.0.1' }));

    // Assess
    expect(result).toEqual({
      allowed: true,
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      siteId: 'site-7',
      ocppVersion: 'ocpp1.6',
    });
  });

  it('says the site is load-managed when the charger has a fail-safe default', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { siteId: 'site-7', failSafeLimitA: 16 });

    // Act
    const result = await authorizeChargerConnection(deps, aRequest());

    // Assess
    expect(result).toEqual({
      allowed: true,
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      siteId: 'site-7',
      loadManaged: true,
      ocppVersion: 'ocpp2.0.1',
    });
  });

  it('leaves the site out for a charger without one', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { siteId: undefined });

    // Act
    const result = await authorizeChargerConnection(deps, aRequest());

    // Assess
    expect(result).toEqual({
      allowed: true,
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      ocppVersion: 'ocpp2.0.1',
    });
  });

  it.each([
    ['no common subprotocol', 'ocpp1.5, ocpp2.1'],
    ['no subprotocol header', undefined],
  ])('allows the connection without an ocppVersion for %s', async (_, subprotocols) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    const result = await authorizeChargerConnection(deps, aRequest({ subprotocols }));

    // Assess
    expect(result).toEqual({ allowed: true, tenantId: 'tenant-a', chargerId: 'cp-1', siteId: 'site-1' });
  });

  it.each([
    ['a wrong password', basicAuth('cp-1', 'not-the-password')],
    ['an empty password', basicAuth('cp-1', '')],
    ['a username other than the charger id', basicAuth('cp-2', chargerPassword)],
    ['no header', undefined],
    ['a bearer token', 'Bearer abc'],
    ['Basic without credentials', 'Basic '],
    ['Basic with characters outside base64', 'Basic cp-1:password'],
    ['Basic without a colon', `Basic ${Buffer.from('cp-1').toString('base64')}`],
  ])('refuses %s as bad credentials', async (_, authorization) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    const result = await authorizeChargerConnection(deps, aRequest({ authorization }));

    // Assess
    expect(result).toEqual({ allowed: false, reason: 'bad-credentials' });
  });

  it('refuses the password of a charger with the same id in another tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { tenantId: 'tenant-a' });
    await givenCharger(deps, { tenantId: 'tenant-b', passwordHash: hashSecret('tenant-b-password') });

    // Act
    const result = await authorizeChargerConnection(deps, aRequest({ tenantId: 'tenant-b' }));

    // Assess
    expect(result).toEqual({ allowed: false, reason: 'bad-credentials' });
  });

  it.each([
    ['an unknown tenant', { tenantId: 'tenant-x' }],
    ['an unknown charger', { chargerId: 'cp-9', authorization: basicAuth('cp-9', chargerPassword) }],
    // Ids no URL can carry: `#` would otherwise reach the key builder, which refuses it with an error.
    ['a tenant id with a key separator', { tenantId: 'tenant-a#CS#cp-1' }],
    [
      'a charger id with a key separator',
      { chargerId: 'cp#1', authorization: basicAuth('cp#1', chargerPassword) },
    ],
    ['a charger id of dots', { chargerId: '..', authorization: basicAuth('..', chargerPassword) }],
  ])('refuses %s as unknown', async (_, request) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    const result = await authorizeChargerConnection(deps, aRequest(request));

    // Assess
    expect(result).toEqual({ allowed: false, reason: 'unknown-charger' });
  });

  it('refuses a charger of a suspended tenant', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, {}, { status: 'suspended' });

    // Act
    const result = await authorizeChargerConnection(deps, aRequest());

    // Assess
    expect(result).toEqual({ allowed: false, reason: 'tenant-suspended' });
  });

  it('does not reveal a suspension to a caller with a wrong password', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, {}, { status: 'suspended' });

    // Act
    const result = await authorizeChargerConnection(
      deps,
      aRequest({ authorization: basicAuth('cp-1', 'wrong') }),
    );

    // Assess
    expect(result).toEqual({ allowed: false, reason: 'bad-credentials' });
  });
});

describe('connectCharger', () => {
  it('registers the connection until the WebSocket lifetime is over', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp2.0.1' });

    // Assess
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection).toEqual({
      tenantId: 'tenant-a',
      chargerId: 'cp-1',
      connectionId: 'conn-1',
      ocppVersion: 'ocpp2.0.1',
      connectedAt: at,
      lastSeenAt: at,
      silentAfter: silentAfter(at, deps.settings.heartbeatIntervalSeconds),
    });
    const lifetime = connectionLifetimeSeconds * 1000;
    const beforeExpiry = await deps.chargers.getView(
      'tenant-a',
      'cp-1',
      new Date(Date.parse(at) + lifetime - 1000),
    );
    const afterExpiry = await deps.chargers.getView('tenant-a', 'cp-1', new Date(Date.parse(at) + lifetime));
    expect(beforeExpiry?.connection?.connectionId).toBe('conn-1');
    expect(afterExpiry?.connection).toBeUndefined();
  });

  it('publishes chargerConnected with the site', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    await connectCharger(deps, { ...aConnectionInput({ siteId: 'site-1' }), ocppVersion: 'ocpp1.6' });

    // Assess
    expect(deps.events.published).toEqual([
      {
        name: 'chargerConnected',
        detail: {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          connectionId: 'conn-1',
          correlationId: 'corr-1',
          ocppVersion: 'ocpp1.6',
          occurredAt: at,
        },
      },
    ]);
  });

  it('publishes chargerConnected without a site for a charger without one', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { siteId: undefined });

    // Act
    await connectCharger(deps, { ...aConnectionInput({ siteId: undefined }), ocppVersion: 'ocpp1.6' });

    // Assess
    expect(deps.events.published[0]?.detail).not.toHaveProperty('siteId');
  });

  it('closes the connection it replaces', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-old' }), ocppVersion: 'ocpp1.6' });

    // Act
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-new' }), ocppVersion: 'ocpp1.6' });

    // Assess
    expect(deps.channel.closed).toEqual(['conn-old']);
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection?.connectionId).toBe('conn-new');
  });

  it.each([
    ['the first connection', []],
    ['a repeated registration of the same connection', ['conn-1']],
  ])('closes nothing for %s', async (_, earlier) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    for (const connectionId of earlier) {
      await connectCharger(deps, { ...aConnectionInput({ connectionId }), ocppVersion: 'ocpp1.6' });
    }

    // Act
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-1' }), ocppVersion: 'ocpp1.6' });

    // Assess
    expect(deps.channel.closed).toEqual([]);
  });

  it("does not touch the same charger id's connection in another tenant", async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { tenantId: 'tenant-a' });
    await givenCharger(deps, { tenantId: 'tenant-b' });
    await connectCharger(deps, {
      ...aConnectionInput({ tenantId: 'tenant-a', connectionId: 'a' }),
      ocppVersion: 'ocpp1.6',
    });

    // Act
    await connectCharger(deps, {
      ...aConnectionInput({ tenantId: 'tenant-b', connectionId: 'b' }),
      ocppVersion: 'ocpp1.6',
    });

    // Assess
    expect(deps.channel.closed).toEqual([]);
    const viewA = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(viewA?.connection?.connectionId).toBe('a');
  });
});

describe('disconnectCharger', () => {
  it('removes the current connection, keeps when it was last seen and publishes chargerDisconnected', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connectCharger(deps, { ...aConnectionInput(), ocppVersion: 'ocpp1.6' });
    deps.clock.set('2024-05-01T12:30:00.000Z');

    // Act
    const result = await disconnectCharger(deps, aConnectionInput());

    // Assess
    expect(result).toEqual({ removed: true });
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection).toBeUndefined();
    expect(view?.charger.lastSeenAt).toBe('2024-05-01T12:30:00.000Z');
    expect(deps.events.published.at(-1)).toEqual({
      name: 'chargerDisconnected',
      detail: {
        tenantId: 'tenant-a',
        chargerId: 'cp-1',
        siteId: 'site-1',
        connectionId: 'conn-1',
        correlationId: 'corr-1',
        occurredAt: '2024-05-01T12:30:00.000Z',
      },
    });
  });

  it('leaves a newer connection alone when a stale one disconnects', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-old' }), ocppVersion: 'ocpp1.6' });
    await connectCharger(deps, { ...aConnectionInput({ connectionId: 'conn-new' }), ocppVersion: 'ocpp1.6' });
    const eventsBefore = deps.events.published.length;

    // Act
    const result = await disconnectCharger(deps, aConnectionInput({ connectionId: 'conn-old' }));

    // Assess
    expect(result).toEqual({ removed: false });
    const view = await deps.chargers.getView('tenant-a', 'cp-1', deps.clock.now());
    expect(view?.connection?.connectionId).toBe('conn-new');
    expect(view?.charger.lastSeenAt).toBeUndefined();
    expect(deps.events.published).toHaveLength(eventsBefore);
  });

  it('removes nothing when there is no connection', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);

    // Act
    const result = await disconnectCharger(deps, aConnectionInput());

    // Assess
    expect(result).toEqual({ removed: false });
    expect(deps.events.published).toEqual([]);
  });
});
