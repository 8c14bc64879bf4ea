import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../shared/config.ts';
import { csmsInitiatedActions, isCsmsInitiatedAction } from '../../../shared/ocpp/csms-actions.ts';
import { messageSchemas, schemaActions } from '../../../shared/ocpp/schemas.ts';
import { validateRequest, validateResponse } from '../../../shared/ocpp/validation.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { chargerCommandNames, chargerCommands } from '../../../shared/slices/commands/command-catalog.ts';
import { commandOperationIds } from '../../../shared/slices/commands/http/commands.ts';
import { httpRoutes } from '../../../shared/topology/http-routes.ts';
import { csmsActionSamples } from '../../support/csms-action-samples.ts';

/** What chargers send, per version: with the CSMS-initiated lists, every action of the schema set. */
const chargerInitiated: Record<OcppVersion, readonly string[]> = {
  'ocpp1.6': [
    'Authorize',
    'BootNotification',
    'DiagnosticsStatusNotification',
    'FirmwareStatusNotification',
    'Heartbeat',
    'MeterValues',
    'StartTransaction',
    'StatusNotification',
    'StopTransaction',
    'LogStatusNotification',
    'SecurityEventNotification',
    'SignCertificate',
    'SignedFirmwareStatusNotification',
  ],
  'ocpp2.0.1': [
    'Authorize',
    'BootNotification',
    'ClearedChargingLimit',
    'FirmwareStatusNotification',
    'Get15118EVCertificate',
    'GetCertificateStatus',
    'Heartbeat',
    'LogStatusNotification',
    'MeterValues',
    'NotifyChargingLimit',
    'NotifyCustomerInformation',
    'NotifyDisplayMessages',
    'NotifyEVChargingNeeds',
    'NotifyEVChargingSchedule',
    'NotifyEvent',
    'NotifyMonitoringReport',
    'NotifyReport',
    'PublishFirmwareStatusNotification',
    'ReportChargingProfiles',
    'ReservationStatusUpdate',
    'SecurityEventNotification',
    'SignCertificate',
    'StatusNotification',
    'TransactionEvent',
  ],
};

const versions = ['ocpp1.6', 'ocpp2.0.1'] as const;

