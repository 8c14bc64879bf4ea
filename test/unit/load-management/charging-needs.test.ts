import { describe, expect, it } from 'vitest';
import {
  allocationNeedsOf,
  needsBeforeStartSeconds,
  type ReportedChargingNeeds,
} from '../../../shared/slices/load-management/charging-needs.ts';

const session = { evseId: 1, startedAt: '2026-12-03T10:00:00.000Z', energyWh: 4_000 };
const departure = '2026-12-03T12:00:00.000Z';

const reported = (overrides: Partial<ReportedChargingNeeds> = {}): ReportedChargingNeeds => ({
  evseId: 1,
  receivedAt: '2026-12-03T10:00:05.000Z',
  chargingNeeds: { departureTime: departure, acChargingParameters: { energyAmount: 20_000 } },
  ...overrides,
});

describe('allocationNeedsOf: the urgency an EV’s NotifyEVChargingNeeds gives its session', () => {
  it.each([
    [
      'AC: the energy asked for, less what the session delivered',
      reported(),
      { departureAt: departure, energyWh: 16_000 },
    ],
    [
      'DC with an energy amount',
      reported({
        chargingNeeds: { departureTime: departure, dcChargingParameters: { energyAmount: 30_000 } },
      }),
      { departureAt: departure, energyWh: 26_000 },
    ],
    [
      'reported shortly before the start (the ISO 15118 handshake before the transaction)',
      reported({
        receivedAt: new Date(
          Date.parse(session.startedAt) - (needsBeforeStartSeconds - 1) * 1000,
        ).toISOString(),
      }),
      { departureAt: departure, energyWh: 16_000 },
    ],
    ['nothing reported', undefined, undefined],
    ['reported for another EVSE', reported({ evseId: 2 }), undefined],
    [
      'reported long before the session (a previous EV’s, left on the EVSE)',
      reported({
        receivedAt: new Date(
          Date.parse(session.startedAt) - (needsBeforeStartSeconds + 1) * 1000,
        ).toISOString(),
      }),
      undefined,
    ],
    [
      'no departure time',
      reported({ chargingNeeds: { acChargingParameters: { energyAmount: 20_000 } } }),
      undefined,
    ],
    [
      'a departure time that is no time',
      reported({ chargingNeeds: { departureTime: 'soon', acChargingParameters: { energyAmount: 1 } } }),
      undefined,
    ],
    [
      'DC without an energy amount',
      reported({ chargingNeeds: { departureTime: departure, dcChargingParameters: {} } }),
      undefined,
    ],
    [
      'everything asked for is delivered already',
      reported({
        chargingNeeds: { departureTime: departure, acChargingParameters: { energyAmount: 4_000 } },
      }),
      undefined,
    ],
  ] as const)('%s', (_, needs, expected) => {
    // Act
    const result = allocationNeedsOf(needs, session);

    // Assess
    expect(result).toEqual(expected);
  });
});
