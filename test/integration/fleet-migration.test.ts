import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/*
 * Issue 15, fleet migration, over HTTP and real sockets (ocpp-rpc strict clients against the local runtime):
 * chargers imported with their legacy passwords and a cohort connect, boot and charge; the cohort report counts
 * their connections, sessions and billing per day; the fleet audit shows what they reported; id tokens with their
 * drivers and historical sessions come in as CSV, and re-runs change nothing.
 */

const csv = { 'content-type': 'text/csv' };

describe('fleet migration over HTTP and OCPP', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;

  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env?.stop());

  it('imports id tokens with their drivers from CSV, and a re-run answers unchanged', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    const body = [
      'idToken,status,type,driverExternalRef,driverName,driverEmail',
      '04A1,Accepted,ISO14443,crm-1,"Lovelace, Ada",ada@example.test',
      '04A2,Accepted,,crm-1,,',
      'KEY-9,Blocked,KeyCode,,,',
      'BAD#1,Accepted,,,,',
    ].join('\r\n');

    // Act
    const first = await tenant.api.call('POST', '/v1/id-tokens/bulk', body, csv);
    const again = await tenant.api.call('POST', '/v1/id-tokens/bulk', body, csv);
    const broken = await tenant.api.call('POST', '/v1/id-tokens/bulk', 'idToken,status\n"open', csv);

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'created',
      'created',
      'error',
    ]);
    expect(first.body.results[3].error).toEqual({
      code: 'invalid_request',
      message: expect.stringContaining('idToken'),
    });
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 3, error: 1 });
    expect(broken.status).toBe(400);
    const drivers = (await tenant.api.get('/v1/drivers')).body.items;
    expect(drivers).toEqual([expect.objectContaining({ name: 'Lovelace, Ada', externalRef: 'crm-1' })]);
    expect((await tenant.api.get('/v1/id-tokens/04a2')).body.driverId).toBe(drivers[0].driverId);
  });

  it('counts a cohort charger connecting, charging and disconnecting, and shows it in the fleet audit', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, []);
    const imported = await tenant.api.call(
      'POST',
      '/v1/chargers/bulk',
      'chargerId,siteId,password,cohort\r\nMIG-1,,legacy-pass-1,wave-1\r\nMIG-2,,legacy-pass-2,\r\n',
      csv,
    );
    await tenant.api.put('/v1/id-tokens/TAG-OK', { status: 'Accepted' });
    await tenant.api.put('/v1/tariffs/T1', {
      currency: 'EUR',
      default: true,
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] }],
    });
    const charger = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'MIG-1',
      password: 'legacy-pass-1',
      protocols: ['ocpp1.6'],
    });

    // Act
    await charger.call('BootNotification', {
      chargePointVendor: 'LegacyCo',
      chargePointModel: 'LC-22',
      firmwareVersion: '4.2.0',
    });
    const refused = await charger.call('Authorize', { idTag: 'TAG-NONE' });
    const start = await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-OK',
      meterStart: 1000,
      timestamp: new Date().toISOString(),
    });
    await charger.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 6000,
      timestamp: new Date().toISOString(),
    });
    await env.runtime.settled();
    await charger.close();
    await env.runtime.settled();
    const report = await tenant.api.get('/v1/reports/cohorts/wave-1');
    const fleet = await tenant.api.get('/v1/reports/fleet');
    const fleetCsv = await tenant.api.call('GET', '/v1/reports/fleet', undefined, { accept: 'text/csv' });
    const unknownCohort = await tenant.api.get('/v1/reports/cohorts/wave-9');

    // Assess
    expect(imported.body.failed).toEqual([]);
    expect(refused.idTagInfo.status).toBe('Invalid');
    const today = new Date().toISOString().slice(0, 10);
    expect(report.status).toBe(200);
    expect(report.body.days.at(-1)).toMatchObject({
      day: today,
      connections: 1,
      disconnections: 1,
      sessionsStarted: 1,
      sessionsEnded: 1,
      zeroEnergySessions: 0,
      rejectedAuthorizations: 1,
      sessionsFailed: 1,
      sessionSuccessRate: 1,
      billed: { EUR: { sessions: 1, totalInclVat: 150 } },
    });
    expect(report.body.days).toHaveLength(7);
    expect(report.body.totals).toMatchObject({ connections: 1, sessionsEnded: 1 });
    expect(unknownCohort.status).toBe(404);
    expect(fleet.body.items).toEqual([
      expect.objectContaining({
        chargerId: 'MIG-1',
        cohort: 'wave-1',
        vendor: 'LegacyCo',
        model: 'LC-22',
        firmwareVersion: '4.2.0',
        ocppVersion: 'ocpp1.6',
        securityProfile: 1,
        online: false,
        neverConnected: false,
        lastBootAt: expect.any(String),
      }),
      expect.objectContaining({ chargerId: 'MIG-2', neverConnected: true, securityProfile: 1 }),
    ]);
    expect(fleet.body.summary).toEqual({
      chargers: 2,
      online: 0,
      neverConnected: 1,
      byVendor: { LegacyCo: 1, unknown: 1 },
      byModel: { 'LegacyCo LC-22': 1, unknown: 1 },
      byFirmwareVersion: { '4.2.0': 1, unknown: 1 },
      byOcppVersion: { 'ocpp1.6': 1, unknown: 1 },
    });
    expect(fleetCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(fleetCsv.body).trim().split('\r\n');
    expect(lines[0]).toBe(
      'chargerId,siteId,cohort,vendor,model,firmwareVersion,ocppVersion,securityProfile,online,lastBootAt,lastSeenAt,neverConnected',
    );
    expect(lines[2]).toBe('MIG-2,,,,,,,1,false,,,true');
  });

  it('counts a 2.0.1 cohort charger: a refused Authorize and a session without energy are failed sessions', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-201']);
    await tenant.api.patch('/v1/chargers/CP-201', { cohort: 'wave-2' });
    await tenant.api.put('/v1/id-tokens/TAG-OK', { status: 'Accepted' });
    const charger = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP-201',
      password: tenant.chargers['CP-201']!.password,
    });
    const now = new Date().toISOString();
    const energy = (wh: number) => ({ measurand: 'Energy.Active.Import.Register', value: wh });
    const event = (eventType: 'Started' | 'Ended', seqNo: number, extra: Record<string, unknown>) => ({
      eventType,
      timestamp: now,
      triggerReason: eventType === 'Started' ? 'Authorized' : 'StopAuthorized',
      seqNo,
      transactionInfo: {
        transactionId: 'TX-0',
        ...(eventType === 'Ended' && { stoppedReason: 'EVDisconnected' }),
      },
      ...extra,
    });

    // Act
    const refused = await charger.call('Authorize', { idToken: { idToken: 'TAG-NONE', type: 'ISO14443' } });
    await charger.call(
      'TransactionEvent',
      event('Started', 0, {
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: 'TAG-OK', type: 'ISO14443' },
        meterValue: [{ timestamp: now, sampledValue: [energy(500)] }],
      }),
    );
    await charger.call(
      'TransactionEvent',
      event('Ended', 1, { meterValue: [{ timestamp: now, sampledValue: [energy(500)] }] }),
    );
    await env.runtime.settled();
    await charger.close();
    await env.runtime.settled();
    const report = await tenant.api.get('/v1/reports/cohorts/wave-2');

    // Assess
    expect(refused.idTokenInfo.status).toBe('Unknown');
    expect(report.body.totals).toMatchObject({
      connections: 1,
      disconnections: 1,
      sessionsStarted: 1,
      sessionsEnded: 1,
      zeroEnergySessions: 1,
      rejectedAuthorizations: 1,
      sessionsFailed: 2,
      sessionSuccessRate: 0,
    });
  });

  it('imports historical sessions from CSV: in the history as imported, never billed, once per external id', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-OLD']);
    const body = [
      'externalId,chargerId,idToken,startedAt,endedAt,energyWh,costTotal,currency',
      'old-1,CP-OLD,04A1,2026-10-01T10:00:00Z,2026-10-01T11:00:00Z,7200,252,EUR',
      'old-2,CP-NOPE,04A1,2026-10-02T10:00:00Z,2026-10-02T11:00:00Z,7200,252,EUR',
      'old-3,CP-OLD,,2026-10-03T10:00:00Z,2026-10-03T11:00:00Z,lots,,',
    ].join('\n');

    // Act
    const first = await tenant.api.call('POST', '/v1/sessions/import', body, csv);
    const again = await tenant.api.call('POST', '/v1/sessions/import', body, csv);
    await env.runtime.settled();
    const sessions = await tenant.api.get('/v1/sessions');
    const cdrs = await tenant.api.get('/v1/cdrs?from=2026-01-01T00:00:00Z&to=2027-12-31T00:00:00Z');

    // Assess
    expect(
      first.body.results.map((r: { status: string; error?: { code: string } }) => r.error?.code ?? r.status),
    ).toEqual(['created', 'unknown_charger', 'invalid_request']);
    expect(again.body.results[0]).toMatchObject({
      status: 'unchanged',
      sessionId: first.body.results[0].sessionId,
    });
    expect(sessions.body.items).toEqual([
      expect.objectContaining({
        sessionId: first.body.results[0].sessionId,
        imported: true,
        externalId: 'old-1',
        energyWh: 7200,
        importedCost: { currency: 'EUR', total: 252 },
      }),
    ]);
    expect(cdrs.body.items).toEqual([]);
  });
});
