import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../shared/ocpp/validation.ts';
import {
  type ProfileTarget,
  txDefaultProfile,
  txProfile,
  UnsendableProfile,
} from '../../../shared/slices/load-management/charging-profiles.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const target = (overrides: Partial<ProfileTarget> = {}): ProfileTarget => ({
  version: 'ocpp1.6',
  evseId: 0,
  profileId: 100,
  limitA: 6,
  numberPhases: 3,
  ...overrides,
});

describe('txDefaultProfile', () => {
  it.each([
    [
      'ocpp1.6' as const,
      {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 100,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 3 }],
          },
        },
      },
    ],
    [
      'ocpp2.0.1' as const,
      {
        evseId: 0,
        chargingProfile: {
          id: 100,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: [
            {
              id: 100,
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 3 }],
            },
          ],
        },
      },
    ],
  ])('%s: one relative period in amperes, no lease, valid against the schema', (version, expected) => {
    // Act
    const payload = txDefaultProfile(target({ version }));

    // Assess
    expect(payload).toEqual(expected);
    expect(() => validateRequest(version, 'SetChargingProfile', payload)).not.toThrow();
  });
});

describe('txProfile', () => {
  it('1.6: on the connector, for the transaction, leased 15 minutes by default', () => {
    // Act
    const payload = txProfile({
      ...target({ evseId: 2, limitA: 21.3, numberPhases: 1 }),
      transactionId: 42,
      now,
    });

    // Assess
    expect(payload).toEqual({
      connectorId: 2,
      csChargingProfiles: {
        chargingProfileId: 100,
        transactionId: 42,
        stackLevel: 0,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        validTo: '2026-06-01T10:15:00.000Z',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 21.3, numberPhases: 1 }],
        },
      },
    });
  });

  it('2.0.1: on the EVSE, with the charger’s transaction id and the lease asked for', () => {
    // Act
    const payload = txProfile({
      ...target({ version: 'ocpp2.0.1', evseId: 1, limitA: 0 }),
      transactionId: 'TX-9',
      now,
      leaseSeconds: 300,
    });

    // Assess
    expect(payload).toEqual({
      evseId: 1,
      chargingProfile: {
        id: 100,
        transactionId: 'TX-9',
        stackLevel: 0,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        validTo: '2026-06-01T10:05:00.000Z',
        chargingSchedule: [
          {
            id: 100,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 0, numberPhases: 3 }],
          },
        ],
      },
    });
  });

  it('a lease of 0: no validTo', () => {
    // Act
    const payload = txProfile({ ...target({ evseId: 1 }), transactionId: 1, now, leaseSeconds: 0 });

    // Assess
    expect('validTo' in (payload as { csChargingProfiles: object }).csChargingProfiles).toBe(false);
  });
});

describe('profiles that are not sent', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['a limit with two decimals', () => txDefaultProfile(target({ limitA: 6.55 })), /at most one decimal/],
    ['a negative limit', () => txDefaultProfile(target({ limitA: -1 })), /non-negative/],
    ['a TxProfile on connector 0', () => txProfile({ ...target(), transactionId: 1, now }), /id > 0/],
    [
      'a 1.6 TxProfile with a string transaction id',
      () => txProfile({ ...target({ evseId: 1 }), transactionId: 'TX-1', now }),
      /integer/,
    ],
    [
      'a charger that takes power schedules only',
      () => txDefaultProfile(target({ abilities: { rateUnits: ['Power'] } })),
      /amperes/,
    ],
    [
      'a 2.0.1 charger that takes W only',
      () => txDefaultProfile(target({ version: 'ocpp2.0.1', abilities: { rateUnits: ['W'] } })),
      /amperes/,
    ],
    [
      'a charger without schedule periods',
      () => txDefaultProfile(target({ abilities: { maxPeriods: 0 } })),
      /periods/,
    ],
    [
      'what the schema refuses (a profile id that is no integer)',
      () => txDefaultProfile(target({ version: 'ocpp2.0.1', profileId: 1.5 })),
      /SetChargingProfile for ocpp2\.0\.1: .*chargingProfile\/id/,
    ],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(UnsendableProfile);
    expect(build).toThrow(message);
  });

  it('takes a charger that reports amperes and enough stack levels', () => {
    expect(() =>
      txDefaultProfile(
        target({ abilities: { rateUnits: ['Current', 'Power'], maxPeriods: 24, maxStackLevel: 8 } }),
      ),
    ).not.toThrow();
  });
});
