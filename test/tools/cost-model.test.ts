import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KindFigures, WorkflowFigures } from '../../scripts/bench/kinds.ts';
import { costAssumptions, fixedResources } from '../../scripts/cost/assumptions.ts';
import { fleetCost, sampledTraces, writesPerMessage } from '../../scripts/cost/cost-model.ts';
import { costReport } from '../../scripts/cost/cost-report.ts';
import { loadPriceFile, type Prices, pricesOf } from '../../scripts/cost/prices.ts';
import { dutyCycle, perChargerDay, referenceMix } from '../../scripts/simulator/reference-mix.ts';
import { type FunctionObservability, observabilityOf } from '../../shared/topology/functions.ts';

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
  lambdaInvocations: { 'check-site-managed': 1 },
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
      Heartbeat: 160,
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

  it('prices write units and the state transitions of a Standard workflow a message starts', () => {
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
      workflowType: 'standard',
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

  it('prices the custom metrics once per fleet: API refusals by reason, charger refusals, webhook attempts by outcome', () => {
    // Act
    const cost = fleetCost(
      { kinds: {}, workflows: {} },
      { chargers: 100, mix: referenceMix, prices: onlyPrices({ cloudWatchCustomMetricPerMonth: 0.3 }) },
    );

    // Assess: 3 refusal reasons + 1 metric filter + 3 delivery outcomes.
    expect(fixedResources().customMetrics).toBe(7);
    expect(cost.usdPerMonth).toBeCloseTo(7 * 0.3, 10);
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

const lineOf = (cost: ReturnType<typeof fleetCost>, service: string) =>
  cost.lines.find((line) => line.service.startsWith(service))?.usdPerMonth;

/** A day's mix of exactly one Heartbeat per charger. */
const oneADay = { ...heartbeatOnly, heartbeatIntervalSeconds: 86_400 };

describe('observability costs', () => {
  it('prices Lambda logs from the levels each function is deployed with: none at WARN', () => {
    // Prepare
    const figures = { kinds: { Heartbeat: aKind() }, workflows: {} };
    const prices = onlyPrices({ cloudWatchLogsIngestionPerGb: 1e9 });
    const withReports = (id: Parameters<typeof observabilityOf>[0]): FunctionObservability => ({
      ...observabilityOf(id),
      systemLogLevel: 'INFO',
    });

    // Act
    const deployed = fleetCost(figures, { chargers: 1, mix: oneADay, prices });
    const reported = fleetCost(figures, { chargers: 1, mix: oneADay, prices, observability: withReports });

    // Assess: ws-default logs at WARN (no START/REPORT lines); at INFO each invocation costs its platform lines.
    expect(observabilityOf('ws-default')).toMatchObject({ logLevel: 'WARN', systemLogLevel: 'WARN' });
    expect(lineOf(deployed, 'CloudWatch Logs, Lambda')).toBe(0);
    expect(lineOf(reported, 'CloudWatch Logs, Lambda')).toBeCloseTo(
      30.4375 * costAssumptions.logs.systemBytesPerInvocation.INFO,
      6,
    );
  });

  it('records no trace of a PassThrough function and samples an Active one per function', () => {
    // Prepare: 100 chargers with one command a day through the api (Active), its authorizer and ws-default
    // (PassThrough).
    const figures = {
      kinds: { Command: aKind({ lambdaInvocations: { api: 1, 'api-authorizer': 1, 'ws-default': 1 } }) },
      workflows: {},
    };
    const mix = { ...heartbeatOnly, commandsPerDay: 1 };
    const prices = onlyPrices({ xrayTracesRecordedPerMillion: 1e6 });

    // Act
    const cost = fleetCost(figures, { chargers: 100, mix, prices });

    // Assess: below the reservoir every request is recorded, of the one Active function only.
    expect(observabilityOf('ws-default').tracing).toBe('PassThrough');
    expect(observabilityOf('api-authorizer').tracing).toBe('PassThrough');
    expect(lineOf(cost, 'X-Ray traces, Lambda')).toBeCloseTo(100 * 30.4375, 6);
    expect(cost.lines.map((line) => line.service)).toContain('X-Ray traces, Lambda (Active: api)');
  });

  it('counts a traced workflow once, its Lambda tasks inside its trace; by default neither', () => {
    // Prepare
    const figures = {
      kinds: { Heartbeat: aKind({ workflowExecutions: { billing: 1 } }) },
      workflows: { billing: aWorkflow({ lambdaInvocations: { 'bill-session': 1 } }) },
    };
    const prices = onlyPrices({ xrayTracesRecordedPerMillion: 1e6 });

    // Act
    const traced = fleetCost(figures, { chargers: 10, mix: oneADay, prices, workflowTracing: true });
    const activeTask = fleetCost(figures, {
      chargers: 10,
      mix: oneADay,
      prices,
      workflowTracing: false,
      observability: (id) => ({
        ...observabilityOf(id),
        ...(id === 'bill-session' && { tracing: 'Active' as const }),
      }),
    });
    const deployed = fleetCost(figures, { chargers: 10, mix: oneADay, prices });

    // Assess: without the workflow's trace, an Active task would sample by itself; PassThrough ones do not.
    expect(lineOf(traced, 'X-Ray traces, Step Functions')).toBeCloseTo(10 * 30.4375, 6);
    expect(lineOf(traced, 'X-Ray traces, Lambda')).toBe(0);
    expect(lineOf(activeTask, 'X-Ray traces, Step Functions')).toBe(0);
    expect(lineOf(activeTask, 'X-Ray traces, Lambda')).toBeCloseTo(10 * 30.4375, 6);
    expect(lineOf(deployed, 'X-Ray traces, Step Functions')).toBe(0);
    expect(lineOf(deployed, 'X-Ray traces, Lambda')).toBe(0);
  });

  it('logs no workflow transition at the deployed level ERROR; ALL logs each one of every execution', () => {
    // Prepare: one billing execution (one Task) per Heartbeat, 10 chargers, one Heartbeat a day.
    const figures = {
      kinds: { Heartbeat: aKind({ workflowExecutions: { billing: 1 } }) },
      workflows: { billing: aWorkflow({ lambdaInvocations: { 'bill-session': 1 } }) },
    };
    const prices = onlyPrices({ cloudWatchLogsIngestionPerGb: 1e9 });
    const { bytesPerEvent, eventsPerExecution, eventsPerTask } = costAssumptions.logs.stepFunctions;

    // Act
    const deployed = fleetCost(figures, { chargers: 10, mix: oneADay, prices });
    const all = fleetCost(figures, { chargers: 10, mix: oneADay, prices, workflowLogLevel: 'ALL' });

    // Assess
    expect(lineOf(deployed, 'CloudWatch Logs, Step Functions (level ERROR)')).toBe(0);
    expect(lineOf(all, 'CloudWatch Logs, Step Functions (level ALL)')).toBeCloseTo(
      10 * 30.4375 * bytesPerEvent * (eventsPerExecution + eventsPerTask),
      6,
    );
  });

  it('samples the first request a second and 5 % of the rest', () => {
    // Prepare
    const reservoir = costAssumptions.secondsPerMonth;

    // Act, Assess
    expect(sampledTraces(reservoir / 2)).toBe(reservoir / 2);
    expect(sampledTraces(reservoir + 1_000_000)).toBeCloseTo(reservoir + 50_000, 6);
  });
});

describe('Heartbeat writes at the priced mix', () => {
  it('raises Heartbeat writes to the steady state of the mix it prices, whatever mix the bench ran', () => {
    // Prepare: figures as a bench at 300 s stores them (3 of 23 Heartbeats write).
    const figures = {
      kinds: {
        Heartbeat: aKind({
          withWrites: 3 / 23,
          dynamodb: { readRequests: 0, writeRequests: 3 / 23, readUnits: 0, writeUnits: 3 / 23 },
        }),
      },
      workflows: {},
    };
    const prices = onlyPrices({ dynamodbWriteRequestUnitsPerMillion: 1e6 });

    // Act
    const at540 = fleetCost(figures, { chargers: 1, mix: referenceMix, prices });
    const at300 = fleetCost(figures, {
      chargers: 1,
      mix: { ...referenceMix, heartbeatIntervalSeconds: 300 },
      prices,
    });

    // Assess: 3 of the 13 Heartbeats of a connection at 540 s (160 a day), 3 of 23 at 300 s (288 a day).
    expect(lineOf(at540, 'DynamoDB write units')).toBeCloseTo(160 * (3 / 13) * 30.4375, 6);
    expect(lineOf(at300, 'DynamoDB write units')).toBeCloseTo(288 * (3 / 23) * 30.4375, 6);
    expect(writesPerMessage(figures, referenceMix).heartbeatsWithoutWrite).toBeCloseTo(10 / 13, 10);
  });
});

describe('storage growth', () => {
  it('tells what each further month of kept data adds, apart from the bill', () => {
    // Prepare: 1 GB a month of new items per charger.
    const figures = { kinds: { Heartbeat: aKind({ itemBytesPut: 1e9 / 30.4375 / 1.2 }) }, workflows: {} };

    // Act
    const cost = fleetCost(figures, {
      chargers: 2,
      mix: oneADay,
      prices: onlyPrices({ dynamodbStorageGbMonth: 0.25 }),
    });

    // Assess
    expect(cost.storage.newGbPerMonth).toBeCloseTo(2, 10);
    expect(cost.storage.usdPerChargerMonthPerMonthKept).toBeCloseTo(0.25, 10);
    // The bill prices the table at month 12: kept data, 12 months of it.
    expect(cost.usdPerChargerMonth).toBeCloseTo(12 * 0.25, 10);
  });

  it('prices raw meter values for their retention only, and point-in-time recovery on the table kept', () => {
    // Prepare: 1 GB a month of meter values and of sessions per charger.
    const gbADay = 1e9 / 30.4375 / 1.2;
    const figures = {
      kinds: {
        MeterValues: aKind({ itemBytesPut: gbADay }),
        TransactionEnded: aKind({ itemBytesPut: gbADay }),
      },
      workflows: {},
    };

    // Act
    const cost = fleetCost(figures, {
      chargers: 1,
      mix: { ...oneADay, sessionsPerDay: 1 },
      prices: onlyPrices({ dynamodbStorageGbMonth: 0.25, dynamodbPointInTimeRecoveryGbMonth: 0.2 }),
    });

    // Assess: meter values of the last 7 days only (METER_VALUE_RETENTION_DAYS), sessions of 12 months.
    const meterValuesPerMonth = perChargerDay({ ...oneADay, sessionsPerDay: 1 }).MeterValues;
    const keptGb = meterValuesPerMonth * (7 / 30.4375) + 12;
    expect(lineOf(cost, 'DynamoDB storage')).toBeCloseTo(keptGb * 0.25, 6);
    expect(lineOf(cost, 'DynamoDB point-in-time recovery')).toBeCloseTo(keptGb * 0.2, 6);
  });
});

describe('storage of workflows and of the index', () => {
  it('keeps what a workflow puts (the billing ledger and CDR) for 12 months, and prices the index copy as storage without PITR', () => {
    // Prepare: per session 1 GB a month in the table, put by the billing workflow, and 0.5 GB in the index.
    const gbAMonth = 1e9 / 30.4375 / 1.2;
    const figures = {
      kinds: { TransactionEnded: aKind({ workflowExecutions: { billing: 1 } }) },
      workflows: {
        billing: aWorkflow({ itemBytesPut: gbAMonth, indexBytesPut: gbAMonth / 2 }),
      },
    };

    // Act
    const cost = fleetCost(figures, {
      chargers: 1,
      mix: { ...oneADay, sessionsPerDay: 1 },
      prices: onlyPrices({ dynamodbStorageGbMonth: 0.25, dynamodbPointInTimeRecoveryGbMonth: 0.2 }),
    });

    // Assess: 12 months of 1.5 GB stored; PITR on the table's 12 GB only.
    expect(lineOf(cost, 'DynamoDB storage')).toBeCloseTo(12 * 1.5 * 0.25, 6);
    expect(lineOf(cost, 'DynamoDB point-in-time recovery')).toBeCloseTo(12 * 0.2, 6);
    expect(cost.storage.newGbPerMonth).toBeCloseTo(1.5, 6);
  });
});

describe('costReport', () => {
  const defaults = JSON.parse(
    readFileSync(new URL('../../scripts/cost/default-figures.json', import.meta.url), 'utf8'),
  ) as Parameters<typeof costReport>[0];

  it('prices the documented default figures, with what-ifs only for what the stack does not do', () => {
    // Act
    const report = costReport(defaults, loadPriceFile());

    // Assess
    expect(report.atTarget.missing).toEqual([]);
    expect(report.whatIf.map((item) => item.change)).not.toContainEqual(expect.stringContaining('540'));
    expect(report.whatIf.find((item) => item.change.includes('300 s'))?.usdPerChargerMonth).toBeGreaterThan(
      report.atTarget.usdPerChargerMonth,
    );
    expect(report.text).toContain('price the table at month 12 with the retention policy');
    expect(report.atTarget.usdPerMonth).toBeCloseTo(
      report.atTarget.lines.reduce((usd, line) => usd + line.usdPerMonth, 0),
      8,
    );
  });
});
