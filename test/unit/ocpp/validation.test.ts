import { describe, expect, it } from 'vitest';
import type { OcppFaultKind } from '../../../shared/ocpp/error-codes.ts';
import { OcppError } from '../../../shared/ocpp/errors.ts';
import { isKnownAction, validateRequest, validateResponse } from '../../../shared/ocpp/validation.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { aBootNotification16, aBootNotification201 } from './builders.ts';

const faultOf = (validate: () => void) => {
  try {
    validate();
  } catch (error) {
    if (!(error instanceof OcppError)) throw error;
    return { kind: error.kind, description: error.description, details: error.details };
  }
  throw new Error('expected a validation fault');
};

describe('isKnownAction', () => {
  it.each<[OcppVersion, string, boolean]>([
    ['ocpp1.6', 'BootNotification', true],
    ['ocpp1.6', 'RemoteStartTransaction', true],
    ['ocpp1.6', 'SignCertificate', true],
    ['ocpp1.6', 'TransactionEvent', false],
    ['ocpp2.0.1', 'TransactionEvent', true],
    ['ocpp2.0.1', 'StartTransaction', false],
    ['ocpp2.0.1', 'constructor', false],
  ])('%s knows %s: %s', (version, action, expected) => {
    // Act
    const known = isKnownAction(version, action);

    // Assess
    expect(known).toBe(expected);
  });
});

describe('validateRequest', () => {
  it('accepts a valid 1.6 boot notification', () => {
    // Act
    const validate = () => validateRequest('ocpp1.6', 'BootNotification', aBootNotification16());

    // Assess
    expect(validate).not.toThrow();
  });

  it('accepts a valid 2.0.1 boot notification', () => {
    // Act
    const validate = () => validateRequest('ocpp2.0.1', 'BootNotification', aBootNotification201());

    // Assess
    expect(validate).not.toThrow();
  });

  it.each<
    [name: string, payload: unknown, expected: { kind: OcppFaultKind; description: string; field: string }]
  >([
    [
      'a too-long vendor',
      aBootNotification16({ chargePointVendor: 'V'.repeat(21) }),
      {
        kind: 'property',
        description: '/chargePointVendor must NOT have more than 20 characters',
        field: '/chargePointVendor',
      },
    ],
    [
      'a vendor of the wrong type',
      { ...aBootNotification16(), chargePointVendor: 42 },
      { kind: 'type', description: '/chargePointVendor must be string', field: '/chargePointVendor' },
    ],
    [
      'a missing model',
      { chargePointVendor: 'Acme' },
      { kind: 'occurrence', description: '/chargePointModel is required', field: '/chargePointModel' },
    ],
    [
      'an unknown property',
      { ...aBootNotification16(), colour: 'red' },
      { kind: 'format', description: '/colour is not allowed', field: '/colour' },
    ],
  ])('rejects %s in 1.6', (_, payload, { kind, description, field }) => {
    // Act
    const fault = faultOf(() => validateRequest('ocpp1.6', 'BootNotification', payload));

    // Assess
    expect(fault).toMatchObject({ kind, description, details: { field } });
  });

  it.each<[name: string, payload: unknown, expected: { kind: OcppFaultKind; description: string }]>([
    [
      'a missing nested field',
      aBootNotification201({ chargingStation: { model: 'Wallbox-22' } as never }),
      { kind: 'occurrence', description: '/chargingStation/vendorName is required' },
    ],
    [
      'an unknown boot reason',
      { ...aBootNotification201(), reason: 'Bored' },
      { kind: 'property', description: expect.stringMatching(/^\/reason must be one of ApplicationReset, /) },
    ],
    [
      'a too-long model',
      aBootNotification201({ chargingStation: { vendorName: 'Acme', model: 'M'.repeat(21) } }),
      { kind: 'property', description: '/chargingStation/model must NOT have more than 20 characters' },
    ],
  ])('rejects %s in 2.0.1', (_, payload, expected) => {
    // Act
    const fault = faultOf(() => validateRequest('ocpp2.0.1', 'BootNotification', payload));

    // Assess
    expect(fault).toMatchObject(expected);
  });

  it('accepts custom data in 2.0.1, which the schemas leave open', () => {
    // Prepare
    const payload = aBootNotification201({ customData: { vendorId: 'acme', anything: [1, 2] } });

    // Act
    const validate = () => validateRequest('ocpp2.0.1', 'BootNotification', payload);

    // Assess
    expect(validate).not.toThrow();
  });

  it('rejects a timestamp that is not an RFC 3339 date-time', () => {
    // Prepare
    const payload = { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: 'yesterday' };

    // Act
    const fault = faultOf(() => validateRequest('ocpp1.6', 'StartTransaction', payload));

    // Assess
    expect(fault).toMatchObject({
      kind: 'property',
      description: '/timestamp must match format "date-time"',
    });
  });

  it('tolerates floating point noise in multipleOf, as ocpp-rpc does', () => {
    // Prepare
    const withLimit = (limit: number) => ({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
      },
    });

    // Act
    const accepted = () => validateRequest('ocpp1.6', 'SetChargingProfile', withLimit(0.3));
    const fault = faultOf(() => validateRequest('ocpp1.6', 'SetChargingProfile', withLimit(0.35)));

    // Assess
    expect(accepted).not.toThrow();
    expect(fault).toMatchObject({
      kind: 'property',
      description:
        '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit must be multiple of 0.1',
    });
  });

  it('reports an unknown action as not implemented', () => {
    // Act
    const fault = faultOf(() => validateRequest('ocpp1.6', 'TransactionEvent', {}));

    // Assess
    expect(fault.kind).toBe('notImplemented');
  });
});

describe('validateResponse', () => {
  it('checks against the .conf schema', () => {
    // Prepare
    const response = { status: 'Accepted', currentTime: '2024-05-01T12:00:00Z', interval: 300 };

    // Act
    const valid = () => validateResponse('ocpp1.6', 'BootNotification', response);
    const fault = faultOf(() =>
      validateResponse('ocpp1.6', 'BootNotification', { ...response, interval: '300' }),
    );

    // Assess
    expect(valid).not.toThrow();
    expect(fault).toMatchObject({ kind: 'type', description: '/interval must be integer' });
  });
});
