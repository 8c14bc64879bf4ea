import { lastSeenWriteIntervalSeconds } from '../../shared/slices/chargers/model.ts';
import { functions } from '../../shared/topology/functions.ts';
import { schedules } from '../../shared/topology/schedules.ts';
import { daysPerMonth, type ReferenceMix, referenceMix } from '../simulator/reference-mix.ts';
import { costAssumptions, target } from './assumptions.ts';
import type { Prices } from './prices.ts';

/**
 * The silent-charger sweep with SILENT_CHARGER_SWEEP=1, priced apart from the totals (which price the default,
 * the sweep off): the liveness index's copy of each connection item (GSI1, projection ALL) is billed on every
 * write of the item, and its deadline key moves with each throttled `lastSeenAt` write (the index entry deleted
 * and put: 2 units). Per connection: 1 unit at the connect's put, 2 per moved deadline, 1 at the removal. The
 * schedule runs one invocation per period for the deployment, one index query per active tenant.
 */
export const silentSweepAssumptions = {
  /** As the tenant-credentials line: 100 tenants of 100 chargers at 10,000. */
  chargersPerTenant: 100,
  /** An empty or small index page, eventually consistent. */
  readUnitsPerTenantQuery: 0.5,
} as const;

export const silentChargerSweepCost = (
  prices: Prices,
  options: { readonly chargers?: number; readonly mix?: ReferenceMix } = {},
) => {
  const { chargers = target.chargers, mix = referenceMix } = options;
  const connectionsPerMonth = chargers * (24 / mix.connectionHours) * daysPerMonth;
  // Writes at each full interval of a connection that lasts its hours (the last one ends with the connection).
  const movesPerConnection = Math.max(
    0,
    Math.ceil((mix.connectionHours * 3600) / lastSeenWriteIntervalSeconds) - 1,
  );
  const indexWriteUnitsPerConnection = 1 + 2 * movesPerConnection + 1;
  const indexWriteUnits = connectionsPerMonth * indexWriteUnitsPerConnection;
  const runsPerMonth = (daysPerMonth * 24 * 60) / schedules.sweepSilentChargers.rateMinutes;
  const tenants = Math.max(1, Math.ceil(chargers / silentSweepAssumptions.chargersPerTenant));
  const queries = runsPerMonth * tenants;
  const runMs = costAssumptions.lambda.baseMs + costAssumptions.lambda.perDynamoDbRequestMs * (tenants + 1);
  const gb = (functions['sweep-silent-chargers'].memoryMb ?? 256) / 1024;
  const usd = {
    dynamodb:
      (indexWriteUnits / 1e6) * prices.dynamodbWriteRequestUnitsPerMillion +
      ((queries * silentSweepAssumptions.readUnitsPerTenantQuery) / 1e6) *
        prices.dynamodbReadRequestUnitsPerMillion,
    lambda:
      (runsPerMonth / 1e6) * prices.lambdaRequestsPerMillion +
      ((runsPerMonth * runMs) / 1000) * gb * prices.lambdaArmGbSecond,
  };
  const usdPerMonth = usd.dynamodb + usd.lambda;
  return {
    chargers,
    indexWriteUnitsPerConnection,
    indexWriteUnitsPerChargerMonth: indexWriteUnits / chargers,
    runsPerMonth,
    usd,
    usdPerMonth,
    usdPerChargerMonth: usdPerMonth / chargers,
  };
};

export const silentChargerSweepLine = (prices: Prices, chargers: number = target.chargers): string => {
  const cost = silentChargerSweepCost(prices, { chargers });
  return (
    `Silent-charger sweep (SILENT_CHARGER_SWEEP=1; off by default, not in the totals): ` +
    `${cost.indexWriteUnitsPerConnection} index write units per ${referenceMix.connectionHours}-hour connection, ` +
    `${Math.round(cost.indexWriteUnitsPerChargerMonth).toLocaleString('en-US')} a charger-month, and ` +
    `${Math.round(cost.runsPerMonth).toLocaleString('en-US')} runs a month at ` +
    `${chargers.toLocaleString('en-US')} chargers: $${cost.usdPerMonth.toFixed(2)} a month, ` +
    `$${cost.usdPerChargerMonth.toFixed(5)} per charger-month (DynamoDB $${cost.usd.dynamodb.toFixed(2)}, ` +
    `Lambda $${cost.usd.lambda.toFixed(2)}).`
  );
};
