import { describe, expect, it } from 'vitest';
import { loadPriceFile, pricesOf } from '../../scripts/cost/prices.ts';
import { silentChargerSweepCost } from '../../scripts/cost/silent-charger-sweep.ts';
import { daysPerMonth, referenceMix } from '../../scripts/simulator/reference-mix.ts';

const prices = pricesOf(loadPriceFile());

describe('silent-charger sweep cost (SILENT_CHARGER_SWEEP=1)', () => {
  it('prices 8 index write units per 2-hour connection (put, 3 moved deadlines, removal) and a run every 5 minutes', () => {
    // Act
    const cost = silentChargerSweepCost(prices, { chargers: 10_000 });

    // Assess
    expect(cost.indexWriteUnitsPerConnection).toBe(8);
    expect(cost.indexWriteUnitsPerChargerMonth).toBeCloseTo(12 * 8 * daysPerMonth, 6);
    expect(cost.runsPerMonth).toBeCloseTo((daysPerMonth * 24 * 60) / 5, 6);
    expect(cost.usd.dynamodb).toBeGreaterThan(
      ((10_000 * 12 * 8 * daysPerMonth) / 1e6) * prices.dynamodbWriteRequestUnitsPerMillion,
    );
    expect(cost.usdPerMonth).toBeCloseTo(cost.usd.dynamodb + cost.usd.lambda, 10);
    expect(cost.usdPerChargerMonth).toBeGreaterThan(0.0015);
  });

  it('grows with the deadline moves of longer connections', () => {
    // Act
    const [two, one] = [2, 1].map(
      (connectionHours) =>
        silentChargerSweepCost(prices, { mix: { ...referenceMix, connectionHours } })
          .indexWriteUnitsPerConnection,
    );

    // Assess: 1 h at a 30-minute write interval: one move
    expect(two).toBe(8);
    expect(one).toBe(4);
  });
});
