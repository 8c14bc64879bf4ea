import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/** What ocpp-rpc hands a handler of a CSMS-initiated call. */
type Call = { params?: unknown };
type Tenant = Awaited<ReturnType<typeof provisionTenant>>;

/**
 * Self-healing over real sockets: ocpp-rpc strict clients, the stack's own rule and STANDARD state machine (its
 * Wait states really wait: 1-second delays, which SELF_HEALING_MIN_WAIT_SECONDS=1 allows locally).
 */
describe('self-healing', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ environment: { SELF_HEALING_MIN_WAIT_SECONDS: '1' } });
  });
  afterAll(() => env.stop());

  const settings = { enabled: true, faultedDelaySeconds: 1, maxResets: 2, rebootWaitSeconds: 1 };

  const connect = async (tenant: Tenant, chargerId: string, protocol: 'ocpp1.6' | 'ocpp2.0.1') => {
    const client = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocols: [protocol],
    });
    const resets: { type: string; at: number }[] = [];
    return { client, resets };
  };

  const faulted16 = (connectorId = 1) => ({
    connectorId,
    errorCode: 'GroundFailure',
    status: 'Faulted',
    timestamp: new Date().toISOString(),
  });

  const eventsOf = (tenantId: string, detailType: string) =>
    env.runtime.eventBridge.events.filter(
      (event) =>
        event['detail-type'] === detailType && (event.detail as { tenantId?: string }).tenantId === tenantId,
    );

  const attemptOf = async (tenant: Tenant, chargerId: string) =>
    (await tenant.api.get(`/v1/chargers/${chargerId}/self-healing`)).body;

  it('1.6: Faulted → soft reset → still Faulted → hard reset → incident, with the times; never more resets', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['SH-16'], 'depot');
    expect((await tenant.api.put('/v1/self-healing', settings)).status).toBe(200);
    const { client, resets } = await connect(tenant, 'SH-16', 'ocpp1.6');
    // A charger that comes back Faulted after each reboot (a reboot loop).
    client.raw.handle('Reset', async ({ params }: Call) => {
      resets.push({ type: (params as { type: string }).type, at: Date.now() });
      setTimeout(() => void client.call('StatusNotification', faulted16()), 100);
      return { status: 'Accepted' };
    });
    await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const faultedAt = Date.now();

    // Act
    await client.call('StatusNotification', faulted16());
    await env.runtime.settled();

    // Assess
    expect(resets.map((reset) => reset.type)).toEqual(['Soft', 'Hard']);
    expect(resets[0]!.at - faultedAt).toBeGreaterThanOrEqual(1000);
    expect(resets[1]!.at - resets[0]!.at).toBeGreaterThanOrEqual(1000);
    const attempt = await attemptOf(tenant, 'SH-16');
    expect(attempt.lastAttempt).toMatchObject({
      status: 'closed',
      outcome: 'incident',
      steps: [
        { step: 'softReset', result: 'sent', commandId: expect.any(String) },
        { step: 'hardReset', result: 'sent', commandId: expect.any(String) },
        { step: 'openIncident', incidentId: expect.any(String) },
      ],
    });
    const incidentId = attempt.lastAttempt.steps[2].incidentId as string;
    const opened = eventsOf(tenant.tenantId, 'IncidentOpened.v1');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.detail).toMatchObject({
      incidentId,
      chargerId: 'SH-16',
      siteId: 'depot',
      resets: 2,
      connectors: [{ evseId: 1, connectorId: 1 }],
    });
    const listed = await tenant.api.get('/v1/incidents?status=open&chargerId=SH-16');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ incidentId, chargerId: 'SH-16', siteId: 'depot', status: 'open', resets: 2 }),
    ]);
    expect((await tenant.api.get('/v1/incidents?siteId=elsewhere')).body.items).toEqual([]);
    const resolved = await tenant.api.post(`/v1/incidents/${incidentId}/resolve`, {
      note: 'replaced the RCD',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', note: 'replaced the RCD' });
    expect((await tenant.api.post(`/v1/incidents/${incidentId}/resolve`, {})).status).toBe(200);
    expect(eventsOf(tenant.tenantId, 'IncidentResolved.v1')).toHaveLength(1);
    expect((await tenant.api.get('/v1/incidents?status=open')).body.items).toEqual([]);
    // The Faulted statuses after each reboot started executions that found the attempt running and stopped.
    const outcomes = env.runtime.stepFunctions
      .listExecutions('selfHealing')
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId,
      )
      .map((execution) => (execution.output as { healing: { outcome: string } }).healing.outcome);
    expect(outcomes.filter((outcome) => outcome === 'incident')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'incident').every((o) => o === 'superseded')).toBe(true);
    await client.close();
  });

  it('2.0.1: a charger that recovers after the soft reset (OnIdle) gets no incident', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['SH-201']);
    expect((await tenant.api.put('/v1/self-healing', settings)).status).toBe(200);
    const { client, resets } = await connect(tenant, 'SH-201', 'ocpp2.0.1');
    const status = (connectorStatus: string) => ({
      timestamp: new Date().toISOString(),
      connectorStatus,
      evseId: 1,
      connectorId: 1,
    });
    client.raw.handle('Reset', async ({ params }: Call) => {
      resets.push({ type: (params as { type: string }).type, at: Date.now() });
      setTimeout(() => void client.call('StatusNotification', status('Available')), 100);
      return { status: 'Accepted' };
    });

    // Act
    await client.call('StatusNotification', status('Faulted'));
    await env.runtime.settled();

    // Assess
    expect(resets.map((reset) => reset.type)).toEqual(['OnIdle']);
    expect((await attemptOf(tenant, 'SH-201')).lastAttempt).toMatchObject({
      status: 'closed',
      outcome: 'recovered',
      steps: [{ step: 'softReset', result: 'sent' }],
    });
    expect(eventsOf(tenant.tenantId, 'IncidentOpened.v1')).toEqual([]);
    expect((await tenant.api.get('/v1/incidents')).body.items).toEqual([]);
    await client.close();
  });

  it('a charger with a transaction in progress is never reset', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['SH-TX']);
    expect((await tenant.api.put('/v1/self-healing', settings)).status).toBe(200);
    expect((await tenant.api.put('/v1/id-tokens/tag-sh', { status: 'Accepted' })).status).toBe(201);
    const { client, resets } = await connect(tenant, 'SH-TX', 'ocpp1.6');
    client.raw.handle('Reset', async ({ params }: Call) => {
      resets.push({ type: (params as { type: string }).type, at: Date.now() });
      return { status: 'Accepted' };
    });
    await client.call('StartTransaction', {
      connectorId: 2,
      idTag: 'TAG-SH',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });

    // Act
    await client.call('StatusNotification', faulted16(1));
    await env.runtime.settled();

    // Assess
    expect(resets).toEqual([]);
    expect((await attemptOf(tenant, 'SH-TX')).lastAttempt).toMatchObject({
      status: 'closed',
      outcome: 'transaction',
      steps: [],
    });
    await client.close();
  });

  const executionsOf = (tenant: Tenant, machine: 'selfHealing' | 'ghostDetection') =>
    env.runtime.stepFunctions
      .listExecutions(machine)
      .filter(
        (execution) =>
          (execution.input as { detail: { tenantId: string } }).detail.tenantId === tenant.tenantId,
      );

  it('a tenant with self-healing off (the default) starts nothing; turned on, its next Faulted is healed', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['SH-OFF']);
    expect((await tenant.api.get('/v1/self-healing')).body).toMatchObject({ enabled: false });
    const { client, resets } = await connect(tenant, 'SH-OFF', 'ocpp1.6');
    const available = () => ({ ...faulted16(), status: 'Available', errorCode: 'NoError' });
    client.raw.handle('Reset', async ({ params }: Call) => {
      resets.push({ type: (params as { type: string }).type, at: Date.now() });
      setTimeout(() => void client.call('StatusNotification', available()), 100);
      return { status: 'Accepted' };
    });

    // Act
    await client.call('StatusNotification', faulted16());
    await client.call('StatusNotification', available());
    await env.runtime.settled();

    // Assess: the Faulted status was published without `selfHealing`, so the rule started no execution at all.
    expect(resets).toEqual([]);
    expect((await attemptOf(tenant, 'SH-OFF')).lastAttempt).toBeUndefined();
    expect(executionsOf(tenant, 'selfHealing')).toEqual([]);
    const [faulted] = eventsOf(tenant.tenantId, 'ConnectorStatusChanged.v1').filter(
      (event) => (event.detail as { status: string }).status === 'Faulted',
    );
    expect(faulted?.detail).not.toHaveProperty('selfHealing');

    // Act: turned on; the PUT forgets what this process remembered of the tenant (off, read for the first Faulted).
    expect((await tenant.api.put('/v1/self-healing', settings)).status).toBe(200);
    await client.call('StatusNotification', faulted16());
    await env.runtime.settled();

    // Assess
    expect(resets.map((reset) => reset.type)).toEqual(['Soft']);
    expect((await attemptOf(tenant, 'SH-OFF')).lastAttempt).toMatchObject({
      status: 'closed',
      outcome: 'recovered',
    });
    expect(executionsOf(tenant, 'selfHealing')).toHaveLength(1);
    await client.close();
  });

  it('refuses bad settings with a clear 400', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);

    // Act
    const responses = await Promise.all([
      tenant.api.put('/v1/self-healing', { ...settings, maxResets: 6 }),
      tenant.api.put('/v1/self-healing', { ...settings, faultedDelaySeconds: 0 }),
      tenant.api.put('/v1/self-healing', { maxResets: 2 }),
      tenant.api.put('/v1/self-healing', { ...settings, extra: true }),
    ]);

    // Assess
    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400]);
    expect(JSON.stringify(responses[0]!.body)).toMatch(/maxResets/);
    expect(JSON.stringify(responses[1]!.body)).toMatch(/faultedDelaySeconds/);
    expect(JSON.stringify(responses[2]!.body)).toMatch(/enabled/);
    expect((await tenant.api.get('/v1/incidents/01NOSUCHINCIDENT')).status).toBe(404);
    expect((await tenant.api.get('/v1/incidents?status=closed')).status).toBe(400);
  });

  describe('ghost chargers', () => {
    const ghostSettings = { ...settings, ghostSessions: 3 };

    /** One authorised 1.6 session of `energyWh`, started and stopped at times `minute` apart. */
    const session = async (
      client: Awaited<ReturnType<typeof connect>>['client'],
      minute: number,
      energyWh: number,
    ) => {
      const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 10, m)).toISOString();
      const { transactionId } = await client.call('StartTransaction', {
        connectorId: 1,
        idTag: 'GHOST-TAG',
        meterStart: 1000,
        timestamp: at(minute),
      });
      await client.call('StopTransaction', {
        transactionId,
        idTag: 'GHOST-TAG',
        meterStop: 1000 + energyWh,
        timestamp: at(minute + 1),
        reason: 'EVDisconnected',
      });
    };

    const available16 = () => ({
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: new Date().toISOString(),
    });

    it('three authorised sessions without energy on an Available charger: one ghost incident; a later success resolves it', async () => {
      // Prepare
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['GH-1'], 'depot');
      expect((await tenant.api.put('/v1/self-healing', ghostSettings)).status).toBe(200);
      expect((await tenant.api.put('/v1/id-tokens/GHOST-TAG', { status: 'Accepted' })).status).toBe(201);
      const { client } = await connect(tenant, 'GH-1', 'ocpp1.6');
      await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      await client.call('StatusNotification', available16());

      // Act
      for (const minute of [0, 10, 20]) await session(client, minute, 0);
      await env.runtime.settled();
      // A fourth failure while the incident is open opens no second one.
      await session(client, 30, 0);
      await env.runtime.settled();

      // Assess
      const ghosts = await tenant.api.get('/v1/incidents?kind=ghost');
      expect(ghosts.status).toBe(200);
      expect(ghosts.body.items).toEqual([
        expect.objectContaining({ kind: 'ghost', chargerId: 'GH-1', siteId: 'depot', status: 'open' }),
      ]);
      expect(ghosts.body.items[0].sessionIds).toHaveLength(3);
      expect((await tenant.api.get('/v1/incidents?kind=faulted')).body.items).toEqual([]);
      const opened = eventsOf(tenant.tenantId, 'GhostIncidentOpened.v1');
      expect(opened).toHaveLength(1);
      expect(opened[0]!.detail).toMatchObject({
        incidentId: ghosts.body.items[0].incidentId,
        chargerId: 'GH-1',
        ghostSessions: 3,
      });
      expect(eventsOf(tenant.tenantId, 'IncidentOpened.v1')).toEqual([]);

      // Act: a session with energy.
      await session(client, 40, 5000);
      await env.runtime.settled();

      // Assess
      const after = await tenant.api.get(`/v1/incidents/${ghosts.body.items[0].incidentId}`);
      expect(after.body).toMatchObject({ kind: 'ghost', status: 'resolved', resolvedBy: 'self-healing' });
      expect(eventsOf(tenant.tenantId, 'IncidentResolved.v1')).toHaveLength(1);
      await client.close();
    });

    it('off: no session end starts ghost detection; turned on, the next ones are counted', async () => {
      // Prepare
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['GH-OFF']);
      expect((await tenant.api.put('/v1/id-tokens/GHOST-TAG', { status: 'Accepted' })).status).toBe(201);
      const { client } = await connect(tenant, 'GH-OFF', 'ocpp1.6');
      await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      await client.call('StatusNotification', available16());

      // Act
      for (const minute of [0, 10, 20]) await session(client, minute, 0);
      await env.runtime.settled();

      // Assess
      expect(executionsOf(tenant, 'ghostDetection')).toEqual([]);
      const ends = eventsOf(tenant.tenantId, 'TransactionEnded.v2');
      expect(ends).toHaveLength(3);
      expect(ends.map((event) => 'selfHealing' in (event.detail as object))).toEqual([false, false, false]);

      // Act: turned on (the PUT forgets this process's memory of the tenant), three more failures.
      expect((await tenant.api.put('/v1/self-healing', ghostSettings)).status).toBe(200);
      for (const minute of [30, 40, 50]) await session(client, minute, 0);
      await env.runtime.settled();

      // Assess: only the three after it counted, and they open the incident.
      expect(executionsOf(tenant, 'ghostDetection')).toHaveLength(3);
      const ghosts = (await tenant.api.get('/v1/incidents?kind=ghost')).body.items;
      expect(ghosts).toEqual([expect.objectContaining({ chargerId: 'GH-OFF', status: 'open' })]);
      await client.close();
    });

    it('a session with energy between failures: no incident', async () => {
      // Prepare
      const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['GH-2']);
      expect((await tenant.api.put('/v1/self-healing', ghostSettings)).status).toBe(200);
      expect((await tenant.api.put('/v1/id-tokens/GHOST-TAG', { status: 'Accepted' })).status).toBe(201);
      const { client } = await connect(tenant, 'GH-2', 'ocpp1.6');
      await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      await client.call('StatusNotification', available16());

      // Act
      await session(client, 0, 0);
      await session(client, 10, 4000);
      await session(client, 20, 0);
      await session(client, 30, 0);
      await env.runtime.settled();

      // Assess
      expect((await tenant.api.get('/v1/incidents')).body.items).toEqual([]);
      expect(eventsOf(tenant.tenantId, 'GhostIncidentOpened.v1')).toEqual([]);
      await client.close();
    });
  });
});
