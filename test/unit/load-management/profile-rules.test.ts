import { describe, expect, it } from 'vitest';
import type { SetChargingProfileRequest as P16 } from '../../../shared/ocpp/generated/ocpp16.ts';
import type { SetChargingProfileRequest as P201 } from '../../../shared/ocpp/generated/ocpp201.ts';
import {
  abilitiesFromConfigurationKeys,
  abilitiesFromSmartChargingCtrlr,
  type ChargerProfileAbilities,
  chargingProfileIssue,
} from '../../../shared/slices/load-management/profile-rules.ts';

type Profile16 = P16['csChargingProfiles'];
type Profile201 = P201['chargingProfile'];

const a16 = (profile: Partial<Profile16> = {}, connectorId = 1): P16 => ({
  connectorId,
  csChargingProfiles: {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ...profile,
  },
});

const a201 = (profile: Partial<Profile201> = {}, evseId = 1): P201 => ({
  evseId,
  chargingProfile: {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Relative',
    transactionId: 'tx-1',
    chargingSchedule: [
      { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ],
    ...profile,
  },
});

const periods16 = (...starts: number[]): Partial<Profile16> => ({
  chargingSchedule: {
    chargingRateUnit: 'A',
    chargingSchedulePeriod: starts.map((startPeriod) => ({ startPeriod, limit: 10 })),
  },
});

describe('chargingProfileIssue: OCPP 1.6', () => {
  it.each<[string, P16, ChargerProfileAbilities, RegExp | undefined]>([
    ['a relative TxDefaultProfile on connector 0', a16({}, 0), {}, undefined],
    [
      'a TxProfile for a transaction',
      a16({ chargingProfilePurpose: 'TxProfile', transactionId: 7 }),
      {},
      undefined,
    ],
    ['a negative stack level', a16({ stackLevel: -1 }), {}, /stack level -1/],
    [
      'a stack level above ChargeProfileMaxStackLevel',
      a16({ stackLevel: 3 }),
      { maxStackLevel: 2 },
      /ChargeProfileMaxStackLevel/,
    ],
    ['a stack level at ChargeProfileMaxStackLevel', a16({ stackLevel: 2 }), { maxStackLevel: 2 }, undefined],
    ['a TxProfile on connector 0', a16({ chargingProfilePurpose: 'TxProfile' }, 0), {}, /one connector/],
    ['a transaction id on a TxDefaultProfile', a16({ transactionId: 7 }), {}, /no transaction id/],
    [
      'a ChargePointMaxProfile on connector 1',
      a16({ chargingProfilePurpose: 'ChargePointMaxProfile' }, 1),
      {},
      /whole charger/,
    ],
    [
      'a Relative profile with a startSchedule',
      a16({
        chargingSchedule: {
          startSchedule: '2026-01-01T00:00:00Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }],
        },
      }),
      {},
      /Relative profile has no startSchedule/,
    ],
    [
      'an Absolute profile without a startSchedule',
      a16({ chargingProfileKind: 'Absolute' }),
      {},
      /needs a startSchedule/,
    ],
    [
      'a Recurring profile without a recurrencyKind',
      a16({
        chargingProfileKind: 'Recurring',
        chargingSchedule: {
          startSchedule: '2026-01-01T00:00:00Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }],
        },
      }),
      {},
      /recurrencyKind/,
    ],
    [
      'a recurrencyKind on a Relative profile',
      a16({ recurrencyKind: 'Daily' }),
      {},
      /recurrencyKind is for Recurring/,
    ],
    ['periods ascending from 0', a16(periods16(0, 60, 120)), {}, undefined],
    ['a first period after 0', a16(periods16(10, 60)), {}, /first period must start at 0/],
    ['periods out of order', a16(periods16(0, 120, 60)), {}, /ascending order: period 2 starts at 60/],
    ['two periods with the same start', a16(periods16(0, 60, 60)), {}, /ascending/],
    ['no period', a16(periods16()), {}, /at least one period/],
    [
      'more periods than ChargingScheduleMaxPeriods',
      a16(periods16(0, 60, 120)),
      { maxPeriods: 2 },
      /at most 2 \(ChargingScheduleMaxPeriods\)/,
    ],
    [
      'amperes to a charger of Power only',
      a16(),
      { rateUnits: ['Power'] },
      /amperes: the charger takes Power \(ChargingScheduleAllowedChargingRateUnit\)/,
    ],
    ['amperes to a charger of Current and Power', a16(), { rateUnits: ['Current', 'Power'] }, undefined],
    [
      'watts to a charger of Current only',
      a16({
        chargingSchedule: {
          chargingRateUnit: 'W',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }],
        },
      }),
      { rateUnits: ['Current'] },
      /watts/,
    ],
    [
      'validFrom after validTo',
      a16({ validFrom: '2026-06-01T11:00:00Z', validTo: '2026-06-01T10:00:00Z' }),
      {},
      /validFrom .* is not before validTo/,
    ],
    [
      'validFrom equal to validTo',
      a16({ validFrom: '2026-06-01T10:00:00Z', validTo: '2026-06-01T10:00:00Z' }),
      {},
      /not before/,
    ],
    [
      'validFrom before validTo',
      a16({ validFrom: '2026-06-01T09:00:00Z', validTo: '2026-06-01T10:00:00Z' }),
      {},
      undefined,
    ],
    [
      'a negative limit',
      a16({
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: -1 }] },
      }),
      {},
      /negative limit/,
    ],
    [
      'numberPhases 4',
      a16({
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 4 }],
        },
      }),
      {},
      /numberPhases 4/,
    ],
  ])('%s', (_name, payload, abilities, expected) => {
    const issue = chargingProfileIssue('ocpp1.6', payload, abilities);
    if (expected) expect(issue).toMatch(expected);
    else expect(issue).toBeUndefined();
  });
});

