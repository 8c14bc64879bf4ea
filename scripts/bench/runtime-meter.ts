import { matchesEventPattern } from '../../local/event-pattern.ts';
import {
  currentInvocation,
  type Invocation,
  type InvocationListener,
} from '../../local/invocation-context.ts';
import type { AwsCall } from '../../shared/config.ts';
import { eventRules } from '../../shared/topology/event-rules.ts';
import type { FunctionId } from '../../shared/topology/functions.ts';
import { labelOf } from './message-labels.ts';

/** What the invocations of one label cost, summed: divide by `invocations` for one message. */
export interface LabelUsage {
  functionId: FunctionId | 'none';
  action: string;
  ocppVersion?: string;
  failed: boolean;
  invocations: number;
  /** Invocations that wrote to DynamoDB at least once. */
  invocationsWithWrites: number;
  localHandlerMs: number;
  dynamodb: {
    readRequests: number;
    writeRequests: number;
    readUnits: number;
    /** Table units as reported, plus estimated index units, plus 1 per failed conditional write. */
    writeUnits: number;
    indexWriteUnits: number;
    failedConditionalWrites: number;
    /**
     * What the table grows by (JSON size): bytes of the new items put; of a put that replaced an item (the
     * observer asks DynamoDB for the old one), what it grew by (the session a TransactionEnded rewrites). A
     * delete takes an item's bytes back from the label that put it, if the meter saw that (the active-session
     * entry a TransactionEnded deletes, the connection `$disconnect` deletes), so each label's retention
     * applies to what its items still hold; items put before the meter started and deleted count nothing.
     */
    itemBytesPut: number;
    /**
     * What the table's index (GSI1, every attribute projected) grows by: the same accounting for the items that
     * carry an index key. Index storage is billed like the table's (point-in-time recovery covers only the table).
     */
    indexBytesPut: number;
    operations: Record<string, number>;
  };
  events: Record<string, number>;
  putEventsCalls: number;
  workflowStarts: Record<string, number>;
  connectionManagement: Record<string, number>;
  /** WebSocket / HTTP payload bytes: the frame received and the answer the invocation returned (two-way routes). */
  bytesIn: number;
  bytesOut: number;
  /** Bytes of the frames sent to chargers with PostToConnection (on the one-way `$default`, the answers). */
  postedBytes: number;
  /**
   * WebSocket frames sent to chargers: one per PostToConnection and one per answer body returned. The one-way
   * `$default` posts its answer, so "one answer per message" is measured here, not assumed.
   */
  framesOut: number;
}

const emptyUsage = (): Omit<LabelUsage, 'functionId' | 'action' | 'failed'> => ({
  invocations: 0,
  invocationsWithWrites: 0,
  localHandlerMs: 0,
  dynamodb: {
    readRequests: 0,
    writeRequests: 0,
    readUnits: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    failedConditionalWrites: 0,
    itemBytesPut: 0,
    indexBytesPut: 0,
    operations: {},
  },
  events: {},
  putEventsCalls: 0,
  workflowStarts: {},
  connectionManagement: {},
  bytesIn: 0,
  bytesOut: 0,
  postedBytes: 0,
  framesOut: 0,
});

type Usage = ReturnType<typeof emptyUsage>;

const readOperations = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
/**
 * Sort keys of the items that GSI1 indexes (keys.ts). dynalite reports table units only; DynamoDB also charges
 * the index write, the same units again with its ALL projection. Puts show GSI1PK themselves.
 */
const indexedSortKeys = new Set(['CS', 'TX', 'SITE', 'APIKEY', 'TENANT', 'IDTOKEN']);

const add = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

const unitsOf = (call: AwsCall) =>
  (call.consumedCapacity ?? []).reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);

const isIndexed = (call: AwsCall): boolean => {
  const { input } = call;
  if (call.operation === 'PutItem')
    return (input.Item as Record<string, unknown> | undefined)?.GSI1PK !== undefined;
  const sortKey = (input.Key as { SK?: unknown } | undefined)?.SK;
  return typeof sortKey === 'string' && indexedSortKeys.has(sortKey);
};

/** A key attribute as the document client or the low-level client gives it. */
const keyPart = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  const s = (value as { S?: unknown } | undefined)?.S;
  return typeof s === 'string' ? s : undefined;
};

/** `PK SK` of an item or key, if it has both. */
const itemKey = (item: unknown): string | undefined => {
  const { PK, SK } = (item ?? {}) as { PK?: unknown; SK?: unknown };
  const pk = keyPart(PK);
  const sk = keyPart(SK);
  return pk !== undefined && sk !== undefined ? `${pk}\u0000${sk}` : undefined;
};

/** The bytes an item adds to the index: all of it when it carries an index key (GSI1 projects every attribute). */
const indexedBytes = (item: unknown): number =>
  (item as { GSI1PK?: unknown } | undefined)?.GSI1PK !== undefined ? byteLength(item) : 0;