describe('CSMS-initiated actions', () => {
  it.each(versions)(
    '%s: the list and the charger-initiated actions cover the schema set exactly',
    (version) => {
      // Prepare
      const listed = [...csmsInitiatedActions[version], ...chargerInitiated[version]];

      // Act
      const inSchemaSet = [...schemaActions(version)];

      // Assess
      expect([...listed].sort()).toEqual([...inSchemaSet].sort());
    },
  );

  it.each(versions)('%s: every listed action has a .req and a .conf schema', (version) => {
    // Prepare
    const ids = new Set(messageSchemas(version).map((schema) => schema.$id));

    // Act
    const missing = csmsInitiatedActions[version].flatMap((action) =>
      [`urn:${action}.req`, `urn:${action}.conf`].filter((id) => !ids.has(id)),
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it('includes the 1.6 security extension', () => {
    // Assess
    expect(csmsInitiatedActions['ocpp1.6']).toEqual(
      expect.arrayContaining([
        'ExtendedTriggerMessage',
        'GetLog',
        'SignedUpdateFirmware',
        'InstallCertificate',
        'DeleteCertificate',
        'GetInstalledCertificateIds',
        'CertificateSigned',
      ]),
    );
  });

  it.each([
    ['ocpp1.6', 'Reset', true],
    ['ocpp1.6', 'BootNotification', false],
    ['ocpp1.6', 'RequestStartTransaction', false],
    ['ocpp2.0.1', 'RequestStartTransaction', true],
    ['ocpp2.0.1', 'RemoteStartTransaction', false],
    ['ocpp2.0.1', 'toString', false],
  ] as const)('%s %s is CSMS-initiated: %s', (version, action, expected) => {
    // Act
    const result = isCsmsInitiatedAction(version, action);

    // Assess
    expect(result).toBe(expected);
  });

  it.each(versions)('%s: the test samples cover every action and are schema-valid both ways', (version) => {
    // Prepare
    const samples = csmsActionSamples[version];

    // Act
    const invalid = csmsInitiatedActions[version].flatMap((action) => {
      const sample = samples[action];
      if (!sample) return [`${action}: no sample`];
      try {
        validateRequest(version, action, sample.request);
        validateResponse(version, action, sample.response);
        return [];
      } catch (error) {
        return [`${action}: ${(error as Error).message}`];
      }
    });

    // Assess
    expect(invalid).toEqual([]);
    expect(Object.keys(samples).sort()).toEqual([...csmsInitiatedActions[version]].sort());
  });
});

describe('version-neutral charger commands', () => {
  const cases: [string, Record<string, unknown>, OcppVersion, string, Record<string, unknown>][] = [
    [
      'remote-start',
      { idToken: 'TAG-1', evseId: 2 },
      'ocpp1.6',
      'RemoteStartTransaction',
      { idTag: 'TAG-1', connectorId: 2 },
    ],
    [
      'remote-start',
      { idToken: 'TAG-1', evseId: 2, remoteStartId: 9 },
      'ocpp2.0.1',
      'RequestStartTransaction',
      { idToken: { idToken: 'TAG-1', type: 'Central' }, remoteStartId: 9, evseId: 2 },
    ],
    ['remote-stop', { transactionId: '42' }, 'ocpp1.6', 'RemoteStopTransaction', { transactionId: 42 }],
    [
      'remote-stop',
      { transactionId: 'tx-9' },
      'ocpp2.0.1',
      'RequestStopTransaction',
      { transactionId: 'tx-9' },
    ],
    ['reset', { type: 'soft' }, 'ocpp1.6', 'Reset', { type: 'Soft' }],
    ['reset', { type: 'hard' }, 'ocpp1.6', 'Reset', { type: 'Hard' }],
    ['reset', { type: 'soft' }, 'ocpp2.0.1', 'Reset', { type: 'OnIdle' }],
    ['reset', { type: 'hard', evseId: 1 }, 'ocpp2.0.1', 'Reset', { type: 'Immediate', evseId: 1 }],
    ['unlock-connector', { evseId: 2 }, 'ocpp1.6', 'UnlockConnector', { connectorId: 2 }],
    ['unlock-connector', { evseId: 2 }, 'ocpp2.0.1', 'UnlockConnector', { evseId: 2, connectorId: 1 }],
    [
      'change-availability',
      { availability: 'inoperative' },
      'ocpp1.6',
      'ChangeAvailability',
      { connectorId: 0, type: 'Inoperative' },
    ],
    [
      'change-availability',
      { availability: 'operative', evseId: 1 },
      'ocpp1.6',
      'ChangeAvailability',
      { connectorId: 1, type: 'Operative' },
    ],
    [
      'change-availability',
      { availability: 'inoperative' },
      'ocpp2.0.1',
      'ChangeAvailability',
      { operationalStatus: 'Inoperative' },
    ],
    [
      'change-availability',
      { availability: 'operative', evseId: 1, connectorId: 2 },
      'ocpp2.0.1',
      'ChangeAvailability',
      { operationalStatus: 'Operative', evse: { id: 1, connectorId: 2 } },
    ],
    [
      'trigger-message',
      { message: 'StatusNotification', evseId: 1 },
      'ocpp1.6',
      'TriggerMessage',
      { requestedMessage: 'StatusNotification', connectorId: 1 },
    ],
    [
      'trigger-message',
      { message: 'StatusNotification', evseId: 1, connectorId: 1 },
      'ocpp2.0.1',
      'TriggerMessage',
      { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } },
    ],
    ['get-configuration', {}, 'ocpp1.6', 'GetConfiguration', {}],
    [
      'get-configuration',
      { keys: ['HeartbeatInterval'] },
      'ocpp1.6',
      'GetConfiguration',
      { key: ['HeartbeatInterval'] },
    ],
    [
      'get-configuration',
      { keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
      'ocpp2.0.1',
      'GetVariables',
      {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      },
    ],
    [
      'set-configuration',
      { key: 'HeartbeatInterval', value: '120' },
      'ocpp1.6',
      'ChangeConfiguration',
      { key: 'HeartbeatInterval', value: '120' },
    ],
    [
      'set-configuration',
      { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '120' },
      'ocpp2.0.1',
      'SetVariables',
      {
        setVariableData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            attributeValue: '120',
          },
        ],
      },
    ],
  ];

  it.each(cases)('%s %j on %s → %s %j, schema-valid', (name, input, version, action, payload) => {
    // Prepare
    const command = chargerCommands[name as keyof typeof chargerCommands];

    // Act
    const mapping = command.toCall(version, command.schema.parse(input));

    // Assess
    expect(mapping).toEqual({ ok: true, call: { action, payload } });
    expect(() => validateRequest(version, action, payload)).not.toThrow();
  });

  it('generates a 2.0.1 remoteStartId when none is given', () => {
    // Prepare
    const command = chargerCommands['remote-start'];

    // Act
    const mapping = command.toCall('ocpp2.0.1', command.schema.parse({ idToken: 'TAG-1' }));

    // Assess
    expect(mapping.ok && Number.isInteger(mapping.call.payload.remoteStartId)).toBe(true);
  });

  it.each([
    [
      'remote-start',
      { idToken: 'X'.repeat(21) },
      'ocpp1.6',
      'idToken: OCPP 1.6 allows at most 20 characters',
    ],
    [
      'remote-stop',
      { transactionId: 'tx-9' },
      'ocpp1.6',
      'transactionId: OCPP 1.6 transaction ids are integers',
    ],
    ['reset', { type: 'soft', evseId: 1 }, 'ocpp1.6', 'evseId: OCPP 1.6 resets the whole charger only'],
    [
      'unlock-connector',
      { evseId: 1, connectorId: 2 },
      'ocpp1.6',
      'connectorId: an OCPP 1.6 charger has one connector per EVSE',
    ],
    [
      'change-availability',
      { availability: 'operative', connectorId: 1 },
      'ocpp2.0.1',
      'connectorId: needs the evseId',
    ],
    ['trigger-message', { message: 'Heartbeat', connectorId: 1 }, 'ocpp1.6', 'connectorId: needs the evseId'],
    ['get-configuration', {}, 'ocpp2.0.1', 'keys: an OCPP 2.0.1 charger needs the Component.Variable keys'],
    ['get-configuration', { keys: ['HeartbeatInterval'] }, 'ocpp2.0.1', 'needs Component.Variable'],
    ['set-configuration', { key: 'Heartbeat.', value: '1' }, 'ocpp2.0.1', 'needs Component.Variable'],
  ] as const)('%s %j cannot be expressed in %s', (name, input, version, message) => {
    // Prepare
    const command = chargerCommands[name];

    // Act
    const mapping = command.toCall(version, command.schema.parse(input));

    // Assess
    expect(mapping.ok).toBe(false);
    expect(!mapping.ok && mapping.message).toContain(message);
  });

  it.each([
    ['reset', { type: 'warm' }],
    ['remote-start', {}],
    ['unlock-connector', { evseId: 0 }],
    ['set-configuration', { key: 'a', value: '1', extra: true }],
  ] as const)('%s refuses %j', (name, input) => {
    // Act
    const parsing = () => chargerCommands[name].schema.parse(input);

    // Assess
    expect(parsing).toThrow();
  });

  it.each([
    ['reset', 'ocpp2.0.1', { status: 'Scheduled' }, { status: 'Scheduled' }],
    ['set-configuration', 'ocpp1.6', { status: 'RebootRequired' }, { status: 'RebootRequired' }],
    [
      'set-configuration',
      'ocpp2.0.1',
      {
        setVariableResult: [
          { attributeStatus: 'UnknownVariable', component: { name: 'A' }, variable: { name: 'B' } },
        ],
      },
      { status: 'UnknownVariable' },
    ],
    [
      'get-configuration',
      'ocpp1.6',
      {
        configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
        unknownKey: ['Nope'],
      },
      {
        values: [
          { key: 'HeartbeatInterval', value: '300', readonly: false, status: 'Accepted' },
          { key: 'Nope', status: 'UnknownVariable' },
        ],
      },
    ],
    [
      'get-configuration',
      'ocpp2.0.1',
      {
        getVariableResult: [
          {
            attributeStatus: 'Accepted',
            attributeValue: '300',
            component: { name: 'C' },
            variable: { name: 'V' },
          },
          { attributeStatus: 'UnknownComponent', component: { name: 'X' }, variable: { name: 'Y' } },
        ],
      },
      {
        values: [
          { key: 'C.V', value: '300', status: 'Accepted' },
          { key: 'X.Y', status: 'UnknownComponent' },
        ],
      },
    ],
  ] as const)('%s normalizes a %s answer', (name, version, response, expected) => {
    // Act
    const normalized = chargerCommands[name].normalize(version, response as Record<string, unknown>);

    // Assess
    expect(normalized).toEqual(expected);
  });

  it('has one route and one operation per command', () => {
    // Prepare
    const routed = httpRoutes
      .filter((route) => route.path.startsWith('/v1/chargers/{chargerId}/commands/'))
      .map((route) => [route.path.split('/').at(-1), route.operationId]);

    // Assess
    expect(routed.sort()).toEqual(
      chargerCommandNames.map((name) => [name, commandOperationIds[name]]).sort(),
    );
  });
});

describe('command configuration', () => {
  const env = {
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 't',
    EVENT_BUS_NAME: 'b',
    CONNECTIONS_ENDPOINT: 'https://example.test/ocpp',
    CALL_QUEUE_TIMER_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/call-queue-timer',
  };

  it('waits 25 s, times calls out after 60 s and queues 20 per charger by default', () => {
    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toMatchObject({ commandWaitSeconds: 25, commandTimeoutSeconds: 60, maxQueuedCalls: 20 });
  });

  it('reads the queue length from the environment', () => {
    // Act
    const config = readConfig({ ...env, MAX_QUEUED_CALLS: '5' });

    // Assess
    expect(config).toMatchObject({ maxQueuedCalls: 5, callQueueTimerUrl: env.CALL_QUEUE_TIMER_URL });
  });

  it('reads both from the environment', () => {
    // Act
    const config = readConfig({ ...env, COMMAND_WAIT_SECONDS: '3', COMMAND_TIMEOUT_SECONDS: '90' });

    // Assess
    expect(config).toMatchObject({ commandWaitSeconds: 3, commandTimeoutSeconds: 90 });
  });

  it.each([
    ['COMMAND_WAIT_SECONDS', '26'],
    ['COMMAND_WAIT_SECONDS', '-1'],
    ['COMMAND_TIMEOUT_SECONDS', '0'],
    ['MAX_QUEUED_CALLS', '101'],
    ['CALL_QUEUE_TIMER_URL', ''],
  ])('refuses %s=%s', (name, value) => {
    // Act
    const reading = () => readConfig({ ...env, [name]: value });

    // Assess
    expect(reading).toThrow();
  });
});
