import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const price = z.object({ usd: z.number().nonnegative(), source: z.string().min(1) });

const priceFileSchema = z.object({
  date: z.iso.date(),
  region: z.string().min(1),
  currency: z.literal('USD'),
  note: z.string(),
  prices: z.object({
    apiGatewayWebSocketMessagesPerMillion: price,
    apiGatewayWebSocketConnectionMinutesPerMillion: price,
    apiGatewayHttpRequestsPerMillion: price,
    lambdaRequestsPerMillion: price,
    lambdaArmGbSecond: price,
    dynamodbWriteRequestUnitsPerMillion: price,
    dynamodbReadRequestUnitsPerMillion: price,
    dynamodbStorageGbMonth: price,
    dynamodbPointInTimeRecoveryGbMonth: price,
    eventBridgeCustomEventsPerMillion: price,
    stepFunctionsStandardTransitionsPerThousand: price,
    stepFunctionsExpressRequestsPerMillion: price,
    stepFunctionsExpressGbSecond: price,
    cloudFrontHttpsRequestsPerTenThousand: price,
    cloudFrontDataTransferOutPerGb: price,
    cloudFrontDataTransferToOriginPerGb: price,
    cloudWatchLogsIngestionPerGb: price,
    cloudWatchDashboardPerMonth: price,
    cloudWatchAlarmMetricPerMonth: price,
    cloudWatchCustomMetricPerMonth: price,
    xrayTracesRecordedPerMillion: price,
    sqsStandardRequestsPerMillion: price,
  }),
});

export type PriceFile = z.infer<typeof priceFileSchema>;
export type PriceName = keyof PriceFile['prices'];
/** Just the numbers, in USD per the unit each name states. */
export type Prices = Record<PriceName, number>;

export const defaultPriceFile = fileURLToPath(new URL('./aws-prices-2026-11.json', import.meta.url));

export const loadPriceFile = (path = defaultPriceFile): PriceFile =>
  priceFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

export const pricesOf = (file: PriceFile): Prices =>
  Object.fromEntries(Object.entries(file.prices).map(([name, { usd }]) => [name, usd])) as Prices;
