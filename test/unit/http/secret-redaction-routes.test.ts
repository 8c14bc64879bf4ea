import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import { ChargerGoneError } from '../../../shared/slices/commands/ports.ts';
import { recordCallResult } from '../../../shared/slices/commands/remote-commands.ts';
import type { ApiKeyRole } from '../../../shared/slices/tenancy/model.ts';
import { callApi } from '../../support/api-handler-call.ts';
import type { RecordingChargerChannel } from '../../support/fakes/charger-channel.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { at, givenCharger } from '../domain/builders.ts';

/**
 * Secrets pushed to chargers, or reported by them, over every route that returns commands or configuration,
 * read with a viewer key and an admin key: never in plain text, in the answers or in the table. The charger
 * gets the real value.
 */

const tenantId = 'tenant-a';
const chargerId = 'cp-1';
const secret = 'Pa55-s3cret-0123456789abcdef';
const viewer = { tenantId, role: 'viewer' as ApiKeyRole };
const admin = { tenantId, role: 'admin' as ApiKeyRole };
const readers = [viewer, admin];

type Answer = (payload: Record<string, unknown>) => Record<string, unknown>;

/**
 * A charger on a channel that answers each CALL at once with `answers[action]`, unless `holdAnswers` is set:
 * then calls stay unanswered until `answerHeld()`.
 */
const givenOnline = async (version: OcppVersion, answers: Record<string, Answer>) => {
  const sent: { connectionId: string; frame: string }[] = [];
  const held: { messageId: string; action: string; payload: Record<string, unknown> }[] = [];
  const state = { holdAnswers: false };
  let deps: TestDependencies | undefined;
  const answer = async (messageId: string, action: string, payload: Record<string, unknown>) => {
    const answerOf = answers[action];
    if (!deps || !answerOf) throw new Error(`no answer for ${action}`);
    await recordCallResult(
      deps,
      { tenantId, chargerId, connectionId: 'conn-1', messageId },
      answerOf(payload),
    );
  };
  const channel: RecordingChargerChannel = {
    closed: [],
    sent,
    gone: new Set(),
    async close() {},
    async send(connectionId, frame) {
      if (this.gone.has(connectionId)) throw new ChargerGoneError(connectionId);
      sent.push({ connectionId, frame });
      const [, messageId, action, payload] = JSON.parse(frame) as [
        number,
        string,
        string,
        Record<string, unknown>,
      ];
      if (state.holdAnswers) held.push({ messageId, action, payload });
      else await answer(messageId, action, payload);
    },
  };
  deps = await createTestDependencies({ channel });
  await givenCharger(deps, { tenantId, chargerId });
  await connectCharger(deps, {
    tenantId,
    chargerId,
    connectionId: 'conn-1',
    ocppVersion: version,
    correlationId: 'corr-connect',
  });
  const answerHeld = async () => {
    state.holdAnswers = false;
    for (const call of held.splice(0)) await answer(call.messageId, call.action, call.payload);
  };
  return { deps, sent, state, answerHeld };
};

const post = (deps: TestDependencies, route: string, path: Record<string, string>, body: unknown) =>
  callApi(deps, admin, { method: 'POST', route, path: { chargerId, ...path }, body });

const command = (deps: TestDependencies, role: typeof viewer, commandId: string) =>
  callApi(deps, role, { method: 'GET', route: '/v1/commands/{commandId}', path: { commandId } });

const configuration = (deps: TestDependencies, role: typeof viewer) =>
  callApi(deps, role, {
    method: 'GET',
    route: '/v1/chargers/{chargerId}/configuration',
    path: { chargerId },
  });

const plainAnywhere = async (deps: TestDependencies) =>
  JSON.stringify(await deps.table.scan()).includes(secret);

const accepted16: Answer = () => ({ status: 'Accepted' });
const setAccepted201: Answer = (payload) => ({
  setVariableResult: (payload.setVariableData as { component: unknown; variable: unknown }[]).map((item) => ({
    attributeStatus: 'Accepted',
    component: item.component,
    variable: item.variable,
  })),
});

