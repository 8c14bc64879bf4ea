import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csmsInitiatedActions } from '../../shared/ocpp/csms-actions.ts';
import { provisionTenant } from '../support/api-client.ts';
import { csmsActionSamples } from '../support/csms-action-samples.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>['runtime'];
type Version = 'ocpp1.6' | 'ocpp2.0.1';

/**
 * A strict ocpp-rpc charger of `version` answering every CSMS-initiated action with `answers[action]`
 * (default: the sample answer); it records what it received, and every strict-mode validation failure.
 */
const givenCharger = async (
  runtime: Runtime,
  version: Version,
  answers: Record<string, Record<string, unknown>> = {},
) => {
  const tenant = await provisionTenant(runtime.apiUrl, runtime.adminKey, ['CP-1']);
  const client = await connectCharger({
    ocppUrl: runtime.ocppUrl,
    tenantId: tenant.tenantId,
    chargerId: 'CP-1',
    password: tenant.chargers['CP-1']!.password,
    protocols: [version],
  });
  const received: { action: string; params: unknown }[] = [];
  const strictFailures: unknown[] = [];
  client.raw.on('strictValidationFailure', (failure: unknown) => strictFailures.push(failure));
  for (const action of csmsInitiatedActions[version]) {
    client.raw.handle(action, async ({ params }) => {
      received.push({ action, params });
      return answers[action] ?? csmsActionSamples[version][action]!.response;
    });
  }
  return { tenant, client, received, strictFailures };
};

describe('every CSMS-initiated action through the raw passthrough', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    '%s: each action reaches a strict client as sent and its answer comes back',
    async (version) => {
      // Prepare
      const { tenant, client, received, strictFailures } = await givenCharger(env.runtime, version);
      const actions = csmsInitiatedActions[version];

      // Act: one at a time, as OCPP allows one outstanding call.
      const answers: Record<string, { status: number; body: unknown }> = {};
      for (const action of actions) {
        const { status, body } = await tenant.api.post(
          `/v1/chargers/CP-1/ocpp/${action}`,
          csmsActionSamples[version][action]!.request,
        );
        answers[action] = { status, body };
      }

      // Assess
      expect(strictFailures).toEqual([]);
      expect(received).toEqual(
        actions.map((action) => ({ action, params: csmsActionSamples[version][action]!.request })),
      );
      expect(answers).toEqual(
        Object.fromEntries(
          actions.map((action) => [
            action,
            {
              status: 200,
              body: { commandId: expect.any(String), response: csmsActionSamples[version][action]!.response },
            },
          ]),
        ),
      );
      await client.close();
    },
    60_000,
  );
});

