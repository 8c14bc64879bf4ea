import type { HttpRequest, HttpResponse } from '@smithy/types';
import { tableDesign } from '../shared/topology/table.ts';

/**
 * The local runtime's copy of the tenant role's DynamoDB statement (lib/constructs/tenant-data-role.ts): a
 * request of a client scoped to tenant `t` passes only if every partition key it names is `TENANT#t` or starts
 * with `TENANT#t#` — `dynamodb:LeadingKeys` with `ForAllValues:StringLike`. As on AWS the key checked is the
 * table's `PK` for item operations and every item of a batch or transaction, and the index's partition key
 * (`GSI1PK`) for a Query on an index; Scan and PartiQL name no leading key, so the role does not allow them.
 * A refused request gets DynamoDB's own AccessDeniedException, so a handler fails as it would on AWS.
 */

type AttributeValue = { readonly S?: string };
type Key = Readonly<Record<string, AttributeValue | undefined>>;
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB's JSON request shapes, read field by field.
type Input = any;

const partitionKeyOfIndex = (indexName: string | undefined): string | undefined =>
  indexName === undefined
    ? tableDesign.partitionKey
    : tableDesign.globalSecondaryIndexes.find((index) => index.indexName === indexName)?.partitionKey;

const leadingKeyOf = (key: Key | undefined): string | undefined => key?.[tableDesign.partitionKey]?.S;

/** The value the key condition requires of `attribute` (`#pk = :pk`, names and values resolved), if any. */
const equalityOn = (input: Input, attribute: string): string | undefined => {
  if (input.KeyConditions) return input.KeyConditions[attribute]?.AttributeValueList?.[0]?.S;
  const expression: string = input.KeyConditionExpression ?? '';
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  const values: Record<string, AttributeValue> = input.ExpressionAttributeValues ?? {};
  const name = (token: string) => (token.startsWith('#') ? names[token] : token);
  for (const match of expression.matchAll(/([#:]?[\w.-]+)\s*=\s*([#:]?[\w.-]+)/g)) {
    const [, left = '', right = ''] = match;
    if (name(left) === attribute && right.startsWith(':')) return values[right]?.S;
    if (name(right) === attribute && left.startsWith(':')) return values[left]?.S;
  }
  return undefined;
};

/**
 * The partition keys a request names, one per item it touches; undefined for an operation the tenant role does
 * not allow (Scan, PartiQL, table management) or a key it cannot read.
 */
export const leadingKeysOf = (operation: string, input: Input): (string | undefined)[] | undefined => {
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [leadingKeyOf(input.Key)];
    case 'PutItem':
      return [leadingKeyOf(input.Item)];
    case 'Query': {
      const attribute = partitionKeyOfIndex(input.IndexName);
      return attribute === undefined ? undefined : [equalityOn(input, attribute)];
    }
    case 'BatchGetItem':
      return Object.values(input.RequestItems ?? {}).flatMap((request: Input) =>
        (request.Keys ?? []).map(leadingKeyOf),
      );
    case 'BatchWriteItem':
      return Object.values(input.RequestItems ?? {}).flatMap((requests: Input) =>
        (requests as Input[]).map((request) =>
          leadingKeyOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
        ),
      );
    case 'TransactGetItems':
      return (input.TransactItems ?? []).map((item: Input) => leadingKeyOf(item.Get?.Key));
    case 'TransactWriteItems':
      return (input.TransactItems ?? []).map((item: Input) =>
        leadingKeyOf(item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key),
      );
    default:
      return undefined;
  }
};

/** `TENANT#t` (the tenant's own record) or `TENANT#t#…`: the two patterns of the role's condition. */
export const isKeyOfTenant = (tenantId: string, key: string): boolean =>
  key === `TENANT#${tenantId}` || key.startsWith(`TENANT#${tenantId}#`);

const bodyText = (body: unknown): string =>
  typeof body === 'string'
    ? body
    : ArrayBuffer.isView(body)
      ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
      : '';

const accessDenied = (tenantId: string, operation: string, table: string, why: string): HttpResponse => ({
  statusCode: 400,
  headers: {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': 'AccessDeniedException',
    'x-amzn-requestid': 'local-tenant-policy',
  },
  body: Buffer.from(
    JSON.stringify({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      message:
        `User: arn:aws:sts::000000000000:assumed-role/csms-tenant/tenant-${tenantId} is not authorized to ` +
        `perform: dynamodb:${operation} on resource: arn:aws:dynamodb:local:000000000000:table/${table} ` +
        `(local tenant policy: ${why})`,
    }),
  ),
});

/**
 * The authorization of a DynamoDB client scoped to `tenantId`, for `createInProcessRequestHandler`: undefined
 * lets the request through, a response refuses it.
 */
export const tenantKeyPolicy =
  (tenantId: string) =>
  (request: HttpRequest): HttpResponse | undefined => {
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
    const operation = target.slice(target.indexOf('.') + 1);
    let input: Input;
    try {
      input = JSON.parse(bodyText(request.body) || '{}');
    } catch {
      return accessDenied(tenantId, operation, '?', 'unreadable request');
    }
    const table = String(input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '?');
    const leadingKeys = leadingKeysOf(operation, input);
    if (leadingKeys === undefined)
      return accessDenied(tenantId, operation, table, `${operation || 'this operation'} is not allowed`);
    const refused = leadingKeys.findIndex((key) => key === undefined || !isKeyOfTenant(tenantId, key));
    if (refused >= 0) {
      const key = leadingKeys[refused];
      const why =
        key === undefined ? 'no leading key found' : `key ${JSON.stringify(key)} is not the tenant's`;
      return accessDenied(tenantId, operation, table, why);
    }
    return undefined;
  };
