import { defaultTransactionUpdatedIntervalSeconds } from '../../shared/config.ts';
import { defaultLeaseSeconds } from '../../shared/slices/load-management/charging-profiles.ts';
import {
  daysPerMonth,
  dutyCycle,
  perChargerDay,
  type ReferenceMix,
  referenceMix,
} from '../simulator/reference-mix.ts';
import { costAssumptions, target } from './assumptions.ts';
import type { Prices } from './prices.ts';

/**
 * Load management, priced apart from the measured totals (the default figures measure the workflow as it ran
 * then: a site read and stop). Per managed charger at the reference mix, modelled from what a run does, since
 * the bench cannot price Step Functions Express or count the profiles a workflow of other code sends.
 *
 * A run (one Express execution) per trigger: each session start and end, each connector status change of a
 * charger of a managed site (a boot sends its fail-safe default itself and starts no run). It reads the site's settings and its chargers (one view query each: a
 * site of `chargersPerSite`), writes the allocation of the sessions it changes, and sends each changed
 * session a SetChargingProfile through the call queue (a CALL out and its CALLRESULT in: 2 WebSocket messages,
 * an invocation of `$default` for the answer, the command and pending-call writes). Lease renewals: each
 * running session's TxProfile is renewed before its `validTo` lapses, one profile (and one run) each. The
 * sampled TransactionUpdated events that drive the renewals are published only for managed sites (and tenants
 * with a webhook for them), so their bus events are priced here, not in the totals.
 */
export const loadManagementAssumptions = {
  /** Chargers of a managed site, each read by a run (its view: charger, connection, connectors). */
  chargersPerSite: 20,
  /** Profiles a trigger changes: the session that starts or ends, and on average one other re-balanced. */
  profilesPerTrigger: 2,
  /** Renewed at two thirds of the lease, so a late renewal still lands before the lapse. */
  renewAtLeaseShare: 2 / 3,
  /** Lambda invocations per run: load the site, allocate, apply. */
  invocationsPerRun: 3,
  /** A run's duration, billed by Express at 64 MB: the tasks and the wait for the reductions' answers. */
  runMs: 1_500,
  /** Per view read, eventually consistent ≤ 4 KB: 0.5 unit; the settings, strongly consistent: 1. */
  readUnitsPerChargerRead: 0.5,
  readUnitsPerRun: 1,
  /**
   * Per running session: its charger's active-session markers (0.5), the session (strongly consistent, ≤ 4 KB:
   * 1), its latest meter value (0.5), its EV's charging needs (0.5) and its vehicle's or token's priority (0.5).
   * Every charger of the site with a session is a candidate: the site's sessions at the mix's duty cycle.
   */
  readUnitsPerRunningSession: 3,
  /** Per profile: the command (≤ 2 KB: 2), the pending call put and delete (2), its completion (1), the allocation (1). */
  writeUnitsPerProfile: 6,
  /** `$default` for the answer: base plus its reads and writes. */
  answerInvocationMs: 4 + 6 * 4,
  lambdaMemoryGb: 256 / 1024,
} as const;

export interface LoadManagementCostOptions {
  readonly chargers?: number;
  /** 0: no lease, no renewals (a lost CSMS leaves the last TxProfile in force until the session ends). */
  readonly leaseSeconds?: number;
  readonly mix?: ReferenceMix;
}

