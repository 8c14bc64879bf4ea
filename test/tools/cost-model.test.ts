import { describe, expect, it } from 'vitest';
import type { KindFigures, WorkflowFigures } from '../../scripts/bench/kinds.ts';
import { fleetCost, writesPerMessage } from '../../scripts/cost/cost-model.ts';
import { loadPriceFile, type Prices, pricesOf } from '../../scripts/cost/prices.ts';
import { dutyCycle, perChargerDay, referenceMix } from '../../scripts/simulator/reference-mix.ts';

/** Every price zero except the ones a test sets. */
const onlyPrices = (set: Partial<Prices>): Prices => ({
  ...(Object.fromEntries(Object.keys(pricesOf(loadPriceFile())).map((name) => [name, 0])) as Prices),
  ...set,
});

const aKind = (overrides: Partial<KindFigures> = {}): KindFigures => ({
  samples: 100,
  lambdaInvocations: { 'ws-default': 1 },
  dynamodb: { readRequests: 0, writeRequests: 0, readUnits: 0, writeUnits: 0 },
  events: 0,
  putEventsCalls: 0,
  workflowExecutions: {},
  webSocket: { messagesIn: 1, messagesOut: 1, bytesIn: 0, bytesOut: 0 },
  httpRequests: 0,
  connectionManagementCalls: 0,
  itemBytesPut: 0,
  localHandlerMs: 1,
  withWrites: 0,
  ...overrides,
});

const aWorkflow = (overrides: Partial<WorkflowFigures> = {}): WorkflowFigures => ({
  executions: 10,
  stepsPerExecution: 1,
  lambdaInvocations: { 'load-site-chargers': 1 },
  dynamodb: { readRequests: 0, writeRequests: 0, readUnits: 0, writeUnits: 0 },
  localHandlerMs: 1,
  ...overrides,
});

const heartbeatOnly = {
  heartbeatIntervalSeconds: 300,
  sessionsPerDay: 0,
  sessionMinutes: 45,
  meterValueIntervalSeconds: 60,
  connectionHours: 2,
  bootsPerMonth: 0,
  connectorsPerCharger: 1,
  commandsPerDay: 0,
};

describe('reference mix', () => {
  it('counts what one charger sends per day', () => {
    // Act
    const day = perChargerDay(referenceMix);

    // Assess
    expect(day).toMatchObject({
      Heartbeat: 288,
      Authorize: 4,
      TransactionStarted: 4,
      MeterValues: 176,
      TransactionEnded: 4,
      Connect: 12,
      Disconnect: 12,
      Command: 1,
    });
    expect(day.StatusNotification).toBeCloseTo(8 + 1 / 30.4375, 10);
    expect(dutyCycle(referenceMix)).toBe(0.125);
  });
});

