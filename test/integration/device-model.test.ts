import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * The OCPP 2.0.1 device model over real sockets: strict ocpp-rpc 2.0.1 clients (every payload checked against
 * the OCA schemas both ways) on the local runtime, reports asked for through the API and sent in parts.
 */

type Env = Awaited<ReturnType<typeof startTestRuntime>>;
type Client = Awaited<ReturnType<typeof connectCharger>>;

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

const item = (component: string, variable: string, value: string, extra: Record<string, unknown> = {}) => ({
  component: { name: component },
  variable: { name: variable },
  variableAttribute: [{ type: 'Actual', value, mutability: 'ReadWrite' }],
  variableCharacteristics: { dataType: 'string', supportsMonitoring: false },
  ...extra,
});

const sendParts = async (client: Client, requestId: number, parts: readonly unknown[][], last = true) => {
  for (const [seqNo, reportData] of parts.entries()) {
    const answer = await client.call('NotifyReport', {
      requestId,
      generatedAt: new Date().toISOString(),
      seqNo,
      tbc: !last || seqNo < parts.length - 1,
      reportData,
    });
    expect(answer).toEqual({});
  }
};

/** Answers GetBaseReport Accepted, then sends `parts` for its request id; resolves when they are sent. */
const answerBaseReport = (client: Client, parts: readonly unknown[][], last = true) =>
  new Promise<number>((resolve, reject) => {
    client.raw.handle('GetBaseReport', async ({ params: raw }) => {
      const params = raw as { requestId: number };
      // After the CALLRESULT has gone out, as a charger does.
      setTimeout(() => {
        sendParts(client, params.requestId, parts, last).then(() => resolve(params.requestId), reject);
      }, 20);
      return { status: 'Accepted' };
    });
  });

const deviceModelEvents = (env: Env, chargerId: string) =>
  env.runtime.eventBridge.events.filter(
    (event) => event['detail-type'] === 'DeviceModelReported.v1' && event.detail.chargerId === chargerId,
  );

