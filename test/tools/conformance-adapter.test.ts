import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJunitXml, summarize, summaryTable } from '../../scripts/conformance/junit.ts';
import { fixturesFromEnvironment } from '../../scripts/conformance/suite-setup.ts';
import { routeTrigger } from '../../scripts/conformance/trigger-routes.ts';
import { startTriggerServer } from '../../scripts/conformance/trigger-server.ts';
import { tenantApi } from '../../scripts/simulator/api.ts';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

describe('the OCTT trigger routes', () => {
  it.each([
    [
      'a raw call',
      ['2.0.1', 'CP201_SP1', 'call', 'SetDisplayMessage'],
      { message: { id: 1 } },
      { method: 'POST', path: '/v1/chargers/CP201_SP1/ocpp/SetDisplayMessage', body: { message: { id: 1 } } },
    ],
    [
      'a kebab-case 1.6 action',
      ['1.6', 'CP16_SP1', 'remote-start-transaction'],
      { idTag: 'TAG-001' },
      {
        method: 'POST',
        path: '/v1/chargers/CP16_SP1/ocpp/RemoteStartTransaction',
        body: { idTag: 'TAG-001' },
      },
    ],
    [
      'an action without a body',
      ['1.6', 'CP16_SP1', 'clear-cache'],
      undefined,
      { method: 'POST', path: '/v1/chargers/CP16_SP1/ocpp/ClearCache', body: {} },
    ],
    [
      'batched GetVariables',
      ['2.0.1', 'CP 1', 'get-variables'],
      {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      },
      {
        method: 'POST',
        path: '/v1/chargers/CP%201/device-model/variables/get',
        body: {
          variables: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
        },
      },
    ],
    [
      'a charger password',
      ['set-basic-auth-password'],
      { station_id: 'CP201_SP1', password: 'test1234' },
      { method: 'POST', path: '/v1/chargers/CP201_SP1/password', body: { password: 'test1234' } },
    ],
    [
      'an id token',
      ['create-token'],
      { token_id: '100000C06', status: 'Blocked' },
      { method: 'PUT', path: '/v1/id-tokens/100000C06', body: { status: 'Blocked' } },
    ],
  ])('map %s onto the tenant API', (_, segments, body, request) => {
    expect(routeTrigger(segments, body)).toEqual({ kind: 'api', request });
  });

  it.each([
    ['an unknown version', ['2.1', 'CP', 'reset'], {}, 'invalid'],
    ['a call without its action', ['2.0.1', 'CP', 'call'], {}, 'invalid'],
    ['a password without a station', ['set-basic-auth-password'], { password: 'x' }, 'invalid'],
    ['an unknown shared trigger', ['wipe-everything'], {}, 'unsupported'],
    ['ItemsPerMessage overrides', ['2.0.1', 'CP', 'set-items-per-message'], {}, 'unsupported'],
    ['the security profile', ['2.0.1', 'CP', 'set-security-profile'], { security_profile: 2 }, 'nothing'],
  ])('answer %s without calling the API', (_, segments, body, kind) => {
    expect(routeTrigger(segments, body).kind).toBe(kind);
  });
});

