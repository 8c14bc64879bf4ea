import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * OCPP 2.0.1 charger-initiated messages of blocks K (smart-charging inputs), H (ReservationStatusUpdate) and M
 * (ISO 15118 certificates) over real sockets: strict ocpp-rpc 2.0.1 clients (every payload checked against the
 * OCA schemas both ways) on the local runtime; what is stored read back through the API, what is published
 * read from the local event bus.
 */

type Env = Awaited<ReturnType<typeof startTestRuntime>>;

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

const eventsOf = (env: Env, tenantId: string, detailType: string) =>
  env.runtime.eventBridge.events
    .filter((event) => event['detail-type'] === detailType && event.detail.tenantId === tenantId)
    .map((event) => event.detail);

const schedule = (id: number, limit: number) => ({
  id,
  chargingRateUnit: 'A',
  chargingSchedulePeriod: [{ startPeriod: 0, limit }],
});

const profile = (id: number, purpose: string) => ({
  id,
  stackLevel: 1,
  chargingProfilePurpose: purpose,
  chargingProfileKind: 'Absolute',
  chargingSchedule: [{ ...schedule(id, 16), startSchedule: '2026-06-01T10:00:00.000Z' }],
});

describe('OCPP 2.0.1 smart-charging, reservation and certificate messages over real sockets', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('stores charging needs, EV schedules and external limits per EVSE, answers as the spec says, publishes them', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-K');
    const departure = '2026-06-01T18:00:00.000Z';

    // Act
    const needs = await client.call('NotifyEVChargingNeeds', {
      evseId: 1,
      maxScheduleTuples: 2,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        departureTime: departure,
        acChargingParameters: { energyAmount: 22_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
      },
    });
    const needsOfEvse0 = await client.call('NotifyEVChargingNeeds', {
      evseId: 0,
      chargingNeeds: { requestedEnergyTransfer: 'DC' },
    });
    const evSchedule = await client.call('NotifyEVChargingSchedule', {
      evseId: 1,
      timeBase: '2026-06-01T10:00:00.000Z',
      chargingSchedule: schedule(5, 20),
    });
    const evScheduleOfEvse0 = await client.call('NotifyEVChargingSchedule', {
      evseId: 0,
      timeBase: '2026-06-01T10:00:00.000Z',
      chargingSchedule: schedule(6, 20),
    });
    const limits = [
      await client.call('NotifyChargingLimit', {
        evseId: 1,
        chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: true },
        chargingSchedule: [schedule(7, 10)],
      }),
      await client.call('NotifyChargingLimit', { evseId: 1, chargingLimit: { chargingLimitSource: 'SO' } }),
      await client.call('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'CSO' } }),
    ];
    const cleared = await client.call('ClearedChargingLimit', { evseId: 1, chargingLimitSource: 'SO' });
    await env.runtime.settled();
    const stored = await tenant.api.get('/v1/chargers/CP-K/smart-charging');

    // Assess
    expect(needs).toEqual({ status: 'Accepted' });
    expect(needsOfEvse0).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    expect(evSchedule).toEqual({ status: 'Accepted' });
    expect(evScheduleOfEvse0).toMatchObject({ status: 'Rejected' });
    expect(limits).toEqual([{}, {}, {}]);
    expect(cleared).toEqual({});
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({
      chargerId: 'CP-K',
      evses: [
        {
          evseId: 0,
          externalLimits: [{ chargingLimitSource: 'CSO', receivedAt: expect.any(String) }],
          reportedProfiles: [],
        },
        {
          evseId: 1,
          chargingNeeds: {
            chargingNeeds: {
              requestedEnergyTransfer: 'AC_three_phase',
              departureTime: departure,
              acChargingParameters: {
                energyAmount: 22_000,
                evMinCurrent: 6,
                evMaxCurrent: 32,
                evMaxVoltage: 400,
              },
            },
            maxScheduleTuples: 2,
            receivedAt: expect.any(String),
          },
          evChargingSchedule: {
            timeBase: '2026-06-01T10:00:00.000Z',
            chargingSchedule: schedule(5, 20),
            receivedAt: expect.any(String),
          },
          externalLimits: [
            {
              chargingLimitSource: 'EMS',
              isGridCritical: true,
              chargingSchedule: [schedule(7, 10)],
              receivedAt: expect.any(String),
            },
          ],
          reportedProfiles: [],
        },
      ],
    });
    expect(eventsOf(env, tenant.tenantId, 'EVChargingNeedsNotified.v1')).toEqual([
      expect.objectContaining({
        chargerId: 'CP-K',
        evseId: 1,
        departureTime: departure,
        energyAmountWh: 22_000,
        evMaxCurrentA: 32,
      }),
    ]);
    expect(eventsOf(env, tenant.tenantId, 'EVChargingScheduleNotified.v1')).toEqual([
      expect.objectContaining({ evseId: 1, scheduleId: 5, chargingRateUnit: 'A', periods: 1 }),
    ]);
    expect(
      eventsOf(env, tenant.tenantId, 'ChargingLimitNotified.v1').map((e) => [
        e.evseId,
        e.chargingLimitSource,
      ]),
    ).toEqual([
      [1, 'EMS'],
      [1, 'SO'],
      [0, 'CSO'],
    ]);
    expect(eventsOf(env, tenant.tenantId, 'ChargingLimitCleared.v1')).toEqual([
      expect.objectContaining({ evseId: 1, chargingLimitSource: 'SO', known: true }),
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it("sends an unmanaged EVSE's session a TxProfile after accepted needs: the EV's maximum, capped by the charger (K15)", async () => {
    // Prepare: a charger rated 20 A, with a running transaction.
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-K15');
    expect((await tenant.api.patch('/v1/chargers/CP-K15', { maxCurrentA: 20 })).status).toBe(200);
    const profiles: unknown[] = [];
    client.raw.handle('SetChargingProfile', async ({ params }) => {
      profiles.push(params);
      return { status: 'Accepted' };
    });
    await client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-k15' },
      evse: { id: 1, connectorId: 1 },
    });
    await env.runtime.settled();

    // Act
    const accepted = await client.call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        acChargingParameters: { energyAmount: 30_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
      },
    });
    const onOtherEvse = await client.call('NotifyEVChargingNeeds', {
      evseId: 2,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_single_phase',
        acChargingParameters: { energyAmount: 5_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 230 },
      },
    });
    await env.runtime.settled();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess: one profile, for the transaction's EVSE; none for an EVSE without a transaction.
    expect(accepted).toEqual({ status: 'Accepted' });
    expect(onOtherEvse).toEqual({ status: 'Accepted' });
    expect(profiles).toEqual([
      {
        evseId: 1,
        chargingProfile: expect.objectContaining({
          chargingProfilePurpose: 'TxProfile',
          transactionId: 'tx-k15',
          chargingSchedule: [
            expect.objectContaining({
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 20, numberPhases: 3 }],
            }),
          ],
        }),
      },
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('stores a charging-profile report sent in parts for the request id the CSMS asked with', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-R');
    const parts = [
      { evseId: 1, chargingLimitSource: 'CSO', chargingProfile: [profile(1, 'TxDefaultProfile')], tbc: true },
      { evseId: 0, chargingLimitSource: 'CSO', chargingProfile: [profile(2, 'ChargingStationMaxProfile')] },
    ];
    const answers: unknown[] = [];
    const sent = new Promise<number>((resolve, reject) => {
      client.raw.handle('GetChargingProfiles', async ({ params: raw }) => {
        const { requestId } = raw as { requestId: number };
        // After the CALLRESULT has gone out, as a charger does.
        setTimeout(async () => {
          try {
            for (const part of parts)
              answers.push(await client.call('ReportChargingProfiles', { requestId, ...part }));
            resolve(requestId);
          } catch (error) {
            reject(error);
          }
        }, 20);
        return { status: 'Accepted' };
      });
    });

    // Act
    const asked = await tenant.api.post('/v1/chargers/CP-R/ocpp/GetChargingProfiles', {
      requestId: 31,
      chargingProfile: { chargingLimitSource: ['CSO'] },
    });
    const requestId = await sent;
    await env.runtime.settled();
    const stored = await tenant.api.get('/v1/chargers/CP-R/smart-charging');

    // Assess
    expect(asked.status).toBe(200);
    expect(requestId).toBe(31);
    expect(answers).toEqual([{}, {}]);
    expect(stored.body.profileReport).toMatchObject({
      requestId: 31,
      status: 'complete',
      parts: 2,
      profiles: 2,
    });
    expect(stored.body).not.toHaveProperty('reportInProgress');
    expect(
      stored.body.evses.map(
        (evse: { evseId: number; reportedProfiles: { chargingProfile: { id: number } }[] }) => [
          evse.evseId,
          evse.reportedProfiles.map((reported) => reported.chargingProfile.id),
        ],
      ),
    ).toEqual([
      [0, [2]],
      [1, [1]],
    ]);
    expect(stored.body.evses[1].reportedProfiles[0]).toEqual({
      chargingLimitSource: 'CSO',
      chargingProfile: profile(1, 'TxDefaultProfile'),
    });
    expect(eventsOf(env, tenant.tenantId, 'ChargingProfilesReported.v1')).toEqual([
      expect.objectContaining({ chargerId: 'CP-R', requestId: 31, parts: 2, profiles: 2, evseIds: [0, 1] }),
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('ends a reservation the charger says Expired or Removed; an id it was never given changes nothing', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-H');
    client.raw.handle('ReserveNow', async () => ({ status: 'Accepted' }));
    const expiryDateTime = new Date(Date.now() + 3_600_000).toISOString();
    for (const id of [41, 42]) {
      const reserved = await tenant.api.post('/v1/chargers/CP-H/ocpp/ReserveNow', {
        id,
        expiryDateTime,
        idToken: { idToken: 'TAG-H', type: 'ISO14443' },
        evseId: 1,
      });
      expect(reserved.status).toBe(200);
    }
    await env.runtime.settled();
    const before = await tenant.api.get('/v1/chargers/CP-H/reservations');

    // Act
    const answers = [
      await client.call('ReservationStatusUpdate', { reservationId: 41, reservationUpdateStatus: 'Expired' }),
      await client.call('ReservationStatusUpdate', { reservationId: 42, reservationUpdateStatus: 'Removed' }),
      await client.call('ReservationStatusUpdate', { reservationId: 99, reservationUpdateStatus: 'Removed' }),
    ];
    await env.runtime.settled();
    const after = await tenant.api.get('/v1/chargers/CP-H/reservations');
    const unknown = await tenant.api.get('/v1/chargers/CP-H/reservations/99');

    // Assess
    expect(
      before.body.items.map((r: { reservationId: number; status: string }) => [r.reservationId, r.status]),
    ).toEqual([
      [42, 'Active'],
      [41, 'Active'],
    ]);
    expect(answers).toEqual([{}, {}, {}]);
    expect(
      after.body.items.map((r: { reservationId: number; status: string }) => [r.reservationId, r.status]),
    ).toEqual([
      [42, 'Removed'],
      [41, 'Expired'],
    ]);
    expect(after.body.items[0]).toMatchObject({ connectorId: 1, idToken: 'TAG-H' });
    expect(unknown.status).toBe(404);
    expect(
      eventsOf(env, tenant.tenantId, 'ReservationStatusChanged.v1').map((e) => [
        e.reservationId,
        e.previousStatus,
        e.status,
      ]),
    ).toEqual([
      [41, undefined, 'Active'],
      [42, undefined, 'Active'],
      [41, 'Active', 'Expired'],
      [42, 'Active', 'Removed'],
    ]);
    expect(strictFailures).toEqual([]);
    await client.close();
  });

  it('answers ISO 15118 certificate requests Failed / NotEnabled: no V2G PKI is configured', async () => {
    // Prepare
    const { client, strictFailures } = await givenConnected201(env, 'CP-M');

    // Act
    const evCertificate = await client.call('Get15118EVCertificate', {
      iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
      action: 'Install',
      exiRequest: 'RVhJUmVxdWVzdA==',
    });
    const status = await client.call('GetCertificateStatus', {
      ocspRequestData: {
        hashAlgorithm: 'SHA256',
        issuerNameHash: 'a1b2c3',
        issuerKeyHash: 'd4e5f6',
        serialNumber: '0123',
        responderURL: 'http://ocsp.example.test',
      },
    });

    // Assess
    expect(evCertificate).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'NotEnabled', additionalInfo: expect.any(String) },
      exiResponse: '',
    });
    expect(status).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'NotEnabled', additionalInfo: expect.any(String) },
    });
    expect(strictFailures).toEqual([]);
    await client.close();
  });
});