describe('OCPP 2.0.1 device model over real sockets', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('asks for a base report, stores its three parts and pages the variables back, secrets redacted', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-DM');
    const parts = [
      [
        item('OCPPCommCtrlr', 'HeartbeatInterval', '300'),
        item('SecurityCtrlr', 'BasicAuthPassword', 'plain-pw'),
      ],
      [item('EVSE', 'Power', '22000', { component: { name: 'EVSE', evse: { id: 1 } } })],
      [
        item('DeviceDataCtrlr', 'ItemsPerMessage', '2', {
          variable: { name: 'ItemsPerMessage', instance: 'GetVariables' },
        }),
      ],
    ];
    const sent = answerBaseReport(client, parts);

    // Act
    const requested = await tenant.api.post('/v1/chargers/CP-DM/device-model/base-report', {
      reportBase: 'FullInventory',
    });
    const requestId = await sent;
    await env.runtime.settled();
    const reports = await tenant.api.get('/v1/chargers/CP-DM/device-model/reports');
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.api.get(
        `/v1/chargers/CP-DM/device-model?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.cursor;
    } while (cursor);
    const filtered = await tenant.api.get('/v1/chargers/CP-DM/device-model?component=ocpp&variable=Heart');
    const view = await tenant.api.get('/v1/chargers/CP-DM');

    // Assess
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({
      requestId,
      status: 'Accepted',
      report: { request: 'GetBaseReport' },
    });
    expect(reports.body.items).toEqual([
      expect.objectContaining({
        requestId,
        request: 'GetBaseReport',
        reportBase: 'FullInventory',
        status: 'complete',
        answerStatus: 'Accepted',
        parts: 3,
        lastSeqNo: 2,
        variables: 4,
      }),
    ]);
    const variables = pages.flatMap((page) => page.items);
    expect(pages).toHaveLength(2);
    expect(variables.map((v) => `${v.component.name}.${v.variable.name}`)).toEqual([
      'DeviceDataCtrlr.ItemsPerMessage',
      'EVSE.Power',
      'OCPPCommCtrlr.HeartbeatInterval',
      'SecurityCtrlr.BasicAuthPassword',
    ]);
    expect(variables[1]).toMatchObject({ component: { name: 'EVSE', evse: { id: 1 } }, requestId });
    expect(variables[3].attributes).toEqual([{ type: 'Actual', value: '***', mutability: 'ReadWrite' }]);
    expect(JSON.stringify(pages)).not.toContain('plain-pw');
    expect(filtered.body.items.map((v: { variable: { name: string } }) => v.variable.name)).toEqual([
      'HeartbeatInterval',
    ]);
    expect(view.status).toBe(200);
    expect(deviceModelEvents(env, 'CP-DM').map((event) => event.detail)).toEqual([
      expect.objectContaining({ requestId, status: 'complete', solicited: true, parts: 3, variables: 4 }),
    ]);
    expect(strictFailures).toEqual([]);

    // Act: reads and writes split to the limit the report announced (2 per GetVariables), values stored
    const getCalls: unknown[] = [];
    client.raw.handle('GetVariables', async ({ params: raw }) => {
      const params = raw as { getVariableData: Record<string, unknown>[] };
      getCalls.push(params);
      return {
        getVariableResult: params.getVariableData.map((data) => ({
          ...data,
          attributeStatus: 'Accepted',
          attributeValue: (data.variable as { name: string }).name === 'HeartbeatInterval' ? '120' : 'x',
        })),
      };
    });
    client.raw.handle('SetVariables', async ({ params: raw }) => ({
      setVariableResult: (raw as { setVariableData: Record<string, unknown>[] }).setVariableData.map(
        ({ attributeValue: _value, ...data }) => ({ ...data, attributeStatus: 'Accepted' }),
      ),
    }));
    const names = ['HeartbeatInterval', 'A', 'B', 'C', 'D'];
    const read = await tenant.api.post('/v1/chargers/CP-DM/device-model/variables/get', {
      variables: names.map((name) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name } })),
    });
    const set = await tenant.api.post('/v1/chargers/CP-DM/device-model/variables/set', {
      variables: [
        {
          component: { name: 'SecurityCtrlr' },
          variable: { name: 'BasicAuthPassword' },
          attributeValue: 'new-pw-1234567890',
        },
        {
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Power' },
          attributeValue: '11000',
        },
      ],
    });
    await env.runtime.settled();
    const after = await tenant.api.get('/v1/chargers/CP-DM/device-model?limit=100');

    // Assess
    expect(read.status).toBe(200);
    expect(read.body.limits).toEqual({ itemsPerMessage: 2 });
    expect(read.body.commandIds).toHaveLength(3);
    expect(getCalls.map((call) => (call as { getVariableData: unknown[] }).getVariableData.length)).toEqual([
      2, 2, 1,
    ]);
    expect(read.body.results).toHaveLength(5);
    expect(set.status).toBe(200);
    const storedValue = (component: string, variable: string) =>
      after.body.items.find(
        (v: { component: { name: string }; variable: { name: string } }) =>
          v.component.name === component && v.variable.name === variable,
      )?.attributes[0]?.value;
    expect(storedValue('OCPPCommCtrlr', 'HeartbeatInterval')).toBe('120');
    expect(storedValue('OCPPCommCtrlr', 'D')).toBe('x');
    expect(storedValue('EVSE', 'Power')).toBe('11000');
    expect(storedValue('SecurityCtrlr', 'BasicAuthPassword')).toBe('***');
    expect(JSON.stringify([after.body, set.body])).not.toContain('new-pw');
    expect(strictFailures).toEqual([]);
  });

  it('leaves a report incomplete when the charger disconnects before its last part', async () => {
    // Prepare
    const { tenant, client } = await givenConnected201(env, 'CP-DM-CUT');
    const sent = answerBaseReport(client, [[item('A', 'x', '1')], [item('B', 'x', '1')]], false);
    const requested = await tenant.api.post('/v1/chargers/CP-DM-CUT/device-model/base-report', {
      reportBase: 'ConfigurationInventory',
    });
    const requestId = await sent;

    // Act
    await client.close();
    await env.runtime.settled();
    const reports = await tenant.api.get('/v1/chargers/CP-DM-CUT/device-model/reports');
    const stored = await tenant.api.get('/v1/chargers/CP-DM-CUT/device-model');

    // Assess
    expect(requested.status).toBe(200);
    expect(reports.body.items).toEqual([
      expect.objectContaining({
        requestId,
        status: 'incomplete',
        incompleteReason: 'disconnected',
        parts: 2,
      }),
    ]);
    // What arrived is stored; the report says it is not the whole model.
    expect(stored.body.items).toHaveLength(2);
    expect(deviceModelEvents(env, 'CP-DM-CUT').map((event) => event.detail)).toEqual([
      expect.objectContaining({ requestId, status: 'incomplete', incompleteReason: 'disconnected' }),
    ]);
  });

  it('stores a report the CSMS never asked for as unsolicited, and answers it as the spec says', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-DM-BOOT');

    // Act
    await sendParts(client, 4711, [[item('OCPPCommCtrlr', 'HeartbeatInterval', '60')]]);
    await env.runtime.settled();
    const reports = await tenant.api.get('/v1/chargers/CP-DM-BOOT/device-model/reports');
    const stored = await tenant.api.get('/v1/chargers/CP-DM-BOOT/device-model');

    // Assess
    expect(reports.body.items).toEqual([
      expect.objectContaining({ requestId: 4711, request: 'unsolicited', status: 'complete' }),
    ]);
    expect(stored.body.items).toHaveLength(1);
    expect(deviceModelEvents(env, 'CP-DM-BOOT').map((event) => event.detail.solicited)).toEqual([false]);
    expect(strictFailures).toEqual([]);
  });

  it('stores a 10,000-variable report sent in 80 parts and pages it back', async () => {
    // Prepare
    const { tenant, client } = await givenConnected201(env, 'CP-DM-BIG');
    // 125 variables (about 25 KB) a part: API Gateway takes WebSocket frames of at most 32 KB.
    const parts = Array.from({ length: 80 }, (_, part) =>
      Array.from({ length: 125 }, (_, i) => {
        const n = part * 125 + i;
        return item(
          `Component${String(Math.floor(n / 100)).padStart(3, '0')}`,
          `Variable${String(n % 100).padStart(2, '0')}`,
          String(n),
        );
      }),
    );
    const sent = answerBaseReport(client, parts);

    // Act
    await tenant.api.post('/v1/chargers/CP-DM-BIG/device-model/base-report?waitSeconds=5', {
      reportBase: 'FullInventory',
    });
    const requestId = await sent;
    await env.runtime.settled();
    const values: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await tenant.api.get(
        `/v1/chargers/CP-DM-BIG/device-model?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      values.push(...page.body.items.map((v: { attributes: { value: string }[] }) => v.attributes[0]!.value));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor);
    const reports = await tenant.api.get('/v1/chargers/CP-DM-BIG/device-model/reports');

    // Assess
    expect(values).toHaveLength(10_000);
    expect(values).toEqual(Array.from({ length: 10_000 }, (_, n) => String(n)));
    expect(pages).toBe(20);
    expect(reports.body.items[0]).toMatchObject({
      requestId,
      status: 'complete',
      parts: 80,
      variables: 10_000,
    });
  }, 60_000);
});

