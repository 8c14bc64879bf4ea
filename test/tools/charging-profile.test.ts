import { describe, expect, it } from 'vitest';
import { chargerMaxWatts, drawWatts, profileLimitWatts } from '../../scripts/simulator/charging-profile.ts';
import { setChargingProfileRequest } from '../../scripts/simulator/operator.ts';

describe('profileLimitWatts', () => {
  it('reads an ampere limit of either version as three-phase watts', () => {
    // Act
    const v16 = profileLimitWatts('ocpp1.6', setChargingProfileRequest('ocpp1.6', 16));
    const v201 = profileLimitWatts('ocpp2.0.1', setChargingProfileRequest('ocpp2.0.1', 10));

    // Assess
    expect(v16).toBe(16 * 230 * 3);
    expect(v201).toBe(10 * 230 * 3);
  });

  it('takes a watt limit as is, and the first period of the schedule', () => {
    // Prepare
    const request = {
      evseId: 1,
      chargingProfile: {
        chargingSchedule: [
          {
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [
              { startPeriod: 600, limit: 3000 },
              { startPeriod: 0, limit: 7400 },
            ],
          },
        ],
      },
    };

    // Act
    const watts = profileLimitWatts('ocpp2.0.1', request);

    // Assess
    expect(watts).toBe(7400);
  });

  it('gives nothing for a request without a schedule', () => {
    expect(profileLimitWatts('ocpp1.6', { connectorId: 1 })).toBeUndefined();
  });
});

describe('drawWatts', () => {
  it('is the least of the car, the charger and the profile', () => {
    expect(drawWatts(11_000, undefined)).toBe(11_000);
    expect(drawWatts(50_000, undefined)).toBe(chargerMaxWatts);
    expect(drawWatts(11_000, 4_140)).toBe(4_140);
  });
});
