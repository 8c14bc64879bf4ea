import { describe, expect, it } from 'vitest';
import {
  findCommandTarget,
  getCommand,
  sendOcppCall,
} from '../../../shared/slices/commands/remote-commands.ts';
import {
  configuredInteger,
  getChargerConfiguration,
  mergeConfiguration,
} from '../../../shared/slices/configuration/charger-configuration.ts';
import type { ChargerConfiguration } from '../../../shared/slices/configuration/model.ts';
import { configurationSlice } from '../../../shared/slices/configuration/slice.ts';
import { commandReactions } from '../../../shared/slices/index.ts';
import { createTestDependencies, type TestOverrides } from '../../support/test-dependencies.ts';
import { type Answerer, chargerId, givenAnsweringCharger, tenantId } from './ocpp16-charger.ts';

const at = '2024-05-01T12:00:00.000Z';
const later = '2024-05-01T13:00:00.000Z';
const base = { tenantId, chargerId };

const stored = (overrides: Partial<ChargerConfiguration> = {}): ChargerConfiguration => ({
  ...base,
  keys: {
    HeartbeatInterval: { value: '300', readonly: false, reportedAt: at },
    ChargePointModel: { value: 'W-22', readonly: true, reportedAt: at },
  },
  unknownKeys: ['Foo'],
  updatedAt: at,
  revision: 1,
  ...overrides,
});

/** Sends one call through the remote-command machinery and lets the simulated charger answer it. */
const call = async (
  answer: Answerer,
  action: string,
  payload: Record<string, unknown>,
  overrides: TestOverrides = {},
) => {
  const charger = await givenAnsweringCharger(answer, { immediately: true, overrides });
  const target = await findCommandTarget(charger.deps, { tenantId, chargerId });
  if (target.kind !== 'online') throw new Error('online expected');
  const sent = await sendOcppCall(charger.deps, {
    tenantId,
    charger: target.charger,
    connection: target.connection,
    action,
    payload,
    requestedBy: 'key-1',
  });
  if (sent.kind !== 'sent') throw new Error(`not sent: ${sent.kind}`);
  const command = await getCommand(charger.deps, { tenantId, commandId: sent.command.commandId });
  return { ...charger, command };
};

describe('configuration merge', () => {
  it('replaces reported keys, keeps the others, and lists unknown keys', () => {
    // Act
    const merged = mergeConfiguration(
      stored(),
      base,
      {
        configurationKey: [
          { key: 'HeartbeatInterval', value: '120', readonly: false },
          { key: 'Foo', value: 'bar', readonly: true },
          { key: 'NoValue', readonly: true },
        ],
        unknownKey: ['ChargePointModel', 'Baz'],
      },
      later,
    );

    // Assess
    expect(merged).toEqual({
      ...base,
      keys: {
        HeartbeatInterval: { value: '120', readonly: false, reportedAt: later },
        Foo: { value: 'bar', readonly: true, reportedAt: later },
        NoValue: { readonly: true, reportedAt: later },
      },
      unknownKeys: ['Baz', 'ChargePointModel'],
      updatedAt: later,
    });
  });

  it('starts from nothing for a charger that never reported', () => {
    // Act
    const merged = mergeConfiguration(
      undefined,
      base,
      { configurationKey: [{ key: 'A', value: '1', readonly: false }] },
      at,
    );

    // Assess
    expect(merged).toEqual({
      ...base,
      keys: { A: { value: '1', readonly: false, reportedAt: at } },
      unknownKeys: [],
      updatedAt: at,
    });
  });

  it.each([
    ['10', 10],
    [' 7 ', 7],
    ['-1', undefined],
    ['ten', undefined],
    [undefined, undefined],
  ])('reads %j as the integer %j', (value, expected) => {
    // Prepare
    const configuration = stored({
      keys: value === undefined ? {} : { LocalAuthListMaxLength: { value, readonly: true, reportedAt: at } },
    });

    // Act & Assess
    expect(configuredInteger(configuration, 'LocalAuthListMaxLength')).toBe(expected);
  });
});

describe('configuration stored from answers', () => {
  it('stores what a 1.6 GetConfiguration answer reports, before the command completes', async () => {
    // Act
    const { deps, command, failures } = await call(
      () => ({
        result: {
          configurationKey: [
            { key: 'HeartbeatInterval', value: '300', readonly: false },
            { key: 'ChargePointModel', value: 'W-22', readonly: true },
          ],
          unknownKey: ['Nope'],
        },
      }),
      'GetConfiguration',
      {},
    );

    // Assess
    expect(command?.status).toBe('completed');
    expect(failures).toEqual([]);
    expect(await getChargerConfiguration(deps, base)).toMatchObject({
      keys: {
        HeartbeatInterval: { value: '300', readonly: false },
        ChargePointModel: { value: 'W-22', readonly: true },
      },
      unknownKeys: ['Nope'],
      revision: 1,
    });
  });

  it.each([
    ['Accepted', '60'],
    ['RebootRequired', '60'],
    ['Rejected', undefined],
    ['NotSupported', undefined],
  ])('stores the value of a ChangeConfiguration answered %s: %s', async (status, expected) => {
    // Act
    const { deps } = await call(() => ({ result: { status } }), 'ChangeConfiguration', {
      key: 'HeartbeatInterval',
      value: '60',
    });

    // Assess
    expect((await getChargerConfiguration(deps, base))?.keys.HeartbeatInterval?.value).toBe(expected);
  });

  it('stores nothing from an answer that breaks its schema', async () => {
    // Act
    const { deps, command } = await call(
      () => ({ result: { configurationKey: [{ key: 'A' }] } }),
      'GetConfiguration',
      {},
    );

    // Assess
    expect(command?.status).toBe('failed');
    expect(await getChargerConfiguration(deps, base)).toBeUndefined();
  });

  it('has no reactions for 2.0.1 answers (the device model keeps those)', () => {
    // Assess
    expect(configurationSlice.reactions['ocpp2.0.1']).toEqual({});
    expect(Object.keys(commandReactions['ocpp2.0.1']).sort()).toEqual([
      // Reservations record 2.0.1 reservations (ReservationStatusUpdate then finds them).
      'CancelReservation',
      // Display messages: a report's request id, a cleared message.
      'ClearDisplayMessage',
      // Customer information: the request id its parts answer.
      'CustomerInformation',
      'GetBaseReport',
      'GetDisplayMessages',
      // Maintenance keeps the firmware, log and publication requests with the charger's answer.
      'GetLog',
      // The device model: the monitoring report's request id.
      'GetMonitoringReport',
      'GetReport',
      'GetVariables',
      'PublishFirmware',
      'ReserveNow',
      // Load management records whether a fail-safe default was accepted.
      'SetChargingProfile',
      'SetVariables',
      'UpdateFirmware',
    ]);
  });

  it('completes the command even when storing the answer fails, and reports the failure', async () => {
    // Prepare
    const { chargerConfigs: repository } = await createTestDependencies();
    const failing = { ...repository, save: async () => Promise.reject(new Error('table unavailable')) };

    // Act
    const { command, failures } = await call(
      () => ({ result: { configurationKey: [{ key: 'A', value: '1', readonly: false }] } }),
      'GetConfiguration',
      {},
      { chargerConfigs: failing },
    );

    // Assess
    expect(command).toMatchObject({ status: 'completed', response: { configurationKey: [{ key: 'A' }] } });
    expect(failures).toEqual([new Error('table unavailable')]);
  });
});
