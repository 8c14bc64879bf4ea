import type { AwsCall, AwsCallObserver } from '../config.ts';

/** The DynamoDB operations that accept `ReturnConsumedCapacity`. */
const capacityOperations = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

type Handler<A, R> = (args: A) => Promise<R>;
type ConsumedCapacity = NonNullable<AwsCall['consumedCapacity']>[number];

const asList = (capacity: unknown): ConsumedCapacity[] | undefined =>
  capacity === undefined
    ? undefined
    : ((Array.isArray(capacity) ? capacity : [capacity]) as ConsumedCapacity[]);

/** Writes whose old item DynamoDB returns (`ReturnValues: 'ALL_OLD'`) at no cost in units. */
const oldItemOperations = new Set(['PutItem', 'DeleteItem']);
/** Writes whose new item DynamoDB returns (`ReturnValues: 'ALL_NEW'`) at no cost in units. */
const newItemOperations = new Set(['UpdateItem']);

/**
 * SDK middleware (initialize step) that reports every call of a client to `observer`. On DynamoDB it also asks
 * for `ReturnConsumedCapacity: 'TOTAL'`, so that the observer gets the units each call consumed, for the old
 * item of a put or delete and the new item of an update that asked for nothing else (what the table really grows
 * or shrinks by; the callers ignore it).
 */
export const awsCallObserverMiddleware =
  (service: AwsCall['service'], observer: AwsCallObserver) =>
  <A extends { input: object }, R extends { output: object }>(
    next: Handler<A, R>,
    context: { commandName?: string },
  ): Handler<A, R> =>
  async (args) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const counted = service === 'dynamodb' && capacityOperations.has(operation);
    const asksNothing = counted && (args.input as { ReturnValues?: unknown }).ReturnValues === undefined;
    const oldItem = asksNothing && oldItemOperations.has(operation);
    const newItem = asksNothing && newItemOperations.has(operation);
    const request = counted
      ? {
          ...args,
          input: {
            ...args.input,
            ReturnConsumedCapacity: 'TOTAL',
            ...(oldItem && { ReturnValues: 'ALL_OLD' }),
            ...(newItem && { ReturnValues: 'ALL_NEW' }),
          },
        }
      : args;
    const input = request.input as Readonly<Record<string, unknown>>;
    let result: R;
    try {
      result = await next(request);
    } catch (error) {
      observer({ service, operation, input, error: error instanceof Error ? error.name : String(error) });
      throw error;
    }
    const consumedCapacity = asList((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
    const attributes = (result.output as { Attributes?: unknown }).Attributes;
    const replacedItem = oldItemOperations.has(operation) ? attributes : undefined;
    const updatedItem = newItem ? attributes : undefined;
    observer({
      service,
      operation,
      input,
      ...(consumedCapacity && { consumedCapacity }),
      ...(replacedItem !== undefined && { replacedItem }),
      ...(updatedItem !== undefined && { updatedItem }),
    });
    return result;
  };
