import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../local/clock.ts';
import { apiClient, provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

/*
 * Issue 14 item 4 over real sockets: a 1.6 charger of a site goes through a known status history across the
 * site's local midnight, with planned maintenance, a disconnect and a session; the reports give the hand figures.
 * Chargers' times may only be a little ahead of the time received (real time), so the history starts now: the
 * site's zone is the whole-hour `Etc/GMT…` zone whose midnight comes 2 to 3 hours from now.
 *
 *   local 22:00 Available · 00:00 Faulted (GroundFailure) · 01:00 Available · 02:00 Unavailable · 04:00
 *   Available · 05:00 disconnect · 07:00 reconnect, Available · session 07:10–07:40, 5 kWh · report 08:00
 *   (the 2-hour gap is far longer than the reconnect grace: offline from the disconnect to the reconnect)
 *
 *   day 1: usable 2 h (22–24): 100 %.
 *   day 2: faulted 1 h, usable 1 h + 1 h + 1 h (07–08, still open), maintenance 2 h (excluded), offline 2 h:
 *          usable 3 h of 6 h counted: 50 %.
 */
describe('uptime and session KPI reports, over real sockets', () => {
  const clock = new SettableClock();
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime({ clock, environment: { MAX_CHARGER_CLOCK_SKEW_SECONDS: '86400' } });
  });
  afterAll(() => env.stop());

  const hour = 3_600_000;
  /**
   * The settable clock keeps running between steps (its times are the disconnect's and the report's "now"; the
   * charger's timestamps are exact): each figure within 5 s, the percentage within 0.05.
   */
  const near = (day: Body) =>
    Object.fromEntries(
      Object.entries(day).map(([name, value]) => [
        name,
        typeof value !== 'number' ? value : expect.closeTo(value, name === 'availabilityPercent' ? 1 : -1),
      ]),
    );

  it('gives the hand-calculated availability, faults, sessions and energy of a known history', async () => {
    // Prepare
    const { runtime } = env;
    const midnight = Math.ceil((clock.now().getTime() + 2 * hour) / hour) * hour;
    const offset = (24 - new Date(midnight).getUTCHours()) % 24;
    const timeZone = offset === 0 ? 'UTC' : offset <= 12 ? `Etc/GMT-${offset}` : `Etc/GMT+${24 - offset}`;
    const localDay = (at: number) =>
      new Date(at + (offset <= 12 ? offset : offset - 24) * hour).toISOString();
    const [day1, day2] = [localDay(midnight - 1).slice(0, 10), localDay(midnight).slice(0, 10)];
    const [month1, month2] = [day1.slice(0, 7), day2.slice(0, 7)];
    let planned = midnight - 2 * hour;
    clock.set(new Date(planned));
    /** The charger's time: exactly as planned (the clock runs on by a few ms per step). */
    const advance = (ms: number) => {
      planned += ms;
      clock.advance(ms);
    };
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-UP'], 'S-UP');
    await tenant.api.patch('/v1/sites/S-UP', { timeZone });
    await tenant.api.put('/v1/id-tokens/TAG-UP', { status: 'Accepted' });
    const connect = () =>
      connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId: 'CP-UP',
        password: tenant.chargers['CP-UP']!.password,
        protocols: ['ocpp1.6'],
      });
    const status = (client: Awaited<ReturnType<typeof connect>>, value: string, errorCode = 'NoError') =>
      client.call('StatusNotification', {
        connectorId: 1,
        errorCode,
        status: value,
        timestamp: new Date(planned).toISOString(),
      });
    const first = await connect();
    await first.call('BootNotification', { chargePointVendor: 'Up', chargePointModel: 'U1' });

    // Act: the history, each step at the clock's time.
    await status(first, 'Available');
    advance(2 * hour);
    await status(first, 'Faulted', 'GroundFailure');
    advance(hour);
    await status(first, 'Available');
    advance(hour);
    await status(first, 'Unavailable');
    advance(2 * hour);
    await status(first, 'Available');
    advance(hour);
    await first.close();
    await runtime.settled();
    advance(2 * hour);
    const second = await connect();
    await second.call('BootNotification', { chargePointVendor: 'Up', chargePointModel: 'U1' });
    await status(second, 'Available');
    advance(10 * 60_000);
    const start = await second.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-UP',
      meterStart: 1000,
      timestamp: new Date(planned).toISOString(),
    });
    advance(30 * 60_000);
    await second.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 6000,
      timestamp: new Date(planned).toISOString(),
    });
    advance(20 * 60_000);
    await runtime.settled();
    const reports = await Promise.all(
      [...new Set([month1, month2])].map((month) =>
        tenant.api.get(`/v1/reports/uptime?month=${month}&chargerId=CP-UP`),
      ),
    );
    const sessions = await tenant.api.get(`/v1/reports/sessions?month=${month2}&siteId=S-UP`);
    const csv = await tenant.api.call('GET', `/v1/reports/uptime?month=${month2}`, undefined, {
      accept: 'text/csv',
    });
    const badMonth = await tenant.api.get('/v1/reports/uptime?month=2026-13');
    const otherCharger = await tenant.api.get(`/v1/reports/uptime?month=${month2}&chargerId=CP-NONE`);
    await tenant.api.post('/v1/sites', { siteId: 'S-OTHER', name: 'Other' });
    const otherSiteKey = await tenant.api.post('/v1/api-keys', { role: 'viewer', siteIds: ['S-OTHER'] });
    const scoped = apiClient(runtime.apiUrl, otherSiteKey.body.apiKey);
    const [scopedAll, scopedSite, scopedCharger] = await Promise.all([
      scoped.get(`/v1/reports/uptime?month=${month2}`),
      scoped.get(`/v1/reports/sessions?month=${month2}&siteId=S-UP`),
      scoped.get(`/v1/reports/uptime?month=${month2}&chargerId=CP-UP`),
    ]);
    await second.close();

    // Assess
    expect(reports.map((report) => report.status)).toEqual(reports.map(() => 200));
    const charger: Body = reports.at(-1)!.body.chargers[0];
    expect(charger).toMatchObject({ chargerId: 'CP-UP', siteId: 'S-UP', timeZone });
    expect(reports.flatMap((report) => report.body.chargers[0].days)).toEqual([
      near({
        day: day1,
        usableSeconds: 7200,
        countedSeconds: 7200,
        faultedSeconds: 0,
        offlineSeconds: 0,
        maintenanceSeconds: 0,
        availabilityPercent: 100,
        faults: {},
      }),
      near({
        day: day2,
        usableSeconds: 10_800,
        countedSeconds: 21_600,
        faultedSeconds: 3600,
        offlineSeconds: 7200,
        maintenanceSeconds: 7200,
        availabilityPercent: 50,
        faults: { GroundFailure: 1 },
      }),
    ]);
    if (month1 === month2)
      expect(charger.totals).toMatchObject(
        near({
          usableSeconds: 18_000,
          countedSeconds: 28_800,
          availabilityPercent: 62.5,
        }),
      );
    expect(sessions.body.chargers[0].days.at(-1)).toEqual({
      day: day2,
      sessionsEnded: 1,
      sessionsSucceeded: 1,
      sessionSuccessRate: 1,
      energyWh: 5000,
      faults: { GroundFailure: 1 },
    });
    expect(sessions.body.sites.map((site: Body) => site.siteId)).toEqual(['S-UP']);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).split(/\r?\n/);
    expect(lines[0]).toBe(
      'chargerId,siteId,day,usableSeconds,countedSeconds,faultedSeconds,offlineSeconds,maintenanceSeconds,availabilityPercent,faults',
    );
    const row = lines.find((line) => line.startsWith(`CP-UP,S-UP,${day2},`))!.split(',');
    expect(row.slice(3, 9).map(Number)).toEqual(
      [10_800, 21_600, 3600, 7200, 7200, 50].map((value) => expect.closeTo(value, -1)),
    );
    expect(row[9]).toBe('GroundFailure:1');
    expect(badMonth.status).toBe(400);
    // A key of another site sees none of S-UP's chargers: an empty page, and 404 when it names them.
    expect(scopedAll.body.chargers).toEqual([]);
    expect([scopedSite.status, scopedCharger.status]).toEqual([404, 404]);
    expect(otherCharger.status).toBe(404);
  });

  /*
   * API Gateway's 2-hour cut: chargers reconnect within seconds, without a BootNotification or a new status.
   *
   *   T0 all three Available · T0+2h CP-R and CP-L disconnect · +30 s CP-R reconnects · T0+2h40 CP-L reconnects
   *   · T0+3h CP-R disconnects again, back 20 s later; CP-D disconnects and stays away · report T0+3h30
   *
   *   CP-R: 3.5 h usable, 0 offline: 100 %.  CP-L: 40 min offline, 2 h 50 usable.  CP-D: 30 min offline (to now).
   */
  it('counts a reconnect within the grace as online and a longer absence as offline for exactly its time', async () => {
    // Prepare
    const { runtime } = env;
    const minute = 60_000;
    const chargerIds = ['CP-R', 'CP-L', 'CP-D'];
    const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, chargerIds, 'S-RC');
    // The clock only moves forward (the previous test took it hours ahead): T0 is its next whole minute.
    const start = Math.ceil((clock.now().getTime() + 1) / minute) * minute;
    clock.set(new Date(start));
    const connect = (chargerId: string) =>
      connectCharger({
        ocppUrl: runtime.ocppUrl,
        tenantId: tenant.tenantId,
        chargerId,
        password: tenant.chargers[chargerId]!.password,
        protocols: ['ocpp1.6'],
      });
    const clients = new Map<string, Awaited<ReturnType<typeof connect>>>();
    for (const chargerId of chargerIds) {
      const client = await connect(chargerId);
      await client.call('BootNotification', { chargePointVendor: 'Up', chargePointModel: 'U1' });
      await client.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: new Date(start).toISOString(),
      });
      clients.set(chargerId, client);
    }
    const disconnect = async (chargerId: string) => {
      await clients.get(chargerId)!.close();
      await runtime.settled();
    };
    const reconnect = async (chargerId: string) => {
      clients.set(chargerId, await connect(chargerId));
      await runtime.settled();
    };

    // Act
    clock.set(new Date(start + 120 * minute));
    await disconnect('CP-R');
    await disconnect('CP-L');
    clock.advance(30_000);
    await reconnect('CP-R');
    clock.set(new Date(start + 160 * minute));
    await reconnect('CP-L');
    clock.set(new Date(start + 180 * minute));
    await disconnect('CP-R');
    await disconnect('CP-D');
    clock.advance(20_000);
    await reconnect('CP-R');
    clock.set(new Date(start + 210 * minute));
    const months = [
      ...new Set([start, start + 210 * minute].map((at) => new Date(at).toISOString().slice(0, 7))),
    ];
    const reports = await Promise.all(
      months.map((month) => tenant.api.get(`/v1/reports/uptime?month=${month}&siteId=S-RC`)),
    );
    await clients.get('CP-R')!.close();
    await clients.get('CP-L')!.close();

    // Assess: per charger, the month(s) added up.
    expect(reports.map((report) => report.status)).toEqual(reports.map(() => 200));
    const totals = (chargerId: string) => {
      const days = reports.flatMap(
        (report) => report.body.chargers.find((charger: Body) => charger.chargerId === chargerId)?.days ?? [],
      );
      const sum = (name: string) => days.reduce((total: number, day: Body) => total + day[name], 0);
      const usableSeconds = sum('usableSeconds');
      const offlineSeconds = sum('offlineSeconds');
      return {
        usableSeconds,
        offlineSeconds,
        availabilityPercent:
          Math.round((usableSeconds / (usableSeconds + offlineSeconds)) * 1_000_000) / 10_000,
      };
    };
    expect(totals('CP-R')).toEqual(
      near({ usableSeconds: 210 * 60, offlineSeconds: 0, availabilityPercent: 100 }),
    );
    expect(totals('CP-L')).toEqual(
      near({ usableSeconds: 170 * 60, offlineSeconds: 40 * 60, availabilityPercent: 80.9524 }),
    );
    expect(totals('CP-D')).toEqual(
      near({ usableSeconds: 180 * 60, offlineSeconds: 30 * 60, availabilityPercent: 85.7143 }),
    );
  });
});
