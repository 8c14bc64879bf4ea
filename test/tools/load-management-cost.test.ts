import { describe, expect, it } from 'vitest';
import { loadManagementAssumptions, loadManagementCost } from '../../scripts/cost/load-management.ts';
import { loadPriceFile, pricesOf } from '../../scripts/cost/prices.ts';
import { daysPerMonth } from '../../scripts/simulator/reference-mix.ts';

const prices = pricesOf(loadPriceFile());

describe('load-management cost', () => {
  it('prices a run per trigger and a renewal every 10 minutes of a 45-minute session at the 15-minute lease', () => {
    // Act
    const cost = loadManagementCost(prices, { chargers: 10_000 });

    // Assess: 8 status changes a day, and the connector status of a boot a month, trigger runs (the boot itself
    // does not); 4 renewals per session, 4 sessions a day
    const triggersPerDay = 8 + 1 / daysPerMonth;
    expect(cost.renewalsPerChargerMonth).toBeCloseTo(16 * daysPerMonth, 6);
    expect(cost.runsPerChargerMonth).toBeCloseTo((triggersPerDay + 16) * daysPerMonth, 6);
    expect(cost.profilesPerChargerMonth).toBeCloseTo(
      (triggersPerDay * loadManagementAssumptions.profilesPerTrigger + 16 + 1 / daysPerMonth) * daysPerMonth,
      6,
    );
    expect(cost.usdPerMonth).toBeCloseTo(
      cost.usd.stepFunctions +
        cost.usd.lambda +
        cost.usd.dynamodb +
        cost.usd.webSocket +
        cost.usd.eventBridge,
      10,
    );
    // The sampled TransactionUpdated of a managed session: at its first sample, then every 15 minutes (3 in 45)
    expect(cost.progressEventsPerChargerMonth).toBeCloseTo(4 * 3 * daysPerMonth, 6);
    // Two WebSocket messages per profile
    expect(cost.usd.webSocket).toBeCloseTo(
      ((cost.profilesPerChargerMonth * 10_000 * 2) / 1e6) * prices.apiGatewayWebSocketMessagesPerMillion,
      8,
    );
  });

  it('a shorter lease costs more renewals; no lease none', () => {
    // Act
    const [five, fifteen, hour, none] = [300, 900, 3600, 0].map((leaseSeconds) =>
      loadManagementCost(prices, { leaseSeconds }),
    );

    // Assess
    expect(none!.renewalsPerChargerMonth).toBe(0);
    expect(hour!.renewalsPerChargerMonth).toBeCloseTo(4 * daysPerMonth, 6); // 45 min < 40 min × 2: one renewal
    expect(five!.usdPerChargerMonth).toBeGreaterThan(fifteen!.usdPerChargerMonth);
    expect(fifteen!.usdPerChargerMonth).toBeGreaterThan(hour!.usdPerChargerMonth);
    expect(hour!.usdPerChargerMonth).toBeGreaterThan(none!.usdPerChargerMonth);
  });
});