/** Binary attributes count their bytes (as DynamoDB sizes them), not the JSON of their elements. */
const binaryAsBytes = (_key: string, value: unknown): unknown =>
  value instanceof Uint8Array ? 'x'.repeat(value.byteLength) : value;

const byteLength = (value: unknown): number =>
  typeof value === 'string'
    ? Buffer.byteLength(value)
    : value instanceof Uint8Array
      ? value.byteLength
      : value === undefined
        ? 0
        : Buffer.byteLength(JSON.stringify(value, binaryAsBytes));

/**
 * Counts what the local runtime's handlers do, per message type: DynamoDB requests and units (from
 * ReturnConsumedCapacity), events and the workflows their rules start, connection management calls, bytes.
 * Calls are attributed to the invocation they ran in (AsyncLocalStorage), and its label is fixed when it ends.
 */
export const createRuntimeMeter = () => {
  let labels = new Map<string, LabelUsage>();
  let running = new WeakMap<Invocation, Usage>();
  let finished = new WeakMap<Invocation, LabelUsage>();
  /**
   * Items put since the meter started: their size and whose usage counted them. The owner is one cell per
   * invocation, pointed at its label's record once the invocation has finished (no event is kept alive).
   */
  let stored = new Map<string, { bytes: number; indexBytes: number; owner: { usage: Usage } }>();
  let owners = new WeakMap<Invocation, { usage: Usage }>();
  const ownerNow = (usage: Usage): { usage: Usage } => {
    const invocation = currentInvocation.getStore();
    if (!invocation) return { usage };
    let owner = owners.get(invocation);
    if (!owner) {
      owner = { usage };
      owners.set(invocation, owner);
    }
    return owner;
  };

  const usageOf = (
    label: { label: string; action: string; ocppVersion?: string; failed: boolean },
    functionId: FunctionId | 'none',
  ) => {
    let usage = labels.get(label.label);
    if (!usage) {
      usage = {
        functionId,
        action: label.action,
        ...(label.ocppVersion && { ocppVersion: label.ocppVersion }),
        failed: label.failed,
        ...emptyUsage(),
      };
      labels.set(label.label, usage);
    }
    return usage;
  };

  /** The usage record an AWS call belongs to right now. */
  const currentUsage = (): Usage => {
    const invocation = currentInvocation.getStore();
    if (!invocation) return usageOf({ label: 'outside any invocation', action: '-', failed: false }, 'none');
    const done = finished.get(invocation);
    if (done) return done;
    let usage = running.get(invocation);
    if (!usage) {
      usage = emptyUsage();
      running.set(invocation, usage);
    }
    return usage;
  };

  /** Takes an item's bytes back from the usage that counted them, when the item is replaced or deleted. */
  const release = (key: string | undefined) => {
    const item = key === undefined ? undefined : stored.get(key);
    if (!item || key === undefined) return;
    stored.delete(key);
    item.owner.usage.dynamodb.itemBytesPut -= item.bytes;
    item.owner.usage.dynamodb.indexBytesPut -= item.indexBytes;
  };

  const observe = (call: AwsCall): void => {
    const usage = currentUsage();
    if (call.service === 'dynamodb') {
      const ddb = usage.dynamodb;
      add(ddb.operations, call.error ? `${call.operation} (${call.error})` : call.operation);
      const units = unitsOf(call);
      if (readOperations.has(call.operation)) {
        ddb.readRequests += 1;
        ddb.readUnits += units;
      } else if (writeOperations.has(call.operation)) {
        ddb.writeRequests += 1;
        const failedCondition = call.error === 'ConditionalCheckFailedException';
        // A failed conditional write is still charged: at least one unit.
        const tableUnits = failedCondition ? 1 : units;
        const indexUnits = !call.error && isIndexed(call) ? units : 0;
        ddb.writeUnits += tableUnits + indexUnits;
        ddb.indexWriteUnits += indexUnits;
        if (failedCondition) ddb.failedConditionalWrites += 1;
        if (call.operation === 'PutItem' && !call.error) {
          const bytes = byteLength(call.input.Item);
          const indexBytes = indexedBytes(call.input.Item);
          if (call.replacedItem !== undefined) {
            // A replaced item: only what it grew by is new, and the label that put it keeps its bytes. So a
            // short run, whose sessions mostly end after it, still prices each end as what it adds.
            ddb.itemBytesPut += Math.max(0, bytes - byteLength(call.replacedItem));
            ddb.indexBytesPut += Math.max(0, indexBytes - indexedBytes(call.replacedItem));
          } else {
            const key = itemKey(call.input.Item);
            ddb.itemBytesPut += bytes;
            ddb.indexBytesPut += indexBytes;
            if (key !== undefined) stored.set(key, { bytes, indexBytes, owner: ownerNow(usage) });
          }
        }
        if (call.operation === 'UpdateItem' && !call.error && call.updatedItem !== undefined) {
          // An update of an item put in the run (a ledger that drops its copies once published): what it grew
          // or shrank by goes to the label that updated it. Items put before the run: their old size is unknown.
          const item = stored.get(itemKey(call.input.Key) ?? '');
          if (item) {
            const bytes = byteLength(call.updatedItem);
            const indexBytes = indexedBytes(call.updatedItem);
            ddb.itemBytesPut += bytes - item.bytes;
            ddb.indexBytesPut += indexBytes - item.indexBytes;
            item.bytes = bytes;
            item.indexBytes = indexBytes;
          }
        }
        if (call.operation === 'DeleteItem' && !call.error) {
          const key = itemKey(call.input.Key);
          if (key !== undefined && stored.has(key)) release(key);
          // An item put before the run (a session's active markers, ended now): the delete frees its bytes, so a
          // start and its end add up to what the session keeps, whichever side of the run each falls on.
          else if (call.replacedItem !== undefined) {
            ddb.itemBytesPut -= byteLength(call.replacedItem);
            ddb.indexBytesPut -= indexedBytes(call.replacedItem);
          }
        }
      }
    } else if (call.service === 'eventbridge' && call.operation === 'PutEvents') {
      usage.putEventsCalls += 1;
      for (const entry of (call.input.Entries ?? []) as {
        Source?: string;
        DetailType?: string;
        Detail?: string;
      }[]) {
        add(usage.events, entry.DetailType ?? '?');
        const event = {
          source: entry.Source,
          'detail-type': entry.DetailType,
          detail: JSON.parse(entry.Detail ?? '{}') as unknown,
        };
        for (const rule of eventRules) {
          if (!matchesEventPattern(rule.pattern, event)) continue;
          if ('stateMachine' in rule.target) add(usage.workflowStarts, rule.target.stateMachine);
        }
      }
    } else if (call.service === 'apigateway') {
      add(usage.connectionManagement, call.operation);
      if (call.operation === 'PostToConnection' && !call.error) {
        usage.postedBytes += byteLength(call.input.Data);
        usage.framesOut += 1;
      }
    }
  };

  const merge = (into: Usage, from: Usage) => {
    into.invocations += from.invocations;
    into.invocationsWithWrites += from.invocationsWithWrites;
    into.localHandlerMs += from.localHandlerMs;
    for (const key of Object.keys(from.dynamodb) as (keyof Usage['dynamodb'])[]) {
      if (key === 'operations') {
        for (const [operation, n] of Object.entries(from.dynamodb.operations))
          add(into.dynamodb.operations, operation, n);
      } else into.dynamodb[key] += from.dynamodb[key];
    }
    for (const [name, n] of Object.entries(from.events)) add(into.events, name, n);
    for (const [name, n] of Object.entries(from.workflowStarts)) add(into.workflowStarts, name, n);
    for (const [name, n] of Object.entries(from.connectionManagement))
      add(into.connectionManagement, name, n);
    into.putEventsCalls += from.putEventsCalls;
    into.bytesIn += from.bytesIn;
    into.bytesOut += from.bytesOut;
    into.postedBytes += from.postedBytes;
    into.framesOut += from.framesOut;
  };

  const onInvocation: InvocationListener = (invocation, outcome) => {
    const usage = running.get(invocation) ?? emptyUsage();
    running.delete(invocation);
    usage.invocations = 1;
    usage.invocationsWithWrites = usage.dynamodb.writeRequests > 0 ? 1 : 0;
    usage.localHandlerMs = outcome.durationMs;
    usage.bytesIn = byteLength((invocation.event as { body?: unknown }).body);
    const answer = (outcome.result as { body?: unknown } | undefined)?.body;
    usage.bytesOut = byteLength(answer);
    if (typeof answer === 'string') usage.framesOut += 1;
    const target = usageOf(labelOf(invocation, outcome), invocation.functionId);
    merge(target, usage);
    finished.set(invocation, target);
    // Bytes of its items released later come off the label's record, where they were merged.
    const owner = owners.get(invocation);
    if (owner) owner.usage = target;
  };

  return {
    observe,
    onInvocation,
    /** Usage per label so far (a copy). */
    snapshot(): Record<string, LabelUsage> {
      return structuredClone(Object.fromEntries([...labels].sort(([a], [b]) => a.localeCompare(b))));
    },
    /** Starts counting afresh (e.g. after provisioning, before a phase). */
    reset(): void {
      labels = new Map();
      running = new WeakMap();
      finished = new WeakMap();
      stored = new Map();
      owners = new WeakMap();
    },
  };
};

export type RuntimeMeter = ReturnType<typeof createRuntimeMeter>;
