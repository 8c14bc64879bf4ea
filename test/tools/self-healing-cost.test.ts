import { describe, expect, it } from 'vitest';
import { loadPriceFile, pricesOf } from '../../scripts/cost/prices.ts';
import {
  healTasks,
  selfHealingAssumptions,
  selfHealingCost,
  selfHealingLines,
  transitionsOf,
} from '../../scripts/cost/self-healing.ts';
import { stateMachines } from '../../shared/topology/state-machines.ts';

const prices = pricesOf(loadPriceFile());
const { definition } = stateMachines.selfHealing;

describe('self-healing state transitions, from the definition', () => {
  it('counts Heal, Decide and Done for one task, and Heal, Decide and WaitForCharger for each wait before', () => {
    // Act
    const counts = [['done'], ['wait', 'done'], ['wait', 'wait', 'wait', 'done']].map((answers) =>
      transitionsOf(definition, answers),
    );

    // Assess
    expect(counts).toEqual([3, 6, 12]);
  });

  it('follows End, Default and Choice paths of any definition, and refuses answers that do not fit', () => {
    // Prepare
    const other = {
      StartAt: 'First',
      States: {
        First: { Type: 'Task', ResultPath: '$.r.s', Next: 'Route' },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.r.s.next', StringEquals: 'again', Next: 'Pause' }],
          Default: 'Last',
        },
        Pause: { Type: 'Wait', Next: 'Extra' },
        Extra: { Type: 'Pass', Next: 'First' },
        Last: { Type: 'Task', End: true },
      },
    };

    // Act
    const once = transitionsOf(other, ['done', 'done']);
    const twice = transitionsOf(other, ['again', 'done', 'done']);

    // Assess: First, Route, Last; then First, Route, Pause, Extra before them
    expect([once, twice]).toEqual([3, 7]);
    expect(() => transitionsOf(definition, ['wait'])).toThrow('no answer for task 2');
    expect(() => transitionsOf(definition, ['done', 'done'])).toThrow('2 answers for 1 tasks');
  });
});

