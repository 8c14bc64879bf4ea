import { describe, expect, it } from 'vitest';
import type { ChargingNeedsType } from '../../../shared/ocpp/generated/ocpp201.ts';
import { evScheduleLimit } from '../../../shared/slices/smart-charging/ev-schedule.ts';

const ac = (requestedEnergyTransfer: ChargingNeedsType['requestedEnergyTransfer'], evMaxCurrent: number) => ({
  requestedEnergyTransfer,
  acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent, evMaxVoltage: 400 },
});

describe('evScheduleLimit: the schedule of accepted needs off load-managed sites', () => {
  it.each([
    [
      'the EV below the charger',
      ac('AC_three_phase', 16),
      { maxCurrentA: 32 },
      { limitA: 16, numberPhases: 3 },
    ],
    [
      'the charger below the EV',
      ac('AC_three_phase', 32),
      { maxCurrentA: 20 },
      { limitA: 20, numberPhases: 3 },
    ],
    ['a charger of unknown rating: the EV', ac('AC_two_phase', 25), {}, { limitA: 25, numberPhases: 3 }],
    [
      'a single-phase request',
      ac('AC_single_phase', 32),
      { maxCurrentA: 32 },
      { limitA: 32, numberPhases: 1 },
    ],
    [
      'a single-phase charger',
      ac('AC_three_phase', 32),
      { maxCurrentA: 32, phases: 1 as const },
      { limitA: 32, numberPhases: 1 },
    ],
    ['at most one decimal, never above', ac('AC_three_phase', 15.87), {}, { limitA: 15.8, numberPhases: 3 }],
    [
      'DC: no schedule in amperes',
      { requestedEnergyTransfer: 'DC' as const },
      { maxCurrentA: 32 },
      undefined,
    ],
    [
      'no AC parameters: the charger',
      { requestedEnergyTransfer: 'AC_three_phase' as const },
      { maxCurrentA: 32 },
      { limitA: 32, numberPhases: 3 },
    ],
    ['neither known', { requestedEnergyTransfer: 'AC_three_phase' as const }, {}, undefined],
    ['an EV that takes nothing', ac('AC_three_phase', 0), {}, undefined],
  ])('%s', (_, needs, charger, expected) => {
    // Act & Assess
    expect(evScheduleLimit(needs as ChargingNeedsType, charger)).toEqual(expected);
  });
});