export const loadManagementCost = (prices: Prices, options: LoadManagementCostOptions = {}) => {
  const { chargers = target.chargers, leaseSeconds = defaultLeaseSeconds, mix = referenceMix } = options;
  const a = loadManagementAssumptions;
  const day = perChargerDay(mix);
  // Connector status changes start runs (boots do not: the boot sends its fail-safe default itself).
  const triggersPerDay = day.StatusNotification;
  const renewEverySeconds = leaseSeconds * a.renewAtLeaseShare;
  const renewalsPerSession =
    leaseSeconds > 0 ? Math.max(0, Math.ceil((mix.sessionMinutes * 60) / renewEverySeconds) - 1) : 0;
  const renewalsPerDay = mix.sessionsPerDay * renewalsPerSession;
  const month = chargers * daysPerMonth;
  const runs = month * (triggersPerDay + renewalsPerDay);
  const workflowProfiles = month * triggersPerDay * a.profilesPerTrigger;
  const renewalProfiles = month * renewalsPerDay;
  // A boot of a managed charger: its fail-safe default, and the write of the accepted one.
  const defaults = month * day.BootNotification;
  const profiles = workflowProfiles + renewalProfiles + defaults;
  const lambdaMs = costAssumptions.lambda.baseMs + costAssumptions.lambda.perDynamoDbRequestMs * 3;
  const invocations = runs * a.invocationsPerRun + profiles;
  const gbSeconds =
    ((runs * a.invocationsPerRun * lambdaMs + profiles * a.answerInvocationMs) * a.lambdaMemoryGb) / 1000;
  const runningPerRun = a.chargersPerSite * dutyCycle(mix);
  const readUnits =
    runs *
    (a.readUnitsPerRun +
      a.chargersPerSite * a.readUnitsPerChargerRead +
      runningPerRun * a.readUnitsPerRunningSession);
  const writeUnits = profiles * a.writeUnitsPerProfile;
  // One let through at a session's first sample, then one per interval of the charger's clock.
  const progressEventsPerDay =
    mix.sessionsPerDay * Math.ceil((mix.sessionMinutes * 60) / defaultTransactionUpdatedIntervalSeconds);
  const progressEvents = month * progressEventsPerDay;
  const usd = {
    stepFunctions:
      (runs / 1e6) * prices.stepFunctionsExpressRequestsPerMillion +
      runs * (Math.ceil(a.runMs / 100) / 10) * (64 / 1024) * prices.stepFunctionsExpressGbSecond,
    lambda: (invocations / 1e6) * prices.lambdaRequestsPerMillion + gbSeconds * prices.lambdaArmGbSecond,
    dynamodb:
      (readUnits / 1e6) * prices.dynamodbReadRequestUnitsPerMillion +
      (writeUnits / 1e6) * prices.dynamodbWriteRequestUnitsPerMillion,
    webSocket: ((profiles * 2) / 1e6) * prices.apiGatewayWebSocketMessagesPerMillion,
    eventBridge: (progressEvents / 1e6) * prices.eventBridgeCustomEventsPerMillion,
  };
  const usdPerMonth = usd.stepFunctions + usd.lambda + usd.dynamodb + usd.webSocket + usd.eventBridge;
  return {
    chargers,
    leaseSeconds,
    runsPerChargerMonth: runs / chargers,
    profilesPerChargerMonth: profiles / chargers,
    renewalsPerChargerMonth: renewalProfiles / chargers,
    progressEventsPerChargerMonth: progressEvents / chargers,
    usd,
    usdPerMonth,
    usdPerChargerMonth: usdPerMonth / chargers,
  };
};

/** The lines `npm run cost` prints: the default lease, and what shorter and no leases cost. */
export const loadManagementLines = (prices: Prices, chargers: number = target.chargers): string => {
  const cost = loadManagementCost(prices, { chargers });
  const at = (leaseSeconds: number) => loadManagementCost(prices, { chargers, leaseSeconds });
  const per = (c: ReturnType<typeof loadManagementCost>) => `$${c.usdPerChargerMonth.toFixed(5)}`;
  return (
    `Load management (not in the totals; per managed charger, sites of ${loadManagementAssumptions.chargersPerSite}): ` +
    `${Math.round(cost.runsPerChargerMonth)} workflow runs and ${Math.round(cost.profilesPerChargerMonth)} ` +
    `SetChargingProfile a charger-month (${Math.round(cost.renewalsPerChargerMonth)} of them lease renewals at ` +
    `a ${cost.leaseSeconds / 60}-minute lease) at ${chargers.toLocaleString('en-US')} chargers: ` +
    `$${cost.usdPerMonth.toFixed(2)} a month, ${per(cost)} per charger-month (Step Functions Express ` +
    `$${cost.usd.stepFunctions.toFixed(2)}, Lambda $${cost.usd.lambda.toFixed(2)}, DynamoDB ` +
    `$${cost.usd.dynamodb.toFixed(2)}, WebSocket messages $${cost.usd.webSocket.toFixed(2)}, EventBridge ` +
    `$${cost.usd.eventBridge.toFixed(2)} for ${Math.round(cost.progressEventsPerChargerMonth)} sampled ` +
    `TransactionUpdated a charger-month).\n` +
    `Lease length: 5 minutes ${per(at(300))}, 15 minutes ${per(at(900))}, 60 minutes ${per(at(3600))}, ` +
    `none ${per(at(0))} per charger-month.`
  );
};