describe('secrets of OCPP 1.6 chargers', () => {
  it('set-configuration AuthorizationKey: the charger gets it; commands and configuration show ***', async () => {
    // Prepare
    const { deps, sent } = await givenOnline('ocpp1.6', { ChangeConfiguration: accepted16 });

    // Act
    const set = await post(
      deps,
      '/v1/chargers/{chargerId}/commands/set-configuration',
      {},
      {
        key: 'AuthorizationKey',
        value: secret,
      },
    );

    // Assess
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain(secret);
    expect(sent[0]?.frame).toContain(secret);
    for (const reader of readers) {
      const read = await command(deps, reader, set.body.commandId);
      expect(read.status).toBe(200);
      expect(read.body.payload).toEqual({ key: 'AuthorizationKey', value: '***' });
      const stored = await configuration(deps, reader);
      expect(stored.status).toBe(200);
      expect(stored.body.keys).toEqual([
        { key: 'AuthorizationKey', value: '***', readonly: false, reportedAt: at },
      ]);
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });

  it('raw ChangeConfiguration of a secret-looking vendor key: redacted the same way', async () => {
    // Prepare
    const { deps, sent } = await givenOnline('ocpp1.6', { ChangeConfiguration: accepted16 });

    // Act
    const set = await post(
      deps,
      '/v1/chargers/{chargerId}/ocpp/{action}',
      { action: 'ChangeConfiguration' },
      {
        key: 'WifiPassword',
        value: secret,
      },
    );

    // Assess
    expect(set.status).toBe(200);
    expect(sent[0]?.frame).toContain(secret);
    for (const reader of readers) {
      expect((await command(deps, reader, set.body.commandId)).body.payload).toEqual({
        key: 'WifiPassword',
        value: '***',
      });
      expect((await configuration(deps, reader)).body.keys[0]).toMatchObject({
        key: 'WifiPassword',
        value: '***',
      });
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });

  it('a GetConfiguration answer that reports AuthorizationKey: redacted in the answers, command and store', async () => {
    // Prepare: the key is write-only, but not every firmware obeys
    const { deps } = await givenOnline('ocpp1.6', {
      GetConfiguration: () => ({
        configurationKey: [
          { key: 'AuthorizationKey', readonly: false, value: secret },
          { key: 'HeartbeatInterval', readonly: false, value: '300' },
        ],
      }),
    });

    // Act
    const normalized = await post(deps, '/v1/chargers/{chargerId}/commands/get-configuration', {}, {});
    const raw = await post(
      deps,
      '/v1/chargers/{chargerId}/ocpp/{action}',
      { action: 'GetConfiguration' },
      {},
    );

    // Assess
    expect(normalized.status).toBe(200);
    expect(normalized.body.values).toEqual([
      { key: 'AuthorizationKey', value: '***', readonly: false, status: 'Accepted' },
      { key: 'HeartbeatInterval', value: '300', readonly: false, status: 'Accepted' },
    ]);
    expect(JSON.stringify(normalized.body)).not.toContain(secret);
    expect(raw.status).toBe(200);
    expect(raw.body.response.configurationKey[0]).toEqual({
      key: 'AuthorizationKey',
      readonly: false,
      value: '***',
    });
    for (const reader of readers) {
      for (const commandId of [normalized.body.commandId, raw.body.commandId]) {
        const read = await command(deps, reader, commandId);
        expect(read.body.response.configurationKey[0].value).toBe('***');
      }
      const stored = await configuration(deps, reader);
      expect(stored.body.keys.map((key: { value: string }) => key.value)).toEqual(['***', '300']);
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });

  it('records stored before redaction existed are redacted when read', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps, { tenantId, chargerId });
    await deps.commands.create({
      tenantId,
      commandId: 'CMD1',
      chargerId,
      ocppVersion: 'ocpp1.6',
      action: 'ChangeConfiguration',
      payload: { key: 'AuthorizationKey', value: secret },
      messageId: 'MSG1',
      status: 'completed',
      response: { status: 'Accepted' },
      requestedAt: at,
      requestedBy: 'key-admin',
      expiresAt: at,
      sentAt: at,
      completedAt: at,
    });
    await deps.chargerConfigs.save({
      tenantId,
      chargerId,
      keys: { AuthorizationKey: { value: secret, readonly: false, reportedAt: at } },
      unknownKeys: [],
      updatedAt: at,
      revision: 1,
    });

    // Act
    const answers = await Promise.all(
      readers.flatMap((reader) => [command(deps, reader, 'CMD1'), configuration(deps, reader)]),
    );

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(secret);
    }
    expect(answers[0]?.body.payload.value).toBe('***');
    expect(answers[1]?.body.keys[0].value).toBe('***');
  });
});

