import { describe, expect, it } from 'vitest';
import { readDefaultFigures } from '../../scripts/cost/default-figures.ts';
import { loadPriceFile, pricesOf } from '../../scripts/cost/prices.ts';
import { busEventsPerChargerDay, webhookDeliveryCost } from '../../scripts/cost/webhook-deliveries.ts';
import { daysPerMonth } from '../../scripts/simulator/reference-mix.ts';

const prices = pricesOf(loadPriceFile());
const figures = readDefaultFigures();

describe('webhook delivery cost', () => {
  it('prices the reference subscription: 4 starts, 4 ends, 8 status changes and a command outcome a day', () => {
    // Act
    const cost = webhookDeliveryCost(prices, figures, { chargers: 10_000 });

    // Assess: (4 + 4 + 8 + 1/30.4375 boots + 1) a day.
    expect(cost.deliveries / 10_000).toBeCloseTo((17 + 1 / daysPerMonth) * daysPerMonth, 6);
    expect(cost.attempts).toBeCloseTo(cost.deliveries * 1.15, 6);
    expect(cost.usdPerChargerMonth).toBeGreaterThan(0);
    expect(cost.usdPerMonth).toBeCloseTo(
      cost.usd.sqs + cost.usd.lambda + cost.usd.dynamodb + cost.usd.storage,
      10,
    );
  });

  it('prices a "*" webhook with every bus event the mix causes, costlier', () => {
    // Act
    const reference = webhookDeliveryCost(prices, figures);
    const all = webhookDeliveryCost(prices, figures, { allEvents: true });

    // Assess
    expect(all.deliveries / all.chargers).toBeCloseTo(busEventsPerChargerDay(figures) * daysPerMonth, 6);
    expect(busEventsPerChargerDay(figures)).toBeGreaterThan(17);
    expect(all.usdPerChargerMonth).toBeGreaterThan(reference.usdPerChargerMonth);
  });
});