describe('fleetCost', () => {
  it('prices WebSocket messages in both directions per million', () => {
    // Prepare
    const figures = { kinds: { Heartbeat: aKind() }, workflows: {} };

    // Act
    const cost = fleetCost(figures, {
      chargers: 1000,
      mix: heartbeatOnly,
      prices: onlyPrices({ apiGatewayWebSocketMessagesPerMillion: 1 }),
    });

    // Assess: 288 Heartbeats a day, answered, over 30.4375 days, for 1000 chargers.
    const expected = (288 * 2 * 30.4375 * 1000) / 1e6;
    expect(cost.usdPerMonth).toBeCloseTo(expected, 10);
    expect(cost.usdPerChargerMonth).toBeCloseTo(expected / 1000, 12);
    expect(cost.perKind.Heartbeat).toBeCloseTo(expected / 1000, 12);
  });

  it('charges connection minutes for every charger, all month', () => {
    // Act
    const cost = fleetCost(
      { kinds: {}, workflows: {} },
      {
        chargers: 10,
        mix: heartbeatOnly,
        prices: onlyPrices({ apiGatewayWebSocketConnectionMinutesPerMillion: 1 }),
      },
    );

    // Assess
    expect(cost.usdPerMonth).toBeCloseTo((10 * 30.4375 * 24 * 60) / 1e6, 10);
  });

  it('prices write units and the state transitions of the Standard workflows a message starts', () => {
    // Prepare
    const figures = {
      kinds: {
        Heartbeat: aKind({
          dynamodb: { readRequests: 0, writeRequests: 1, readUnits: 0, writeUnits: 2 },
          workflowExecutions: { billing: 0.5 },
        }),
      },
      workflows: {
        billing: aWorkflow({
          stepsPerExecution: 3,
          dynamodb: { readRequests: 1, writeRequests: 1, readUnits: 0, writeUnits: 4 },
        }),
      },
    };

    // Act
    const cost = fleetCost(figures, {
      chargers: 1,
      mix: { ...heartbeatOnly, heartbeatIntervalSeconds: 86_400 },
      prices: onlyPrices({
        dynamodbWriteRequestUnitsPerMillion: 1e6,
        stepFunctionsStandardTransitionsPerThousand: 1000,
      }),
    });

    // Assess: per day 1 Heartbeat: 2 units, half an execution of 3 steps with 4 units.
    const perDay = 2 + 0.5 * 4 + 0.5 * 3;
    expect(cost.usdPerMonth).toBeCloseTo(perDay * 30.4375, 8);
  });

  it('prices an Express workflow per request, not per state transition', () => {
    // Prepare
    const figures = {
      kinds: { Heartbeat: aKind({ workflowExecutions: { loadBalancing: 2 } }) },
      workflows: { loadBalancing: aWorkflow({ stepsPerExecution: 3 }) },
    };

    // Act
    const cost = fleetCost(figures, {
      chargers: 1,
      mix: { ...heartbeatOnly, heartbeatIntervalSeconds: 86_400 },
      prices: onlyPrices({
        stepFunctionsExpressRequestsPerMillion: 1e6,
        stepFunctionsStandardTransitionsPerThousand: 1000,
      }),
    });

    // Assess: per day 2 executions at $1 each; no transitions are billed.
    expect(cost.usdPerMonth).toBeCloseTo(2 * 30.4375, 8);
  });

  it('adds the fixed dashboard and alarms once per fleet, and names kinds it has no figures of', () => {
    // Act
    const small = fleetCost(
      { kinds: {}, workflows: {} },
      { chargers: 100, mix: referenceMix, prices: onlyPrices({ cloudWatchDashboardPerMonth: 3 }) },
    );
    const large = fleetCost(
      { kinds: {}, workflows: {} },
      { chargers: 10_000, mix: referenceMix, prices: onlyPrices({ cloudWatchDashboardPerMonth: 3 }) },
    );

    // Assess
    expect(small.usdPerMonth).toBe(3);
    expect(large.usdPerChargerMonth).toBe(3 / 10_000);
    expect(small.missing).toContain('Heartbeat');
  });
});

describe('writesPerMessage', () => {
  it('averages write requests over the OCPP messages of the mix and tells how many Heartbeats write', () => {
    // Prepare
    const figures = {
      kinds: {
        Heartbeat: aKind({
          withWrites: 0.25,
          dynamodb: { readRequests: 0, writeRequests: 0.25, readUnits: 0, writeUnits: 0.25 },
        }),
        MeterValues: aKind({
          withWrites: 1,
          dynamodb: { readRequests: 2, writeRequests: 2, readUnits: 2, writeUnits: 3 },
        }),
      },
      workflows: {},
    };

    // Act
    const writes = writesPerMessage(figures, { ...referenceMix, heartbeatIntervalSeconds: 864 });

    // Assess: 100 Heartbeats and 176 meter values a day.
    expect(writes.ocppMessagesPerChargerDay).toBe(276);
    expect(writes.writeRequestsPerMessage).toBeCloseTo((100 * 0.25 + 176 * 2) / 276, 10);
    expect(writes.writeUnitsPerMessage).toBeCloseTo((100 * 0.25 + 176 * 3) / 276, 10);
    expect(writes.heartbeatsWithoutWrite).toBe(0.75);
  });
});