describe('the JUnit report of a run', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1">
<testcase classname="2.0.1.A.test_tc_a_01_csms" name="test_tc_a_01" time="1.5" />
<testcase classname="2.0.1.A.test_tc_a_02_csms" name="test_tc_a_02" time="2"><failure message="assert &quot;Rejected&quot; == 'Accepted'">trace</failure></testcase>
<testcase classname="2.0.1.A.test_tc_a_03_csms" name="test_tc_a_03" time="0"><error message="fixture failed">trace</error></testcase>
<testcase classname="2.0.1.A.test_tc_a_04_csms" name="test_tc_a_04" time="0"><skipped message="needs TLS" /></testcase>
</testsuite></testsuites>`;

  it('gives each case its outcome and message', () => {
    expect(parseJunitXml(xml)).toEqual([
      { file: '2.0.1.A.test_tc_a_01_csms', name: 'test_tc_a_01', outcome: 'passed', seconds: 1.5 },
      {
        file: '2.0.1.A.test_tc_a_02_csms',
        name: 'test_tc_a_02',
        outcome: 'failed',
        seconds: 2,
        message: `assert "Rejected" == 'Accepted'`,
      },
      {
        file: '2.0.1.A.test_tc_a_03_csms',
        name: 'test_tc_a_03',
        outcome: 'error',
        seconds: 0,
        message: 'fixture failed',
      },
      {
        file: '2.0.1.A.test_tc_a_04_csms',
        name: 'test_tc_a_04',
        outcome: 'skipped',
        seconds: 0,
        message: 'needs TLS',
      },
    ]);
  });

  it('counts the TLS cases apart from the pass rate', () => {
    // Act
    const summary = summarize('A', parseJunitXml(xml), (result) => result.file.endsWith('a_02_csms'));

    // Assess
    expect(summary).toEqual({
      block: 'A',
      tests: 3,
      passed: 1,
      failed: 0,
      errors: 1,
      skipped: 1,
      tlsOnly: 1,
      tlsOnlyPassed: 0,
    });
    expect(summaryTable([summary])).toContain('| A | 3 | 1 | 1 | 1 | 33 % | 1 |');
  });
});

describe('the trigger server', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env?.stop());

  it("sends a trigger's call to the charger through the tenant API, and refuses what it cannot map", async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP16_SP1']);
    const trigger = await startTriggerServer(tenantApi(env.runtime.apiUrl, tenant.apiKey));
    const charger = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'CP16_SP1',
      password: tenant.chargers.CP16_SP1!.password,
      protocols: ['ocpp1.6'],
    });
    charger.raw.handle('ClearCache', () => ({ status: 'Accepted' }) as never);
    await charger.call('BootNotification', { chargePointVendor: 'v', chargePointModel: 'm' });
    const post = (path: string, body: unknown) =>
      fetch(`${trigger.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

    // Act
    const sent = await post('/api/octt/1.6/CP16_SP1/clear-cache', {});
    const unmapped = await post('/api/octt/2.0.1/CP16_SP1/set-items-per-message', { get_variables: 2 });
    const token = await post('/api/octt/create-token', { token_id: 'TAG-9', status: 'Blocked' });

    // Assess
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ response: { status: 'Accepted' } });
    expect(unmapped.status).toBe(501);
    expect(token.status).toBe(200);
    expect((await tenant.api.get('/v1/id-tokens/TAG-9')).body).toMatchObject({ status: 'Blocked' });
    expect(trigger.records.map((record) => record.outcome)).toEqual(['api', 'unsupported', 'api']);
    await charger.close();
    await trigger.close();
  });
});

describe('the suite fixtures', () => {
  it("read the suite's charger ids, password and tokens from its environment", () => {
    const fixtures = fixturesFromEnvironment({
      CP201_SP1: 'CP201_SP1',
      CP16_SP1: 'CP16_SP1',
      CP201_SP2: 'CP201_SP1',
      BASIC_AUTH_CP_PASSWORD: 'test1234',
      VALID_ID_TOKEN: 'TAG-001',
      VALID_ID_TOKEN_TYPE: 'ISO14443',
      VALID_ID_TOKEN_2: '100000C39B',
      GROUP_ID: 'GROUP002',
      BLOCKED_ID_TOKEN: '100000C06',
      MASTERPASS_ID_TOKEN: 'MASTERC47',
      MASTERPASS_GROUP_ID: 'GROUP001',
    });
    expect(fixtures).toEqual({
      chargerIds: ['CP201_SP1', 'CP16_SP1'],
      password: 'test1234',
      idTokens: [
        { idToken: 'TAG-001', type: 'ISO14443', status: 'Accepted', groupId: 'GROUP002' },
        { idToken: '100000C39B', status: 'Accepted', groupId: 'GROUP002' },
        { idToken: 'MASTERC47', status: 'Accepted', groupId: 'GROUP001' },
        { idToken: '100000C06', status: 'Blocked' },
      ],
    });
  });
});
