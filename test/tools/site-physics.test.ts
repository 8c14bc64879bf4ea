import { describe, expect, it } from 'vitest';
import { ampsPerPhase, ProfilesInForce } from '../../scripts/simulator/charging-profile.ts';
import { SiteDrawMeter } from '../../scripts/simulator/site-draw.ts';

const profile16 = (purpose: string, limit: number, extra: Record<string, unknown> = {}) => ({
  connectorId: purpose === 'TxProfile' ? 1 : 0,
  csChargingProfiles: {
    chargingProfileId: purpose === 'TxProfile' ? 7 : 900_000,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Relative',
    ...extra,
    chargingSchedule: {
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit, numberPhases: 3 }],
    },
  },
});
const watts = (amps: number) => amps * 230 * 3;

describe('ProfilesInForce', () => {
  it('a transaction draws its TxProfile while the lease runs, then falls back to the default', () => {
    // Prepare
    const profiles = new ProfilesInForce();
    const now = Date.parse('2026-06-01T10:00:00Z');

    // Act
    profiles.apply('ocpp1.6', profile16('TxDefaultProfile', 6));
    profiles.apply('ocpp1.6', profile16('TxProfile', 16, { validTo: '2026-06-01T10:15:00Z' }));

    // Assess
    expect(profiles.limitWatts(now, false)).toBe(watts(6)); // idle: the default
    expect(profiles.limitWatts(now, true)).toBe(watts(16));
    expect(profiles.txPurposeInForce(now)).toBe('TxProfile');
    expect(profiles.limitWatts(now + 15 * 60_000, true)).toBe(watts(6)); // lapsed
    profiles.endTransaction();
    expect(profiles.limitWatts(now, true)).toBe(watts(6));
  });

  it('a charger maximum caps either; a clear by id removes that profile only; no profile: no limit', () => {
    // Prepare
    const profiles = new ProfilesInForce();
    profiles.apply('ocpp1.6', profile16('TxDefaultProfile', 20));
    profiles.apply('ocpp1.6', profile16('ChargePointMaxProfile', 10, { chargingProfileId: 5 }));

    // Act / Assess
    expect(profiles.limitWatts(0, true)).toBe(watts(10));
    profiles.clear({ id: 900_000 });
    expect(profiles.limitWatts(0, true)).toBe(watts(10));
    profiles.clear({});
    expect(profiles.limitWatts(0, true)).toBeUndefined();
    expect(profiles.apply('ocpp1.6', { connectorId: 0, csChargingProfiles: {} })).toBe(false);
  });

  it('2.0.1 profiles: id and schedule of the chargingProfile', () => {
    const profiles = new ProfilesInForce();
    profiles.apply('ocpp2.0.1', {
      evseId: 0,
      chargingProfile: {
        id: 900_000,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [
          {
            id: 1,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 8, numberPhases: 1 }],
          },
        ],
      },
    });
    expect(profiles.limitWatts(0, true)).toBe(8 * 230);
    profiles.clear({ chargingProfileId: 900_000 });
    expect(profiles.limitWatts(0, true)).toBeUndefined();
    expect(ampsPerPhase(watts(16))).toBeCloseTo(16, 9);
  });
});

describe('SiteDrawMeter', () => {
  it('sums the draws of a site per second against its limit: the peak within a second counts', () => {
    // Prepare: a 20 A site; two EVs of 10 A, a third of 6 A for half a second in second 2
    const meter = new SiteDrawMeter(0);
    meter.set('s', 'a', 10, 0);
    meter.set('s', 'b', 10, 500);
    meter.set('s', 'c', 6, 2_200);
    meter.set('s', 'c', 0, 2_700);
    meter.set('s', 'a', 0, 4_000);
    meter.set('other', 'x', 99, 0);

    // Act
    const [site] = meter.summary({ s: 20 }, 5_000);

    // Assess
    expect(site).toEqual({ siteId: 's', limitA: 20, maxA: 26, secondsAbove: 1, seconds: 5 });
  });

  it('a draw that holds over seconds without a change counts in each of them', () => {
    const meter = new SiteDrawMeter(0);
    meter.set('s', 'a', 25, 1_000);
    meter.set('s', 'a', 0, 4_500);
    expect(meter.summary({ s: 20 }, 6_000)[0]).toMatchObject({ maxA: 25, secondsAbove: 4 });
  });
});
