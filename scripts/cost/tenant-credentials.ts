import { tenantSessionSeconds } from '../../shared/adapters/tenant-credentials.ts';
import { functions } from '../../shared/topology/functions.ts';
import { target } from './assumptions.ts';
import type { Prices } from './prices.ts';

/**
 * The tenant role's price: STS AssumeRole has no charge; what it costs is the Lambda time of the call, on the
 * first request of a tenant in a container and again when the session is refreshed (hourly: role chaining caps
 * it at an hour, the SDK renews it five minutes ahead, lazily, on a request). Upper bound: every warm container
 * of every tenant-serving function sees every tenant every hour.
 */
export const tenantCredentialAssumptions = {
  /** Chargers per tenant at the reference fleet. */
  chargersPerTenant: 100,
  /** Warm containers per tenant-serving function. */
  warmContainersPerFunction: 10,
  /** One AssumeRole from Lambda to the regional STS endpoint. */
  assumeRoleMs: 40,
  hoursPerMonth: 730,
} as const;

export const tenantCredentialsCost = (prices: Prices, chargers: number = target.chargers) => {
  const a = tenantCredentialAssumptions;
  const tenants = Math.max(1, Math.ceil(chargers / a.chargersPerTenant));
  const tenantFunctions = Object.values(functions).filter((spec) => spec.access.tenantData);
  const refreshesPerHour = 3600 / tenantSessionSeconds;
  const callsPerMonth =
    tenants * tenantFunctions.length * a.warmContainersPerFunction * refreshesPerHour * a.hoursPerMonth;
  const gbSeconds = tenantFunctions.reduce(
    (sum, spec) =>
      sum +
      (tenants *
        a.warmContainersPerFunction *
        refreshesPerHour *
        a.hoursPerMonth *
        (spec.memoryMb ?? 256) *
        a.assumeRoleMs) /
        1024 /
        1000,
    0,
  );
  const usdPerMonth = gbSeconds * prices.lambdaArmGbSecond;
  return {
    chargers,
    tenants,
    callsPerMonth,
    stsUsdPerMonth: 0,
    usdPerMonth,
    usdPerChargerMonth: usdPerMonth / chargers,
  };
};

/** The line `npm run cost` prints. */
export const tenantCredentialsLine = (prices: Prices, chargers: number = target.chargers): string => {
  const cost = tenantCredentialsCost(prices, chargers);
  const a = tenantCredentialAssumptions;
  return (
    `Tenant-scoped credentials (not in the totals): at most ${cost.callsPerMonth.toLocaleString('en-US')} STS ` +
    `AssumeRole calls a month at ${chargers.toLocaleString('en-US')} chargers (${cost.tenants} tenants of ` +
    `${a.chargersPerTenant} chargers, ${a.warmContainersPerFunction} warm containers per tenant-serving function, ` +
    `one per tenant, container and hour), $0 for STS, ~${a.assumeRoleMs} ms on the first request of a tenant in a ` +
    `container: $${cost.usdPerMonth.toFixed(2)} a month of Lambda time, $${cost.usdPerChargerMonth.toFixed(6)} ` +
    'per charger-month. No STS call per request.'
  );
};
