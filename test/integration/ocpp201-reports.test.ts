import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { ocpp201Samples } from '../support/csms-action-samples.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

/**
 * The multi-part OCPP 2.0.1 answers to CSMS requests over real sockets: strict ocpp-rpc 2.0.1 clients (every
 * payload checked against the OCA schemas both ways) on the local runtime. The API sends the request through the
 * raw passthrough, the charger answers it and sends its report in parts, the tenant API shows what they said:
 * display messages (NotifyDisplayMessages), customer information (NotifyCustomerInformation) and monitors
 * (NotifyMonitoringReport).
 */

type Env = Awaited<ReturnType<typeof startTestRuntime>>;
type Client = Awaited<ReturnType<typeof connectCharger>>;

const givenConnected201 = async (env: Env, chargerId: string, siteId?: string) => {
  const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [chargerId], siteId);
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

/**
 * Answers `action` with `answer`, then — after the CALLRESULT has gone out, as a charger does — sends `parts`
 * (each built from the request's id) as `notify`, checking each empty answer; resolves with the request id once
 * they are sent. `before` parts go out while the request is still unanswered (its call pending).
 */
const answerThenReport = (
  client: Client,
  action: string,
  answer: Record<string, unknown>,
  notify: string,
  parts: readonly ((requestId: number) => Record<string, unknown>)[],
  before = 0,
) =>
  new Promise<number>((resolve, reject) => {
    client.raw.handle(action, async ({ params }) => {
      const { requestId } = params as { requestId: number };
      const send = async (from: number, to: number) => {
        for (const part of parts.slice(from, to))
          expect(await client.call(notify, part(requestId))).toEqual({});
      };
      await send(0, before);
      setTimeout(() => send(before, parts.length).then(() => resolve(requestId), reject), 20);
      return answer;
    });
  });

const eventsOf = (env: Env, detailType: string, chargerId: string) =>
  env.runtime.eventBridge.events
    .filter((event) => event['detail-type'] === detailType && event.detail.chargerId === chargerId)
    .map((event) => event.detail);

const generatedAt = '2026-06-01T10:00:00.000Z';