describe('OCPP 2.0.1 NotifyEvent over real sockets', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('stores and publishes notified events; a Faulted AvailabilityState is the connector’s status', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-EV');
    await client.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    const timestamp = new Date().toISOString();

    // Act
    const answer = await client.call('NotifyEvent', {
      generatedAt: timestamp,
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp,
          trigger: 'Delta',
          actualValue: 'Faulted',
          component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
          variable: { name: 'AvailabilityState' },
          eventNotificationType: 'HardWiredNotification',
          techCode: 'E42',
        },
        {
          eventId: 2,
          timestamp,
          trigger: 'Alerting',
          actualValue: '85',
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Temperature' },
          eventNotificationType: 'CustomMonitor',
          variableMonitoringId: 7,
        },
      ],
    });
    await env.runtime.settled();
    const events = await tenant.api.get('/v1/chargers/CP-EV/device-model/events');
    const view = await tenant.api.get('/v1/chargers/CP-EV');

    // Assess
    expect(answer).toEqual({});
    expect(events.body.items.map((event: { eventId: number }) => event.eventId).sort()).toEqual([1, 2]);
    expect(events.body.items).toContainEqual(
      expect.objectContaining({
        eventId: 1,
        actualValue: 'Faulted',
        techCode: 'E42',
        component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
      }),
    );
    expect(view.body.connectors).toContainEqual(
      expect.objectContaining({ evseId: 1, connectorId: 1, status: 'Faulted' }),
    );
    const published = env.runtime.eventBridge.events.filter((event) => event.detail.chargerId === 'CP-EV');
    expect(
      published
        .filter((event) => event['detail-type'] === 'DeviceEventReported.v1')
        .map((e) => e.detail.eventId),
    ).toEqual([1, 2]);
    expect(
      published
        .filter((event) => event['detail-type'] === 'ConnectorStatusChanged.v1')
        .map((event) => event.detail.status),
    ).toEqual(['Available', 'Faulted']);
    expect(strictFailures).toEqual([]);
  });
});
