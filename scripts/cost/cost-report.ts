import type { FunctionObservability } from '../../shared/topology/functions.ts';
import { perChargerDay, type ReferenceMix, referenceMix } from '../simulator/reference-mix.ts';
import { markdownTable } from '../simulator/summary-table.ts';
import { anchor, target } from './assumptions.ts';
import {
  type CostOptions,
  type FleetCost,
  fleetCost,
  type MeasuredFigures,
  writesPerMessage,
} from './cost-model.ts';
import type { PriceFile } from './prices.ts';
import { pricesOf } from './prices.ts';

export const fleetSizes = [100, 1_000, 10_000, 100_000] as const;

const usd = (value: number, digits = 2) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;

const size = (gb: number) =>
  gb >= 1
    ? `${gb.toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`
    : `${(gb * 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** The storage line prices one month of new data; what keeping it costs later is printed, not added. */
const storageNote = (fleet: FleetCost): string => {
  const { newGbPerMonth, usdPerChargerMonthPerMonthKept: perMonthKept } = fleet.storage;
  return (
    `DynamoDB storage growth: the table grows by ${size(newGbPerMonth / fleet.chargers)} per charger ` +
    `a month (${size(newGbPerMonth)} at ${fleet.chargers.toLocaleString('en-US')} chargers). Kept without a ` +
    `TTL, each further month of it adds ${usd(perMonthKept, 5)} of storage per charger-month (plus PITR): ` +
    `the storage lines above price the table at month 12 with the retention policy ` +
    `(METER_VALUE_RETENTION_DAYS for raw meter values, the commands' TTL; sessions and CDRs kept).`
  );
};

export interface CostReport {
  readonly fleets: readonly FleetCost[];
  readonly atTarget: FleetCost;
  readonly whatIf: readonly { readonly change: string; readonly usdPerChargerMonth: number }[];
  readonly writes: ReturnType<typeof writesPerMessage>;
  readonly meetsTarget: boolean;
  readonly text: string;
}