describe('secrets of OCPP 2.0.1 chargers', () => {
  it('set-configuration SecurityCtrlr.BasicAuthPassword: the charger gets it; the command shows ***', async () => {
    // Prepare
    const { deps, sent } = await givenOnline('ocpp2.0.1', { SetVariables: setAccepted201 });

    // Act
    const set = await post(
      deps,
      '/v1/chargers/{chargerId}/commands/set-configuration',
      {},
      {
        key: 'SecurityCtrlr.BasicAuthPassword',
        value: secret,
      },
    );

    // Assess
    expect(set.status).toBe(200);
    expect(set.body.status).toBe('Accepted');
    expect(sent[0]?.frame).toContain(secret);
    for (const reader of readers) {
      const read = await command(deps, reader, set.body.commandId);
      expect(read.body.payload).toEqual({
        setVariableData: [
          {
            component: { name: 'SecurityCtrlr' },
            variable: { name: 'BasicAuthPassword' },
            attributeValue: '***',
          },
        ],
      });
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });

  it('a GetVariables answer with BasicAuthPassword: redacted in the answers and the command', async () => {
    // Prepare
    const { deps } = await givenOnline('ocpp2.0.1', {
      GetVariables: (payload) => ({
        getVariableResult: (payload.getVariableData as { component: unknown; variable: unknown }[]).map(
          (item, i) => ({
            attributeStatus: 'Accepted',
            attributeValue: i === 0 ? secret : '300',
            component: item.component,
            variable: item.variable,
          }),
        ),
      }),
    });

    // Act
    const read = await post(
      deps,
      '/v1/chargers/{chargerId}/commands/get-configuration',
      {},
      {
        keys: ['SecurityCtrlr.BasicAuthPassword', 'OCPPCommCtrlr.HeartbeatInterval'],
      },
    );

    // Assess
    expect(read.status).toBe(200);
    expect(read.body.values).toEqual([
      { key: 'SecurityCtrlr.BasicAuthPassword', value: '***', status: 'Accepted' },
      { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300', status: 'Accepted' },
    ]);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    for (const reader of readers) {
      const stored = await command(deps, reader, read.body.commandId);
      expect(
        stored.body.response.getVariableResult.map((r: { attributeValue: string }) => r.attributeValue),
      ).toEqual(['***', '300']);
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });

  it('SetNetworkProfile: VPN and APN passwords, VPN key and SIM PIN are redacted in the command', async () => {
    // Prepare
    const { deps, sent } = await givenOnline('ocpp2.0.1', {
      SetNetworkProfile: () => ({ status: 'Accepted' }),
    });
    // The APN password may have 20 characters at most.
    const shortSecret = 'apn-s3cret-0123';

    // Act
    const set = await post(
      deps,
      '/v1/chargers/{chargerId}/ocpp/{action}',
      { action: 'SetNetworkProfile' },
      {
        configurationSlot: 1,
        connectionData: {
          ocppVersion: 'OCPP20',
          ocppTransport: 'JSON',
          ocppCsmsUrl: 'wss://csms.example.com/ocpp',
          messageTimeout: 30,
          securityProfile: 2,
          ocppInterface: 'Wired0',
          vpn: {
            server: 'vpn.example.com',
            user: 'cp',
            password: shortSecret,
            key: secret,
            type: 'IPSec',
          },
          apn: { apn: 'internet', apnPassword: shortSecret, simPin: 1234, apnAuthentication: 'AUTO' },
        },
      },
    );

    // Assess
    expect(set.body).toMatchObject({ response: { status: 'Accepted' } });
    expect(sent[0]?.frame).toContain(secret);
    expect(sent[0]?.frame).toContain(shortSecret);
    expect(sent[0]?.frame).toContain('1234');
    for (const reader of readers) {
      const { connectionData } = (await command(deps, reader, set.body.commandId)).body.payload;
      expect(connectionData.vpn).toEqual({
        server: 'vpn.example.com',
        user: 'cp',
        password: '***',
        key: '***',
        type: 'IPSec',
      });
      expect(connectionData.apn).toEqual({
        apn: 'internet',
        apnPassword: '***',
        simPin: '***',
        apnAuthentication: 'AUTO',
      });
    }
    expect(await plainAnywhere(deps)).toBe(false);
    expect(JSON.stringify(await deps.table.scan())).not.toContain(shortSecret);
  });
});

describe('a queued call with a secret', () => {
  it('is redacted in its command while it waits; its queue item holds the real value until it goes out', async () => {
    // Prepare: a call in the slot, unanswered
    const { deps, sent, state, answerHeld } = await givenOnline('ocpp1.6', {
      Reset: accepted16,
      ChangeConfiguration: accepted16,
    });
    state.holdAnswers = true;
    const first = await post(
      deps,
      '/v1/chargers/{chargerId}/ocpp/{action}',
      { action: 'Reset' },
      { type: 'Soft' },
    );
    // Nothing waits on the fixed clock of a unit test: its wait has run out.
    expect(first.status).toBe(202);

    // Act
    const queued = await callApi(deps, admin, {
      method: 'POST',
      route: '/v1/chargers/{chargerId}/commands/set-configuration',
      path: { chargerId },
      body: { key: 'AuthorizationKey', value: secret },
    });
    const whileQueued = await Promise.all(
      readers.map((reader) => command(deps, reader, queued.body.commandId)),
    );
    const queueItems = (await deps.table.scan()).filter((item) => String(item.SK).startsWith('CALLQ#'));
    await answerHeld();
    await answerHeld();

    // Assess
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('queued');
    for (const read of whileQueued) {
      expect(read.body.status).toBe('queued');
      expect(read.body.payload).toEqual({ key: 'AuthorizationKey', value: '***' });
    }
    expect(queueItems).toHaveLength(1);
    expect(JSON.stringify(queueItems)).toContain(secret);
    expect(sent.map((frame) => frame.frame.includes(secret))).toEqual([false, true]);
    for (const reader of readers) {
      const read = await command(deps, reader, queued.body.commandId);
      expect(read.body).toMatchObject({ status: 'completed', payload: { value: '***' } });
    }
    expect(await plainAnywhere(deps)).toBe(false);
  });
});