describe('OCPP 2.0.1 multi-part reports over real sockets', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it('GetDisplayMessages: the charger reports its messages in two parts, the API lists them; a cleared one goes', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-DISPLAY');
    const sent = answerThenReport(
      client,
      'GetDisplayMessages',
      { status: 'Accepted' },
      'NotifyDisplayMessages',
      [
        (requestId) => ({
          requestId,
          tbc: true,
          messageInfo: [
            {
              id: 1,
              priority: 'AlwaysFront',
              state: 'Idle',
              message: { format: 'UTF8', language: 'de', content: 'Willkommen' },
              display: { name: 'DisplayCtrlr', evse: { id: 1 } },
            },
          ],
        }),
        (requestId) => ({
          requestId,
          messageInfo: [
            { id: 2, priority: 'NormalCycle', message: { format: 'ASCII', content: 'Tariff: 0.30/kWh' } },
          ],
        }),
      ],
    );

    // Act
    const requested = await tenant.api.post('/v1/chargers/CP-DISPLAY/ocpp/GetDisplayMessages', {
      requestId: 41,
    });
    const requestId = await sent;
    await env.runtime.settled();
    const listed = await tenant.api.get('/v1/chargers/CP-DISPLAY/display-messages');
    const firstPage = await tenant.api.get('/v1/chargers/CP-DISPLAY/display-messages?limit=1');
    client.raw.handle('ClearDisplayMessage', async () => ({ status: 'Accepted' }));
    const cleared = await tenant.api.post('/v1/chargers/CP-DISPLAY/ocpp/ClearDisplayMessage', { id: 1 });
    const afterClear = await tenant.api.get('/v1/chargers/CP-DISPLAY/display-messages');

    // Assess
    expect(requested).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(requestId).toBe(41);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      chargerId: 'CP-DISPLAY',
      items: [
        {
          id: 1,
          priority: 'AlwaysFront',
          state: 'Idle',
          message: { format: 'UTF8', language: 'de', content: 'Willkommen' },
          display: { name: 'DisplayCtrlr', evseId: 1 },
          requestId: 41,
          updatedAt: expect.any(String),
        },
        {
          id: 2,
          priority: 'NormalCycle',
          message: { format: 'ASCII', content: 'Tariff: 0.30/kWh' },
          requestId: 41,
          updatedAt: expect.any(String),
        },
      ],
    });
    expect(firstPage.body.items.map((message: { id: number }) => message.id)).toEqual([1]);
    expect(firstPage.body.cursor).toEqual(expect.any(String));
    expect(cleared).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(afterClear.body.items.map((message: { id: number }) => message.id)).toEqual([2]);
    expect(eventsOf(env, 'DisplayMessagesReported.v1', 'CP-DISPLAY')).toEqual([
      expect.objectContaining({ requestId: 41, status: 'complete', parts: 2, messages: 2 }),
    ]);
    expect(strictFailures).toEqual([]);
  });

  it('CustomerInformation: parts, the first before the answer, concatenated per request id; personal data kept apart', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-CUSTOMER', 'S-CUSTOMER');
    const data = ['Customer TAG-7: ', 'sessions 2026-05-30, 2026-05-31; ', 'no local data left'];
    const sent = answerThenReport(
      client,
      'CustomerInformation',
      { status: 'Accepted' },
      'NotifyCustomerInformation',
      data.map((chunk, seqNo) => (requestId) => ({
        requestId,
        seqNo,
        tbc: seqNo < data.length - 1,
        data: chunk,
        generatedAt,
      })),
      1,
    );
    const siteKey = await tenant.api.post('/v1/api-keys', { role: 'operator', siteIds: ['S-CUSTOMER'] });

    // Act
    const requested = await tenant.api.post('/v1/chargers/CP-CUSTOMER/ocpp/CustomerInformation', {
      requestId: 7,
      report: true,
      clear: false,
      idToken: { idToken: 'TAG-7', type: 'ISO14443' },
    });
    await sent;
    await env.runtime.settled();
    const read = await tenant.api.get('/v1/chargers/CP-CUSTOMER/customer-information/7');
    const other = await tenant.api.get('/v1/chargers/CP-CUSTOMER/customer-information/8');
    const bySiteKey = await fetch(`${env.runtime.apiUrl}/v1/chargers/CP-CUSTOMER/customer-information/7`, {
      headers: { authorization: `Bearer ${siteKey.body.apiKey}` },
    });

    // Assess
    expect(requested).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      chargerId: 'CP-CUSTOMER',
      requestId: 7,
      report: true,
      clear: false,
      identifiedBy: 'idToken',
      status: 'complete',
      answerStatus: 'Accepted',
      parts: 3,
      data: data.join(''),
      expiresAt: expect.any(String),
    });
    const retentionDays = (Date.parse(read.body.expiresAt) - Date.parse(read.body.requestedAt)) / 86_400_000;
    expect(retentionDays).toBe(30);
    expect(other.status).toBe(404);
    expect(bySiteKey.status).toBe(403);
    const reported = eventsOf(env, 'CustomerInformationReported.v1', 'CP-CUSTOMER');
    expect(reported).toEqual([expect.objectContaining({ requestId: 7, status: 'complete', parts: 3 })]);
    expect(JSON.stringify(reported)).not.toContain('sessions 2026');
    expect(strictFailures).toEqual([]);
  });

  it('GetMonitoringReport: the monitors of two parts, paged and filtered like the device model', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-MONITOR');
    const monitor = (
      component: Record<string, unknown>,
      variable: string,
      id: number,
      type = 'UpperThreshold',
    ) => ({
      component,
      variable: { name: variable },
      variableMonitoring: [{ id, transaction: false, value: 40, type, severity: 4 }],
    });
    const sent = answerThenReport(
      client,
      'GetMonitoringReport',
      { status: 'Accepted' },
      'NotifyMonitoringReport',
      [
        (requestId) => ({
          requestId,
          seqNo: 0,
          tbc: true,
          generatedAt,
          monitor: [
            monitor({ name: 'EVSE', evse: { id: 1 } }, 'Power', 1),
            monitor({ name: 'EVSE', evse: { id: 1 } }, 'Current', 2),
          ],
        }),
        (requestId) => ({
          requestId,
          seqNo: 1,
          generatedAt,
          monitor: [monitor({ name: 'TemperatureSensor' }, 'Temperature', 3, 'Delta')],
        }),
      ],
    );

    // Act
    const requested = await tenant.api.post('/v1/chargers/CP-MONITOR/ocpp/GetMonitoringReport', {
      requestId: 12,
    });
    await sent;
    await env.runtime.settled();
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.api.get(
        `/v1/chargers/CP-MONITOR/device-model/monitors?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.cursor;
    } while (cursor);
    const filtered = await tenant.api.get('/v1/chargers/CP-MONITOR/device-model/monitors?component=temp');

    // Assess
    expect(requested).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(pages, JSON.stringify(pages)).toHaveLength(2);
    expect(pages.flatMap((page) => page.items)).toEqual([
      {
        component: { name: 'EVSE', evse: { id: 1 } },
        variable: { name: 'Current' },
        id: 2,
        type: 'UpperThreshold',
        value: 40,
        severity: 4,
        transaction: false,
        requestId: 12,
        updatedAt: expect.any(String),
      },
      expect.objectContaining({
        component: { name: 'EVSE', evse: { id: 1 } },
        variable: { name: 'Power' },
        id: 1,
      }),
      expect.objectContaining({ component: { name: 'TemperatureSensor' }, id: 3, type: 'Delta' }),
    ]);
    expect(filtered.body.items.map((item: { id: number }) => item.id)).toEqual([3]);
    expect(eventsOf(env, 'DeviceMonitoringReported.v1', 'CP-MONITOR')).toEqual([
      expect.objectContaining({ requestId: 12, status: 'complete', parts: 2, monitors: 3 }),
    ]);
    expect(strictFailures).toEqual([]);
  });

  it('answers reports of request ids the CSMS never sent as the schemas say, and stores nothing of them', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-UNASKED');

    // Act
    const answers = [
      await client.call('NotifyDisplayMessages', {
        requestId: 900,
        messageInfo: [{ id: 1, priority: 'InFront', message: { format: 'UTF8', content: 'unasked' } }],
      }),
      await client.call('NotifyCustomerInformation', {
        requestId: 901,
        seqNo: 0,
        data: 'unasked',
        generatedAt,
      }),
      await client.call('NotifyMonitoringReport', {
        requestId: 902,
        seqNo: 0,
        generatedAt,
        monitor: [
          {
            component: { name: 'EVSE' },
            variable: { name: 'Power' },
            variableMonitoring: [{ id: 1, transaction: false, value: 1, type: 'Delta', severity: 9 }],
          },
        ],
      }),
    ];
    await env.runtime.settled();
    const messages = await tenant.api.get('/v1/chargers/CP-UNASKED/display-messages');
    const customer = await tenant.api.get('/v1/chargers/CP-UNASKED/customer-information/901');
    const monitors = await tenant.api.get('/v1/chargers/CP-UNASKED/device-model/monitors');

    // Assess
    expect(answers).toEqual([{}, {}, {}]);
    expect(messages.body.items).toEqual([]);
    expect(customer.status).toBe(404);
    expect(monitors.body.items).toEqual([]);
    for (const type of [
      'DisplayMessagesReported.v1',
      'CustomerInformationReported.v1',
      'DeviceMonitoringReported.v1',
    ])
      expect(eventsOf(env, type, 'CP-UNASKED')).toEqual([]);
    expect(strictFailures).toEqual([]);
  });

  it('sends every display-message and monitoring request through the tenant API to a strict charger', async () => {
    // Prepare
    const { tenant, client, strictFailures } = await givenConnected201(env, 'CP-PASSTHROUGH');
    const actions = [
      'GetDisplayMessages',
      'SetDisplayMessage',
      'ClearDisplayMessage',
      'CustomerInformation',
      'GetMonitoringReport',
      'SetVariableMonitoring',
      'SetMonitoringBase',
      'SetMonitoringLevel',
      'ClearVariableMonitoring',
    ];
    const received: { action: string; params: unknown }[] = [];
    for (const action of actions)
      client.raw.handle(action, async ({ params }) => {
        received.push({ action, params });
        return ocpp201Samples[action]!.response;
      });

    // Act
    const answers = [];
    for (const action of actions)
      answers.push(
        await tenant.api.post(`/v1/chargers/CP-PASSTHROUGH/ocpp/${action}`, ocpp201Samples[action]!.request),
      );

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(actions.map(() => 200));
    expect(answers.map((answer) => answer.body.response)).toEqual(
      actions.map((action) => ocpp201Samples[action]!.response),
    );
    expect(received).toEqual(actions.map((action) => ({ action, params: ocpp201Samples[action]!.request })));
    expect(strictFailures).toEqual([]);
  });
});
