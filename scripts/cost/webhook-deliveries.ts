import { webhookLogRetentionSeconds } from '../../shared/composition-root.ts';
import { functions, queues } from '../../shared/topology/index.ts';
import {
  daysPerMonth,
  type MessageKind,
  perChargerDay,
  type ReferenceMix,
  referenceMix,
} from '../simulator/reference-mix.ts';
import { costAssumptions, target } from './assumptions.ts';
import type { MeasuredFigures } from './cost-model.ts';
import type { Prices } from './prices.ts';

/**
 * Webhook delivery, priced apart from the measured totals (the default figures predate webhooks; a bench of this
 * code counts the fan-out's invocations in the totals, the deliveries it cannot count: no endpoint listens).
 *
 * Reference volume: every tenant has one webhook for the session lifecycle and what operators act on —
 * `TransactionStarted`, `TransactionEnded`, `ConnectorStatusChanged` and `CommandCompleted` — delivered
 * first time (5 % of deliveries need on average 3 attempts more). A webhook for `"*"` gets every event of the
 * bus, chiefly the connect/disconnect every 2 hours and the `TransactionUpdated` every 5 minutes of a session:
 * printed as the costlier case.
 */
export const webhookAssumptions = {
  /** Share of deliveries whose first attempt fails, and the further attempts each of those takes. */
  failingShare: 0.05,
  extraAttemptsWhenFailing: 3,
  /** An endpoint's answer, billed while the delivery function waits for it. */
  endpointAnswerMs: 150,
  /** SQS requests per delivery: the fan-out's SendMessage, and the consumer's receive and delete (unbatched). */
  sqsRequestsPerAttempt: 3,
  /**
   * The bus event into the fan-out queue (EventBridge → SQS), and a tenth of a receive and of a delete: the
   * fan-out's 5-second batching window fills batches of 10 at the reference fleet.
   */
  sqsRequestsPerEvent: 1.2,
  /**
   * DynamoDB per attempt: read the webhook and the delivery (strongly consistent, ≤ 4 KB: 1 unit each); write the
   * delivery's status (≤ 2 KB: 2) and the log item (1). Per delivery: its put (≤ 2 KB: 2) and the fan-out's GSI
   * query of the tenant's webhooks (eventually consistent: 0.5).
   */
  readUnitsPerAttempt: 2,
  writeUnitsPerAttempt: 3,
  readUnitsPerDelivery: 0.5,
  writeUnitsPerDelivery: 2,
  /** Delivery item (signed body) and log item, with their keys. */
  bytesPerDelivery: 1_500,
  bytesPerAttempt: 400,
  /**
   * Lambda's SQS pollers long-poll each queue even when it is empty: about 5 pollers × 3 receives a minute.
   */
  idleReceivesPerQueueMonth: 5 * 3 * 60 * 730,
} as const;

const subscribedPerChargerDay = (mix: ReferenceMix): number => {
  const day = perChargerDay(mix);
  // Each session starts and ends, and its connector changes status twice; one command a day completes.
  return day.TransactionStarted + day.TransactionEnded + day.StatusNotification + day.Command;
};

/** Bus events per charger-day at the mix: what a `"*"` webhook gets, from the measured events of each kind. */
export const busEventsPerChargerDay = (
  figures: MeasuredFigures,
  mix: ReferenceMix = referenceMix,
): number => {
  const day = perChargerDay(mix);
  return (Object.keys(day) as MessageKind[]).reduce(
    (sum, kind) => sum + day[kind] * (figures.kinds[kind]?.events ?? 0),
    0,
  );
};