describe('self-healing cost', () => {
  it('prices an episode a charger-month at the default settings: 30 % unaided, 60 % of the rest per reset', () => {
    // Act
    const cost = selfHealingCost(prices, { chargers: 10_000 });

    // Assess: unaided 0.3; soft reset heals 0.7 × 0.6 = 0.42; hard 0.7 × 0.4 × 0.6 = 0.168; incident 0.7 × 0.4² = 0.112
    expect(cost.paths.map((path) => path.share)).toEqual([
      0.3,
      0.42,
      expect.closeTo(0.168, 12),
      expect.closeTo(0.112, 12),
    ]);
    // An episode is one execution; an unhealed reset's reboot reports Faulted again: a superseded one more
    expect(cost.runsPerChargerMonth).toBeCloseTo(1 + 0.168 * 1 + 0.112 * 2, 10);
    // 6, 9 and 12 transitions by resets, an incident 12, a superseded execution 3
    expect(cost.transitionsPerChargerMonth).toBeCloseTo(
      0.3 * 6 + 0.42 * 9 + 0.168 * (12 + 3) + 0.112 * (12 + 2 * 3),
      10,
    );
    expect(cost.resetsPerChargerMonth).toBeCloseTo(0.42 + 0.168 * 2 + 0.112 * 2, 10);
    expect(cost.incidentsPerChargerMonth).toBeCloseTo(0.112, 10);
    // Tasks: 2, 3, 4 (+1 superseded), 4 (+2); the answer of each reset; authorizer and API per resolution
    expect(cost.invocationsPerChargerMonth).toBeCloseTo(
      0.3 * 2 + 0.42 * 3 + 0.168 * 5 + 0.112 * 6 + 0.98 + 0.112 * 2,
      10,
    );
    expect(cost.webSocketMessagesPerChargerMonth).toBeCloseTo(0.98 * 2, 10);
    // commandCompleted per reset; incidentOpened and incidentResolved per incident
    expect(cost.eventsPerChargerMonth).toBeCloseTo(0.98 + 0.112 * 2, 10);
    expect(cost.usd.stepFunctions).toBeCloseTo(
      ((cost.transitionsPerChargerMonth * 10_000) / 1000) *
        prices.stepFunctionsStandardTransitionsPerThousand,
      10,
    );
    expect(cost.usdPerMonth).toBeCloseTo(
      Object.values(cost.usd).reduce((sum, usd) => sum + usd, 0),
      10,
    );
    expect(cost.usdPerChargerMonth).toBeCloseTo(cost.usdPerMonth / 10_000, 12);
  });

  it('reads and writes what each task does, the transaction checks reading 8 batches of the session index', () => {
    // Prepare
    const t = healTasks();
    const a = selfHealingAssumptions;

    // Act
    const cost = selfHealingCost(prices, { chargers: 10_000 });

    // Assess: 250 items of 1,000 bytes are 62 units of 4 KB, eventually consistent: 31 read units a batch
    expect(t.sessionCheck).toMatchObject({ requests: 8, readUnits: 8 * 31, writeUnits: 0, sessionChecks: 1 });
    expect(t.claim).toMatchObject({ requests: 13, readUnits: 2 + 1 + 248, writeUnits: 2 });
    expect(t.reset).toMatchObject({ requests: 27, readUnits: 2 + 2 * 249 + 1 + 1, writeUnits: 1 + 4 + 1 });
    expect(t.incident).toMatchObject({ requests: 24, writeUnits: 1 + 2 + 1, putEvents: 1 });
    // One check a round of a still Faulted charger: 1 when claiming (every episode), 2 per reset and for the incident
    expect(cost.sessionChecksPerChargerMonth).toBeCloseTo(1 + 0.98 * 2 + 0.112 * 2, 10);
    expect(cost.sessionCheckUsd).toBeCloseTo(
      ((cost.sessionChecksPerChargerMonth * 10_000 * 248) / 1e6) * prices.dynamodbReadRequestUnitsPerMillion,
      10,
    );
    const reads = (n: keyof typeof t) => t[n].readUnits;
    const writes = (n: keyof typeof t) => t[n].writeUnits;
    const weighed = (of: (n: keyof typeof t) => number) =>
      0.3 * (of('claim') + of('recovered')) +
      0.42 * (of('claim') + of('reset') + of('recovered')) +
      0.168 * (of('claim') + 2 * of('reset') + of('recovered') + of('superseded')) +
      0.112 * (of('claim') + 2 * of('reset') + of('incident') + 2 * of('superseded'));
    expect(cost.readUnitsPerChargerMonth).toBeCloseTo(
      weighed(reads) + 0.98 * a.answer.readUnits + 0.112 * a.resolve.readUnits,
      8,
    );
    expect(cost.writeUnitsPerChargerMonth).toBeCloseTo(
      weighed(writes) + 0.98 * a.answer.writeUnits + 0.112 * a.resolve.writeUnits,
      8,
    );
  });

  it('off: the rule starts no execution (no selfHealing flag on the Faulted events), so nothing is paid', () => {
    // Act
    const off = selfHealingCost(prices, { chargers: 10_000, enabled: false });

    // Assess
    expect(off).toMatchObject({
      runsPerChargerMonth: 0,
      transitionsPerChargerMonth: 0,
      invocationsPerChargerMonth: 0,
      resetsPerChargerMonth: 0,
      incidentsPerChargerMonth: 0,
      readUnitsPerChargerMonth: 0,
      writeUnitsPerChargerMonth: 0,
      eventsPerChargerMonth: 0,
      usdPerChargerMonth: 0,
    });
  });

  it('logs nothing of a successful execution at ERROR; at ALL, each execution and each of its tasks', () => {
    // Act
    const error = selfHealingCost(prices, { chargers: 10_000, workflowLogLevel: 'ERROR' });
    const all = selfHealingCost(prices, { chargers: 10_000, workflowLogLevel: 'ALL' });

    // Assess: 350 bytes × (2 + 4 per task), tasks per charger-month as counted above (the invocations but the
    // answers and resolutions)
    const tasks =
      all.invocationsPerChargerMonth - all.resetsPerChargerMonth - 2 * all.incidentsPerChargerMonth;
    expect(error.usd.logs).toBe(0);
    expect(all.usd.logs).toBeCloseTo(
      ((10_000 * 350 * (2 * all.runsPerChargerMonth + 4 * tasks)) / 1e9) *
        prices.cloudWatchLogsIngestionPerGb,
      10,
    );
  });

  it('more resets allowed: fewer incidents, more resets and transitions', () => {
    // Act
    const two = selfHealingCost(prices, { maxResets: 2 });
    const three = selfHealingCost(prices, { maxResets: 3 });

    // Assess
    expect(three.incidentsPerChargerMonth).toBeCloseTo(0.7 * 0.4 ** 3, 10);
    expect(three.resetsPerChargerMonth).toBeGreaterThan(two.resetsPerChargerMonth);
    expect(three.transitionsPerChargerMonth).toBeGreaterThan(two.transitionsPerChargerMonth);
  });

  it('prints the line apart from the totals, with the figures it computed', () => {
    // Act
    const line = selfHealingLines(prices, 10_000);
    const cost = selfHealingCost(prices, { chargers: 10_000 });

    // Assess
    expect(line).toMatch(/^Self-healing \(not in the totals; /);
    expect(line).toContain('10.12 state transitions');
    expect(line).toContain(`$${cost.usdPerChargerMonth.toFixed(5)} per charger-month`);
    expect(line).toContain('Self-healing off: the rule starts no execution');
    expect(line).toMatch(/ 0 runs\): \$0\.00000 per charger-month\.$/);
  });
});