/** Per command: the request, and per version what the charger must receive, its answer, and the API's answer. */
const neutralCases: {
  command: string;
  body: Record<string, unknown>;
  version: Version;
  action: string;
  params: Record<string, unknown>;
  answer: Record<string, unknown>;
  expected: Record<string, unknown>;
}[] = [
  {
    command: 'remote-start',
    body: { idToken: 'TAG-1', evseId: 1 },
    version: 'ocpp1.6',
    action: 'RemoteStartTransaction',
    params: { idTag: 'TAG-1', connectorId: 1 },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'remote-start',
    body: { idToken: 'TAG-1', evseId: 1, remoteStartId: 77 },
    version: 'ocpp2.0.1',
    action: 'RequestStartTransaction',
    params: { idToken: { idToken: 'TAG-1', type: 'Central' }, remoteStartId: 77, evseId: 1 },
    answer: { status: 'Accepted', transactionId: 'tx-1' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'remote-stop',
    body: { transactionId: '42' },
    version: 'ocpp1.6',
    action: 'RemoteStopTransaction',
    params: { transactionId: 42 },
    answer: { status: 'Rejected' },
    expected: { status: 'Rejected' },
  },
  {
    command: 'remote-stop',
    body: { transactionId: 'tx-1' },
    version: 'ocpp2.0.1',
    action: 'RequestStopTransaction',
    params: { transactionId: 'tx-1' },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'reset',
    body: { type: 'hard' },
    version: 'ocpp1.6',
    action: 'Reset',
    params: { type: 'Hard' },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'reset',
    body: { type: 'soft' },
    version: 'ocpp2.0.1',
    action: 'Reset',
    params: { type: 'OnIdle' },
    answer: { status: 'Scheduled' },
    expected: { status: 'Scheduled' },
  },
  {
    command: 'unlock-connector',
    body: { evseId: 2 },
    version: 'ocpp1.6',
    action: 'UnlockConnector',
    params: { connectorId: 2 },
    answer: { status: 'Unlocked' },
    expected: { status: 'Unlocked' },
  },
  {
    command: 'unlock-connector',
    body: { evseId: 2 },
    version: 'ocpp2.0.1',
    action: 'UnlockConnector',
    params: { evseId: 2, connectorId: 1 },
    answer: { status: 'UnknownConnector' },
    expected: { status: 'UnknownConnector' },
  },
  {
    command: 'change-availability',
    body: { availability: 'inoperative' },
    version: 'ocpp1.6',
    action: 'ChangeAvailability',
    params: { connectorId: 0, type: 'Inoperative' },
    answer: { status: 'Scheduled' },
    expected: { status: 'Scheduled' },
  },
  {
    command: 'change-availability',
    body: { availability: 'operative', evseId: 1 },
    version: 'ocpp2.0.1',
    action: 'ChangeAvailability',
    params: { operationalStatus: 'Operative', evse: { id: 1 } },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'trigger-message',
    body: { message: 'StatusNotification', evseId: 1 },
    version: 'ocpp1.6',
    action: 'TriggerMessage',
    params: { requestedMessage: 'StatusNotification', connectorId: 1 },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'trigger-message',
    body: { message: 'Heartbeat' },
    version: 'ocpp2.0.1',
    action: 'TriggerMessage',
    params: { requestedMessage: 'Heartbeat' },
    answer: { status: 'NotImplemented' },
    expected: { status: 'NotImplemented' },
  },
  {
    command: 'get-configuration',
    body: { keys: ['HeartbeatInterval', 'Nope'] },
    version: 'ocpp1.6',
    action: 'GetConfiguration',
    params: { key: ['HeartbeatInterval', 'Nope'] },
    answer: {
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['Nope'],
    },
    expected: {
      values: [
        { key: 'HeartbeatInterval', value: '300', readonly: false, status: 'Accepted' },
        { key: 'Nope', status: 'UnknownVariable' },
      ],
    },
  },
  {
    command: 'get-configuration',
    body: { keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
    version: 'ocpp2.0.1',
    action: 'GetVariables',
    params: {
      getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
    },
    answer: {
      getVariableResult: [
        {
          attributeStatus: 'Accepted',
          attributeValue: '300',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    expected: { values: [{ key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300', status: 'Accepted' }] },
  },
  {
    command: 'set-configuration',
    body: { key: 'HeartbeatInterval', value: '120' },
    version: 'ocpp1.6',
    action: 'ChangeConfiguration',
    params: { key: 'HeartbeatInterval', value: '120' },
    answer: { status: 'Accepted' },
    expected: { status: 'Accepted' },
  },
  {
    command: 'set-configuration',
    body: { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '120' },
    version: 'ocpp2.0.1',
    action: 'SetVariables',
    params: {
      setVariableData: [
        {
          attributeValue: '120',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    answer: {
      setVariableResult: [
        {
          attributeStatus: 'RebootRequired',
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
        },
      ],
    },
    expected: { status: 'RebootRequired' },
  },
];

describe('version-neutral commands', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    env = await startTestRuntime();
  });
  afterAll(() => env.stop());

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    '%s: every command becomes the right call and its answer is normalized',
    async (version) => {
      // Prepare
      const cases = neutralCases.filter((c) => c.version === version);
      const answers = Object.fromEntries(cases.map((c) => [c.action, c.answer]));
      const { tenant, client, received, strictFailures } = await givenCharger(env.runtime, version, answers);

      // Act
      const results = [];
      for (const c of cases)
        results.push(await tenant.api.post(`/v1/chargers/CP-1/commands/${c.command}`, c.body));

      // Assess
      expect(strictFailures).toEqual([]);
      expect(received).toEqual(cases.map((c) => ({ action: c.action, params: c.params })));
      expect(results.map(({ status, body }) => ({ status, body }))).toEqual(
        cases.map((c) => ({
          status: 200,
          body: { commandId: expect.any(String), ...c.expected, raw: c.answer },
        })),
      );
      await client.close();
    },
    60_000,
  );

  it('refuses with 400 what the charger version cannot express, without sending anything', async () => {
    // Prepare
    const { tenant, client, received } = await givenCharger(env.runtime, 'ocpp1.6');

    // Act
    const stop = await tenant.api.post('/v1/chargers/CP-1/commands/remote-stop', { transactionId: 'tx-1' });
    const reset = await tenant.api.post('/v1/chargers/CP-1/commands/reset', { type: 'warm' });

    // Assess
    expect(stop.status).toBe(400);
    expect(stop.body.error.message).toBe('transactionId: OCPP 1.6 transaction ids are integers');
    expect(reset.status).toBe(400);
    expect(received).toEqual([]);
    await client.close();
  });

  it('answers 409 for an offline charger', async () => {
    // Prepare
    const tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, ['CP-OFF']);

    // Act
    const answer = await tenant.api.post('/v1/chargers/CP-OFF/commands/reset', { type: 'soft' });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('charger_offline');
  });

  it('documents every command route in the OpenAPI document', async () => {
    // Act
    const response = await fetch(`${env.runtime.apiUrl}/v1/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, { post: { responses: Record<string, unknown> } }>;
    };

    // Assess
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/chargers/{chargerId}/ocpp/{action}',
        '/v1/chargers/{chargerId}/commands/remote-start',
        '/v1/chargers/{chargerId}/commands/set-configuration',
        '/v1/commands/{commandId}',
      ]),
    );
    expect(
      Object.keys(document.paths['/v1/chargers/{chargerId}/ocpp/{action}']!.post.responses).sort(),
    ).toEqual(['200', '202', '400', '401', '403', '404', '409', '429', '502', '504'].sort());
  });
});