/** The cost of the fleet sizes of the issue, next to the anchor and the target, with the breakdown at 10,000. */
export const costReport = (
  figures: MeasuredFigures,
  priceFile: PriceFile,
  mix: ReferenceMix = referenceMix,
): CostReport => {
  const prices = pricesOf(priceFile);
  const fleets = fleetSizes.map((chargers) => fleetCost(figures, { chargers, mix, prices }));
  const atTarget = fleetCost(figures, { chargers: target.chargers, mix, prices });
  const at10k = (
    change: Partial<ReferenceMix>,
    changed: MeasuredFigures = figures,
    other: Pick<CostOptions, 'workflowType' | 'observability' | 'workflowTracing' | 'workflowLogLevel'> = {},
  ) =>
    fleetCost(changed, {
      chargers: target.chargers,
      mix: { ...mix, ...change },
      prices,
      ...other,
    }).usdPerChargerMonth;
  const { MeterValues: meterValues } = figures.kinds;
  // What the stack did before TRANSACTION_UPDATED_INTERVAL_SECONDS: an event (one PutEvents) per meter value.
  const eventPerMeterValue: MeasuredFigures = {
    ...figures,
    kinds: {
      ...figures.kinds,
      ...(meterValues && { MeterValues: { ...meterValues, events: 1, putEventsCalls: 1 } }),
    },
  };
  // No event for periodic meter values at all (no rule consumes TransactionUpdated today).
  const quietMeterValues: MeasuredFigures = {
    ...figures,
    kinds: {
      ...figures.kinds,
      ...(meterValues && { MeterValues: { ...meterValues, events: 0, putEventsCalls: 0 } }),
    },
  };
  // The observability before it was chosen per function: X-Ray Active and START/REPORT lines everywhere.
  const tracedAndReportedEverywhere = (): FunctionObservability => ({
    tracing: 'Active',
    logLevel: 'WARN',
    systemLogLevel: 'INFO',
  });
  const whatIf = [
    {
      change: 'no TransactionUpdated event for periodic meter values',
      usdPerChargerMonth: at10k({}, quietMeterValues),
    },
    {
      change:
        'costlier: a TransactionUpdated event for every meter value (TRANSACTION_UPDATED_INTERVAL_SECONDS=0)',
      usdPerChargerMonth: at10k({}, eventPerMeterValue),
    },
    {
      change: 'costlier: Standard instead of Express workflows',
      usdPerChargerMonth: at10k({}, figures, { workflowType: 'standard' }),
    },
    {
      change: 'costlier: heartbeat interval 300 s',
      usdPerChargerMonth: at10k({ heartbeatIntervalSeconds: 300 }),
    },
    {
      change: 'costlier: X-Ray Active and START/REPORT log lines on every function',
      usdPerChargerMonth: at10k({}, figures, { observability: tracedAndReportedEverywhere }),
    },
    {
      change: 'costlier: workflows traced by X-Ray (EventWorkflows tracingEnabled)',
      usdPerChargerMonth: at10k({}, figures, { workflowTracing: true }),
    },
    {
      change: 'costlier: every workflow transition logged (EventWorkflows logLevel ALL)',
      usdPerChargerMonth: at10k({}, figures, { workflowLogLevel: 'ALL' }),
    },
  ];
  const writes = writesPerMessage(figures, mix);
  const meetsTarget = atTarget.usdPerChargerMonth < target.usdPerChargerMonth;
  const day = perChargerDay(mix);
  const text = [
    `Prices: ${priceFile.region}, dated ${priceFile.date}. ${priceFile.note}`,
    `Reference mix (scripts/simulator/reference-mix.ts): heartbeat ${mix.heartbeatIntervalSeconds} s, ` +
      `${mix.sessionsPerDay} sessions/day of ${mix.sessionMinutes} min, meter values every ${mix.meterValueIntervalSeconds} s, ` +
      `reconnect every ${mix.connectionHours} h, ${mix.commandsPerDay} command/day, ${mix.bootsPerMonth} boot/month: ` +
      `${Math.round(writes.ocppMessagesPerChargerDay)} OCPP messages and ${day.Connect} connections per charger and day.`,
    '',
    markdownTable(
      [
        'chargers',
        'per month',
        'per charger-month',
        'vs anchor ($0.35)',
        `target < ${usd(target.usdPerChargerMonth)} at 10,000`,
      ],
      fleets.map((fleet) => [
        fleet.chargers.toLocaleString('en-US'),
        usd(fleet.usdPerMonth),
        usd(fleet.usdPerChargerMonth, 4),
        `${Math.round((fleet.usdPerChargerMonth / anchor.usdPerChargerMonth) * 100)} %`,
        fleet.chargers === target.chargers ? (meetsTarget ? 'met' : 'NOT met') : '',
      ]),
    ),
    '',
    `At ${target.chargers.toLocaleString('en-US')} chargers, by service:`,
    '',
    markdownTable(
      ['service', 'per month', 'per charger-month', 'share'],
      [...atTarget.lines]
        .sort((a, b) => b.usdPerMonth - a.usdPerMonth)
        .map((line) => [
          line.service,
          usd(line.usdPerMonth),
          usd(line.usdPerMonth / atTarget.chargers, 5),
          `${((line.usdPerMonth / atTarget.usdPerMonth) * 100).toFixed(1)} %`,
        ]),
    ),
    '',
    'By kind of message (variable costs, per charger-month):',
    '',
    markdownTable(
      ['kind', 'per charger-day', 'per charger-month'],
      Object.entries(atTarget.perKind)
        .sort(([, a = 0], [, b = 0]) => b - a)
        .map(([kind, value = 0]) => [kind, day[kind as keyof typeof day].toFixed(2), usd(value, 5)]),
    ),
    '',
    `DynamoDB at the mix: ${writes.writeRequestsPerMessage.toFixed(2)} write requests and ` +
      `${writes.writeUnitsPerMessage.toFixed(2)} write units per OCPP message (workflows included)` +
      (writes.heartbeatsWithoutWrite === undefined
        ? '.'
        : `; ${(writes.heartbeatsWithoutWrite * 100).toFixed(0)} % of Heartbeats write nothing.`),
    '',
    storageNote(atTarget),
    '',
    `What-if at ${target.chargers.toLocaleString('en-US')} chargers (not what the stack does today):`,
    ...whatIf.map((item) => `- ${item.change}: ${usd(item.usdPerChargerMonth, 4)} per charger-month`),
    ...(atTarget.missing.length > 0 ? ['', `Not measured, left out: ${atTarget.missing.join(', ')}`] : []),
  ].join('\n');
  return { fleets, atTarget, whatIf, writes, meetsTarget, text };
};