describe('chargingProfileIssue: OCPP 2.0.1', () => {
  it.each<[string, P201, ChargerProfileAbilities, RegExp | undefined]>([
    ['a TxProfile with its transaction id', a201(), {}, undefined],
    ['a TxProfile without a transaction id', a201({ transactionId: undefined }), {}, /transaction id/],
    ['a TxProfile on EVSE 0', a201({}, 0), {}, /one connector/],
    [
      'a ChargingStationMaxProfile on EVSE 2',
      a201({ chargingProfilePurpose: 'ChargingStationMaxProfile', transactionId: undefined }, 2),
      {},
      /whole charger/,
    ],
    [
      'a stack level above ProfileStackLevel',
      a201({ stackLevel: 5 }),
      { maxStackLevel: 4 },
      /ProfileStackLevel/,
    ],
    [
      'more periods than PeriodsPerSchedule',
      a201({
        chargingSchedule: [
          {
            id: 1,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 6 },
              { startPeriod: 60, limit: 8 },
            ],
          },
        ],
      }),
      { maxPeriods: 1 },
      /PeriodsPerSchedule/,
    ],
    ['amperes to a charger of W only', a201(), { rateUnits: ['W'] }, /RateUnit/],
    ['amperes to a charger of A,W', a201(), { rateUnits: ['A', 'W'] }, undefined],
    [
      'phaseToUse with three phases',
      a201({
        chargingSchedule: [
          {
            id: 1,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: 3, phaseToUse: 1 }],
          },
        ],
      }),
      {},
      /phaseToUse/,
    ],
    [
      'the second schedule out of order',
      a201({
        chargingSchedule: [
          { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] },
          { id: 2, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 5, limit: 6 }] },
        ],
      }),
      {},
      /first period/,
    ],
  ])('%s', (_name, payload, abilities, expected) => {
    const issue = chargingProfileIssue('ocpp2.0.1', payload, abilities);
    if (expected) expect(issue).toMatch(expected);
    else expect(issue).toBeUndefined();
  });
});

describe('reported abilities', () => {
  it.each<[string, Record<string, string | undefined>, ChargerProfileAbilities]>([
    ['nothing reported', {}, {}],
    [
      'every key',
      {
        ChargingScheduleAllowedChargingRateUnit: 'Current, Power',
        ChargingScheduleMaxPeriods: '24',
        ChargeProfileMaxStackLevel: '8',
      },
      { rateUnits: ['Current', 'Power'], maxPeriods: 24, maxStackLevel: 8 },
    ],
    ['a value that is no integer is ignored', { ChargingScheduleMaxPeriods: 'many' }, {}],
    ['an empty list: no unit', { ChargingScheduleAllowedChargingRateUnit: '' }, { rateUnits: [] }],
  ])('1.6 configuration keys: %s', (_name, keys, expected) => {
    expect(abilitiesFromConfigurationKeys(keys)).toEqual(expected);
  });

  it('2.0.1 SmartChargingCtrlr variables', () => {
    expect(
      abilitiesFromSmartChargingCtrlr({ RateUnit: 'A,W', PeriodsPerSchedule: '10', ProfileStackLevel: '3' }),
    ).toEqual({
      rateUnits: ['A', 'W'],
      maxPeriods: 10,
      maxStackLevel: 3,
    });
  });
});
