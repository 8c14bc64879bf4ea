import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 15 item 3 over real sockets (ocpp-rpc strict clients as chargers) against the local runtime: a driver's
 * app flow end to end with a driver key — find a charger near a position, see its price, start remotely, follow
 * the live cost, stop, read the billed session — and what a driver key may not see or do.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

/** 0.30 per kWh and 1.00 per session, excl. VAT, 20 % VAT: the tenant's default, with a text for drivers. */
const tariff = {
  currency: 'EUR',
  default: true,
  tariff_alt_text: [
    { language: 'en', text: 'EUR 0.36/kWh + EUR 1.20 per session, incl. VAT' },
    { language: 'de', text: 'EUR 0,36/kWh + EUR 1,20 pro Ladevorgang, inkl. MwSt.' },
  ],
  elements: [
    {
      price_components: [
        { type: 'FLAT', price: 1, vat: 20, step_size: 1 },
        { type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 },
      ],
    },
  ],
};

const amsterdam = { latitude: 52.3731, longitude: 4.8922 };
const utrecht = { latitude: 52.0907, longitude: 5.1214 };

const energy201 = (wh: number) => ({
  measurand: 'Energy.Active.Import.Register',
  value: wh,
  unitOfMeasure: { unit: 'Wh' },
});

describe('driver API over real sockets', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let ada: { driverId: string; api: ReturnType<typeof apiClient> };
  let bob: { driverId: string; api: ReturnType<typeof apiClient> };

  /** A driver with one accepted token and a driver key. */
  const givenDriver = async (name: string, idToken: string) => {
    const driver = await tenant.api.post('/v1/drivers', { name });
    expect(driver.status).toBe(201);
    const { driverId } = driver.body;
    const token = await tenant.api.put(`/v1/id-tokens/${idToken}`, { status: 'Accepted', driverId });
    expect(token.status).toBe(201);
    const key = await tenant.api.post(`/v1/drivers/${driverId}/api-keys`, { ttlSeconds: 3600 });
    expect(key.status).toBe(201);
    return { driverId: driverId as string, api: apiClient(env.runtime.apiUrl, key.body.apiKey) };
  };

  beforeAll(async () => {
    env = await startTestRuntime();
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    expect(
      (await tenant.api.post('/v1/sites', { siteId: 'ams', name: 'Amsterdam', location: amsterdam })).status,
    ).toBe(201);
    expect(
      (await tenant.api.post('/v1/sites', { siteId: 'utr', name: 'Utrecht', location: utrecht })).status,
    ).toBe(201);
    for (const [chargerId, siteId] of [
      ['CP-16', 'ams'],
      ['CP-201', 'ams'],
      ['CP-UTR', 'utr'],
    ] as const) {
      const created = await tenant.api.post('/v1/chargers', { chargerId, siteId });
      expect(created.status).toBe(201);
      tenant.chargers[chargerId] = created.body;
    }
    expect((await tenant.api.put('/v1/tariffs/T-1', tariff)).status).toBe(201);
    ada = await givenDriver('Ada', 'TAG-ADA');
    bob = await givenDriver('Bob', 'TAG-BOB');
  });
  afterAll(() => env.stop());

  const connect = async (chargerId: string, version: 'ocpp1.6' | 'ocpp2.0.1') => {
    const client = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: [version],
    });
    const strictFailures: unknown[] = [];
    client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
    return { client, strictFailures };
  };

  it.each([
    ['ocpp1.6', 'CP-16'],
    ['ocpp2.0.1', 'CP-201'],
  ] as const)(
    '%s: find a charger, see its price, start, follow the live cost, stop, read the billed session',
    async (version, chargerId) => {
      // Prepare
      const { client, strictFailures } = await connect(chargerId, version);
      const now = () => new Date().toISOString();
      if (version === 'ocpp1.6')
        await client.call('StatusNotification', {
          connectorId: 1,
          status: 'Available',
          errorCode: 'NoError',
          timestamp: now(),
        });
      else
        await client.call('StatusNotification', {
          timestamp: now(),
          connectorStatus: 'Available',
          evseId: 1,
          connectorId: 1,
        });
      const starts: Body[] = [];
      const stops: Body[] = [];
      client.raw.handle(
        version === 'ocpp1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction',
        async ({ params }) => {
          starts.push(params);
          return { status: 'Accepted' };
        },
      );
      client.raw.handle(
        version === 'ocpp1.6' ? 'RemoteStopTransaction' : 'RequestStopTransaction',
        async ({ params }) => {
          stops.push(params);
          return { status: 'Accepted' };
        },
      );

      // Act 1: find a charger near a position in Amsterdam, available now
      const near = await ada.api.get(
        `/v1/driver/chargers?latitude=52.37&longitude=4.89&radiusKm=2&availableOnly=true`,
      );

      // Assess 1: only Amsterdam's connected charger with an Available connector (Utrecht is 35 km away)
      expect(near.status).toBe(200);
      const found = (near.body.items as Body[]).find((item) => item.chargerId === chargerId);
      expect(found).toMatchObject({
        chargerId,
        siteId: 'ams',
        siteName: 'Amsterdam',
        online: true,
        state: 'Available',
        available: true,
        connectors: [{ evseId: 1, connectorId: 1, state: 'Available', status: 'Available' }],
      });
      expect(found.distanceKm).toBeLessThan(1);
      expect((near.body.items as Body[]).map((item) => item.chargerId)).not.toContain('CP-UTR');

      // Act 2: the price that applies to Ada there
      const price = await ada.api.get(
        `/v1/driver/chargers/${chargerId}/price?energyKwh=10&minutes=30&language=de`,
      );

      // Assess 2: the tenant default, its German text, 10 kWh × 0.30 + 1.00 = 4.00 excl. VAT
      expect(price.status).toBe(200);
      expect(price.body).toMatchObject({
        chargerId,
        idToken: 'TAG-ADA',
        tariff: {
          tariffId: 'T-1',
          version: 1,
          scope: 'default',
          currency: 'EUR',
          text: tariff.tariff_alt_text[1],
        },
        estimate: {
          energyKwh: 10,
          minutes: 30,
          cost: { currency: 'EUR', totalExclVat: 400, totalInclVat: 480 },
        },
      });

      // Act 3: start remotely with Ada's own token (the default)
      const started = await ada.api.post('/v1/driver/sessions', { chargerId, evseId: 1 });

      // Assess 3: the charger got the remote start with Ada's token
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      expect(started.body).toMatchObject({ chargerId, status: 'Accepted', commandId: expect.any(String) });
      expect(starts).toHaveLength(1);
      const command = await ada.api.get(`/v1/driver/commands/${started.body.commandId}`);
      expect(command.body).toMatchObject({ status: 'completed', answer: 'Accepted' });
      expect((await bob.api.get(`/v1/driver/commands/${started.body.commandId}`)).status).toBe(404);

      // Act 4: the charger starts the transaction and reports 5 kWh
      let stopTransaction: () => Promise<unknown>;
      if (version === 'ocpp1.6') {
        expect(starts[0]).toEqual({ idTag: 'TAG-ADA', connectorId: 1 });
        const { transactionId } = await client.call('StartTransaction', {
          connectorId: 1,
          idTag: starts[0].idTag,
          meterStart: 1000,
          timestamp: now(),
        });
        await client.call('MeterValues', {
          connectorId: 1,
          transactionId,
          meterValue: [
            {
              timestamp: now(),
              sampledValue: [{ value: '6000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
            },
          ],
        });
        stopTransaction = () =>
          client.call('StopTransaction', {
            transactionId,
            idTag: 'TAG-ADA',
            meterStop: 11_000,
            timestamp: now(),
            reason: 'Remote',
          });
      } else {
        expect(starts[0]).toMatchObject({ idToken: { idToken: 'TAG-ADA', type: 'ISO14443' }, evseId: 1 });
        const event = (eventType: string, seqNo: number, wh: number) => ({
          eventType,
          timestamp: now(),
          triggerReason:
            eventType === 'Started'
              ? 'RemoteStart'
              : eventType === 'Ended'
                ? 'RemoteStop'
                : 'MeterValuePeriodic',
          seqNo,
          transactionInfo: {
            transactionId: 'TX-DRIVER',
            ...(eventType === 'Started' && { remoteStartId: starts[0].remoteStartId }),
            ...(eventType === 'Ended' && { stoppedReason: 'Remote' }),
          },
          ...(eventType === 'Started' && { evse: { id: 1, connectorId: 1 }, idToken: starts[0].idToken }),
          meterValue: [{ timestamp: now(), sampledValue: [energy201(wh)] }],
        });
        await client.call('TransactionEvent', event('Started', 0, 1000));
        await client.call('TransactionEvent', event('Updated', 1, 6000));
        stopTransaction = () => client.call('TransactionEvent', event('Ended', 2, 11_000));
      }
      const active = await ada.api.get('/v1/driver/sessions?status=Active');
      const sessionId = (active.body.items as Body[]).find((item) => item.chargerId === chargerId)?.sessionId;
      const live = await ada.api.get(`/v1/driver/sessions/${sessionId}`);

      // Assess 4: the live session, 5 kWh so far, cost so far 5 × 0.30 + 1.00 = 2.50 excl. VAT
      expect(sessionId).toEqual(expect.any(String));
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({
        sessionId,
        chargerId,
        status: 'Active',
        energyWh: 5000,
        costIsFinal: false,
        cost: { currency: 'EUR', totalExclVat: 250, totalInclVat: 300, tariffId: 'T-1' },
      });
      const eraseWhileCharging = await tenant.api.delete(`/v1/drivers/${ada.driverId}`);
      expect(eraseWhileCharging.status).toBe(409);
      expect(eraseWhileCharging.body.error.code).toBe('conflict');
      expect((await ada.api.get('/v1/driver/me')).status).toBe(200);
      expect((await bob.api.get(`/v1/driver/sessions/${sessionId}`)).status).toBe(404);
      expect((await bob.api.post(`/v1/driver/sessions/${sessionId}/stop`)).status).toBe(404);

      // Act 5: stop remotely; the charger ends the transaction at 10 kWh
      const stopped = await ada.api.post(`/v1/driver/sessions/${sessionId}/stop`);
      await stopTransaction();
      await env.runtime.settled();

      // Assess 5: the charger got the stop of its own transaction; the billed session and the history
      expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
      expect(stopped.body).toMatchObject({ status: 'Accepted' });
      expect(stops).toEqual([
        version === 'ocpp1.6' ? { transactionId: expect.any(Number) } : { transactionId: 'TX-DRIVER' },
      ]);
      const billed = await ada.api.get(`/v1/driver/sessions/${sessionId}`);
      expect(billed.body).toMatchObject({
        status: 'Completed',
        energyWh: 10_000,
        costIsFinal: true,
        cost: { totalExclVat: 400, totalVat: 80, totalInclVat: 480, tariffId: 'T-1', tariffVersion: 1 },
      });
      const history = await ada.api.get('/v1/driver/sessions?status=Completed');
      expect((history.body.items as Body[]).map((item) => item.sessionId)).toContain(sessionId);
      const bobsHistory = await bob.api.get('/v1/driver/sessions');
      expect((bobsHistory.body.items as Body[]).map((item) => item.sessionId)).not.toContain(sessionId);
      expect(strictFailures).toEqual([]);
      await client.close();
    },
  );

  it('documents the driver routes under their own OpenAPI tag, "Driver API", and only them', async () => {
    // Act
    const document = await apiClient(env.runtime.apiUrl).get('/v1/openapi.json');

    // Assess
    expect(document.body.tags).toContainEqual(expect.objectContaining({ name: 'Driver API' }));
    const operations = Object.values(document.body.paths as Record<string, Record<string, Body>>).flatMap(
      (item) => Object.values(item),
    );
    const tagged = operations.filter((operation) => operation.tags?.includes('Driver API'));
    expect(tagged.length).toBeGreaterThan(5);
    expect(tagged.every((operation) => operation['x-csms-access'] === 'driver')).toBe(true);
    expect(operations.filter((operation) => operation['x-csms-access'] === 'driver')).toHaveLength(
      tagged.length,
    );
    expect(tagged.map((operation) => operation.operationId)).toContain('startDriverSession');
  });

  it('a site location is validated, shown, and removed with null', async () => {
    // Act
    const badLatitude = await tenant.api.post('/v1/sites', {
      siteId: 'bad',
      name: 'Bad',
      location: { latitude: 91, longitude: 0 },
    });
    const missingLongitude = await tenant.api.patch('/v1/sites/utr', { location: { latitude: 52 } });
    const created = await tenant.api.post('/v1/sites', { siteId: 'tmp', name: 'Tmp', location: utrecht });
    const removed = await tenant.api.patch('/v1/sites/tmp', { location: null });

    // Assess
    expect(badLatitude.status).toBe(400);
    expect(badLatitude.body.error.message).toContain('body.location.latitude');
    expect(missingLongitude.status).toBe(400);
    expect((await tenant.api.get('/v1/sites/bad')).status).toBe(404);
    expect((await tenant.api.get('/v1/sites/utr')).body.location).toEqual(utrecht);
    expect(created.body.location).toEqual(utrecht);
    expect(removed.status).toBe(200);
    expect(removed.body.location).toBeUndefined();
  });

  it("driver A never sees driver B's data: profile, vehicles, id tokens, price with B's token", async () => {
    // Prepare
    const vehicle = await tenant.api.post('/v1/vehicles', { driverId: ada.driverId, licencePlate: 'ADA-1' });
    expect(vehicle.status).toBe(201);

    // Act
    const [adaMe, bobMe, bobVehicles, bobTokens, bobPriceWithAdasToken] = await Promise.all([
      ada.api.get('/v1/driver/me'),
      bob.api.get('/v1/driver/me'),
      bob.api.get('/v1/driver/vehicles'),
      bob.api.get('/v1/driver/id-tokens'),
      bob.api.get('/v1/driver/chargers/CP-16/price?idToken=TAG-ADA'),
    ]);

    // Assess
    expect(adaMe.body.driver).toMatchObject({ driverId: ada.driverId, name: 'Ada' });
    expect(adaMe.body.vehicles.map((item: Body) => item.vehicleId)).toEqual([vehicle.body.vehicleId]);
    expect(bobMe.body.driver).toMatchObject({ driverId: bob.driverId, name: 'Bob' });
    expect(bobMe.body.vehicles).toEqual([]);
    expect(bobVehicles.body.items).toEqual([]);
    expect(bobTokens.body.items.map((item: Body) => item.idToken)).toEqual(['TAG-BOB']);
    expect(bobPriceWithAdasToken.status).toBe(404);
    expect(JSON.stringify([bobMe.body, bobVehicles.body, bobTokens.body])).not.toContain('ADA');
  });

  it("refuses another driver's token (404), an offline charger (409), and every tenant route to a driver key (403)", async () => {
    // Prepare
    const { client } = await connect('CP-UTR', 'ocpp1.6');
    let remoteStarts = 0;
    client.raw.handle('RemoteStartTransaction', async () => {
      remoteStarts += 1;
      return { status: 'Accepted' };
    });

    const blocked = await tenant.api.put('/v1/id-tokens/TAG-ADA-OLD', {
      status: 'Blocked',
      driverId: ada.driverId,
    });
    expect(blocked.status).toBe(201);

    // Act
    const withBlockedToken = await ada.api.post('/v1/driver/sessions', {
      chargerId: 'CP-UTR',
      idToken: 'TAG-ADA-OLD',
    });
    const withBobsToken = await ada.api.post('/v1/driver/sessions', {
      chargerId: 'CP-UTR',
      idToken: 'tag-bob',
    });
    const otherTenantCharger = await ada.api.post('/v1/driver/sessions', { chargerId: 'NO-SUCH-CP' });
    await client.close();
    const offline = await ada.api.post('/v1/driver/sessions', { chargerId: 'CP-UTR' });
    const operatorRoute = await ada.api.get('/v1/sessions');
    const chargers = await ada.api.get('/v1/chargers');

    // Assess
    expect(withBlockedToken.status).toBe(409);
    expect(withBobsToken.status).toBe(404);
    expect(otherTenantCharger.status).toBe(404);
    expect(remoteStarts).toBe(0);
    expect(offline.status).toBe(409);
    expect(offline.body.error.code).toBe('charger_offline');
    for (const refused of [operatorRoute, chargers]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
  });

  it('a revoked or expired driver key is refused with 401; erasing the driver revokes its keys', async () => {
    // Prepare
    const carol = await tenant.api.post('/v1/drivers', { name: 'Carol' });
    const driverId = carol.body.driverId as string;
    const first = await tenant.api.post(`/v1/drivers/${driverId}/api-keys`);
    const second = await tenant.api.post(`/v1/drivers/${driverId}/api-keys`, { name: 'tablet' });
    const firstApi = apiClient(env.runtime.apiUrl, first.body.apiKey);
    const secondApi = apiClient(env.runtime.apiUrl, second.body.apiKey);
    const before = await secondApi.get('/v1/driver/me');

    // Act
    const revoked = await tenant.api.delete(`/v1/drivers/${driverId}/api-keys/${first.body.keyId}`);
    const afterRevoke = await firstApi.get('/v1/driver/me');
    const erased = await tenant.api.delete(`/v1/drivers/${driverId}`);
    const afterErase = await secondApi.get('/v1/driver/me');
    const tooLong = await tenant.api.post(`/v1/drivers/${ada.driverId}/api-keys`, {
      ttlSeconds: 30 * 24 * 3600,
    });

    // Assess
    expect(first.body).toMatchObject({ role: 'driver', driverId, expiresAt: expect.any(String) });
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect(before.status).toBe(200);
    expect(before.body.driver).toMatchObject({ driverId, name: 'Carol' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      keyId: first.body.keyId,
      role: 'driver',
      revokedAt: expect.any(String),
    });
    expect(afterRevoke.status).toBe(401);
    expect(erased.status).toBe(200);
    expect(afterErase.status).toBe(401);
    expect(tooLong.status).toBe(400);
  });
});