export const webhookDeliveryCost = (
  prices: Prices,
  figures: MeasuredFigures,
  options: { chargers?: number; allEvents?: boolean; mix?: ReferenceMix } = {},
) => {
  const { chargers = target.chargers, allEvents = false, mix = referenceMix } = options;
  const a = webhookAssumptions;
  const eventsPerDay = busEventsPerChargerDay(figures, mix);
  const perDay = allEvents ? eventsPerDay : subscribedPerChargerDay(mix);
  const deliveries = chargers * perDay * daysPerMonth;
  const attempts = deliveries * (1 + a.failingShare * a.extraAttemptsWhenFailing);
  // Only subscribed events reach the fan-out (marked when published): each is one message and one query.
  const events = deliveries;
  const webhookQueues = Object.values(queues).filter((spec) => spec.consumer.startsWith('webhook-')).length;
  const sqsRequests =
    attempts * a.sqsRequestsPerAttempt +
    events * a.sqsRequestsPerEvent +
    webhookQueues * a.idleReceivesPerQueueMonth;
  const lambda = costAssumptions.lambda;
  const mb = (id: 'webhook-fan-out' | 'webhook-delivery') => (functions[id].memoryMb ?? 256) / 1024;
  const fanOutMs = lambda.baseMs + lambda.perDynamoDbRequestMs * 2 + 10;
  const deliveryMs = lambda.baseMs + lambda.perDynamoDbRequestMs * 4 + a.endpointAnswerMs;
  const gbSeconds =
    (events * fanOutMs * mb('webhook-fan-out') + attempts * deliveryMs * mb('webhook-delivery')) / 1000;
  const retainedMonths = webhookLogRetentionSeconds / (daysPerMonth * 86_400);
  const storedGb =
    ((deliveries * a.bytesPerDelivery + attempts * a.bytesPerAttempt) *
      costAssumptions.storageOverheadFactor *
      retainedMonths) /
    1024 ** 3;
  const usd = {
    sqs: (sqsRequests / 1e6) * prices.sqsStandardRequestsPerMillion,
    lambda:
      ((events + attempts) / 1e6) * prices.lambdaRequestsPerMillion + gbSeconds * prices.lambdaArmGbSecond,
    dynamodb:
      ((deliveries * a.writeUnitsPerDelivery + attempts * a.writeUnitsPerAttempt) / 1e6) *
        prices.dynamodbWriteRequestUnitsPerMillion +
      ((events * a.readUnitsPerDelivery + attempts * a.readUnitsPerAttempt) / 1e6) *
        prices.dynamodbReadRequestUnitsPerMillion,
    storage: storedGb * (prices.dynamodbStorageGbMonth + prices.dynamodbPointInTimeRecoveryGbMonth),
  };
  const usdPerMonth = usd.sqs + usd.lambda + usd.dynamodb + usd.storage;
  return { chargers, deliveries, attempts, usd, usdPerMonth, usdPerChargerMonth: usdPerMonth / chargers };
};

/** The lines `npm run cost` prints. */
export const webhookDeliveryLines = (
  prices: Prices,
  figures: MeasuredFigures,
  chargers: number = target.chargers,
): string => {
  const reference = webhookDeliveryCost(prices, figures, { chargers });
  const all = webhookDeliveryCost(prices, figures, { chargers, allEvents: true });
  const per = (cost: typeof reference) => `$${cost.usdPerChargerMonth.toFixed(5)} per charger-month`;
  const perMillion = (reference.usdPerMonth / reference.deliveries) * 1e6;
  return (
    `Webhook delivery (not in the totals): ${Math.round(reference.deliveries / chargers)} deliveries per ` +
    `charger-month (one webhook per tenant for session starts and ends, status changes and command outcomes; 5 % ` +
    `retried 3 times) at ${chargers.toLocaleString('en-US')} chargers: $${reference.usdPerMonth.toFixed(2)} a month, ` +
    `${per(reference)} (SQS $${reference.usd.sqs.toFixed(2)}, Lambda $${reference.usd.lambda.toFixed(2)}, ` +
    `DynamoDB $${reference.usd.dynamodb.toFixed(2)}, 30-day log $${reference.usd.storage.toFixed(2)}); ` +
    `about $${perMillion.toFixed(0)} per million deliveries.\n` +
    `A webhook for "*" (every bus event, ${Math.round(all.deliveries / chargers)} a charger-month): ${per(all)}.`
  );
};
