import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoIncidentRepository } from '../../shared/slices/self-healing/adapters/dynamodb-incident-repository.ts';
import { createDynamoSelfHealingRepository } from '../../shared/slices/self-healing/adapters/dynamodb-self-healing-repository.ts';
import type { AttemptStep, FaultedIncident, HealingAttempt } from '../../shared/slices/self-healing/model.ts';
import { aDocumentClient, conditionFailed, tableName } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const healing = () => createDynamoSelfHealingRepository(aDocumentClient(), tableName);
const incidents = () => createDynamoIncidentRepository(aDocumentClient(), tableName);

const at = '2026-06-01T10:00:00.000Z';
const lease = '2026-06-01T10:15:00.000Z';
const attemptKey = { PK: 'TENANT#tenant-a#CS#cp-1', SK: 'HEAL' };
const incidentKey = { PK: 'TENANT#tenant-a#INCIDENT#inc-1', SK: 'INCIDENT' };
const runningGuard = {
  ExpressionAttributeNames: { '#status': 'status' },
  values: { ':attemptId': 'exec-1', ':running': 'running' },
};

const anAttempt = (overrides: Partial<HealingAttempt> = {}): HealingAttempt => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  attemptId: 'exec-1',
  status: 'running',
  faultedSince: at,
  startedAt: at,
  steps: [],
  leaseUntil: lease,
  ...overrides,
});

const softReset: AttemptStep = { step: 'softReset', at };

const anIncident = (overrides: Partial<FaultedIncident> = {}): FaultedIncident => ({
  tenantId: 'tenant-a',
  kind: 'faulted',
  incidentId: 'inc-1',
  chargerId: 'cp-1',
  siteId: 'site-1',
  status: 'open',
  attemptId: 'exec-1',
  connectors: [{ evseId: 1, connectorId: 1 }],
  resets: 2,
  faultedSince: at,
  openedAt: at,
  ...overrides,
});

const storedIncident = (incident: FaultedIncident) => ({
  ...keys.incident(incident.tenantId, incident.incidentId),
  ...keys.incidentIndex(incident.tenantId, incident.openedAt, incident.incidentId),
  type: 'Incident',
  ...incident,
});

const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds', $metadata: {} });

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDB self-healing repository', () => {
  it('puts the settings in the tenant’s own item and reads them back strongly consistent, without key attributes', async () => {
    // Prepare
    const settings = {
      tenantId: 'tenant-a',
      enabled: true,
      faultedDelaySeconds: 120,
      maxResets: 3,
      rebootWaitSeconds: 90,
    };
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({
      Item: { PK: 'TENANT#tenant-a#SELFHEAL', SK: 'SELFHEAL', type: 'SelfHealingSettings', ...settings },
    });

    // Act
    await healing().putSettings(settings);
    const read = await healing().getSettings('tenant-a');

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: { PK: 'TENANT#tenant-a#SELFHEAL', SK: 'SELFHEAL', type: 'SelfHealingSettings', ...settings },
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: { PK: 'TENANT#tenant-a#SELFHEAL', SK: 'SELFHEAL' },
      ConsistentRead: true,
    });
    expect(read).toEqual(settings);
  });

  it('reads the charger’s attempt strongly consistent; none stored: undefined', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { ...attemptKey, type: 'HealingAttempt', ...anAttempt() } })
      .resolvesOnce({});

    // Act
    const found = await healing().getAttempt('tenant-a', 'cp-1');
    const missing = await healing().getAttempt('tenant-a', 'cp-2');

    // Assess
    expect(found).toEqual(anAttempt());
    expect(missing).toBeUndefined();
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: tableName, Key: attemptKey, ConsistentRead: true },
      { TableName: tableName, Key: { PK: 'TENANT#tenant-a#CS#cp-2', SK: 'HEAL' }, ConsistentRead: true },
    ]);
  });

  it('claims the charger with a put that holds when no attempt runs or its lease lapsed', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const claimed = await healing().claimAttempt(anAttempt(), new Date(at));
    const taken = await healing().claimAttempt(anAttempt({ attemptId: 'exec-2' }), new Date(at));

    // Assess
    expect([claimed, taken]).toEqual([true, false]);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: { ...attemptKey, type: 'HealingAttempt', ...anAttempt() },
      ConditionExpression: 'attribute_not_exists(PK) OR #status <> :running OR leaseUntil < :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running', ':now': at },
    });
  });

  it('appends a step only to the running attempt of that id with that many steps, renewing its lease', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const recorded = await healing().recordStep('tenant-a', 'cp-1', 'exec-1', 1, softReset, lease);
    const retried = await healing().recordStep('tenant-a', 'cp-1', 'exec-1', 1, softReset, lease);

    // Assess
    expect([recorded, retried]).toEqual([true, false]);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: attemptKey,
      UpdateExpression: 'SET steps = list_append(steps, :step), leaseUntil = :lease',
      ConditionExpression: 'attemptId = :attemptId AND #status = :running AND size(steps) = :before',
      ExpressionAttributeNames: runningGuard.ExpressionAttributeNames,
      ExpressionAttributeValues: {
        ...runningGuard.values,
        ':step': [softReset],
        ':lease': lease,
        ':before': 1,
      },
    });
  });

  it('completes a step by its index under the same guard; a failed condition changes nothing and passes', async () => {
    // Prepare
    const sent: AttemptStep = { ...softReset, result: 'sent', commandId: 'cmd-1' };
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    await healing().completeStep('tenant-a', 'cp-1', 'exec-1', 2, sent);
    const superseded = healing().completeStep('tenant-a', 'cp-1', 'exec-1', 2, sent);

    // Assess
    await expect(superseded).resolves.toBeUndefined();
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: attemptKey,
      UpdateExpression: 'SET steps[2] = :step',
      ConditionExpression: 'attemptId = :attemptId AND #status = :running AND size(steps) > :index',
      ExpressionAttributeNames: runningGuard.ExpressionAttributeNames,
      ExpressionAttributeValues: { ...runningGuard.values, ':step': sent, ':index': 2 },
    });
  });

  it.each([1.5, -1, Number.NaN])('refuses step index %s before writing anything', async (index) => {
    // Act
    const completing = healing().completeStep('tenant-a', 'cp-1', 'exec-1', index, softReset);

    // Assess
    await expect(completing).rejects.toThrow('invalid step index');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('renews and closes only the running attempt of that id', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(conditionFailed())
      .resolvesOnce({})
      .rejectsOnce(conditionFailed());
    const close = { outcome: 'recovered', closedAt: lease } as const;

    // Act
    const renewed = await healing().renew('tenant-a', 'cp-1', 'exec-1', lease);
    const notRenewed = await healing().renew('tenant-a', 'cp-1', 'exec-1', lease);
    const closed = await healing().close('tenant-a', 'cp-1', 'exec-1', close);
    const notClosed = await healing().close('tenant-a', 'cp-1', 'exec-1', close);

    // Assess
    expect([renewed, notRenewed, closed, notClosed]).toEqual([true, false, true, false]);
    const [renew, , closing] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(renew).toEqual({
      TableName: tableName,
      Key: attemptKey,
      UpdateExpression: 'SET leaseUntil = :lease',
      ConditionExpression: 'attemptId = :attemptId AND #status = :running',
      ExpressionAttributeNames: runningGuard.ExpressionAttributeNames,
      ExpressionAttributeValues: { ...runningGuard.values, ':lease': lease },
    });
    expect(closing).toEqual({
      TableName: tableName,
      Key: attemptKey,
      UpdateExpression: 'SET #status = :closed, outcome = :outcome, closedAt = :closedAt',
      ConditionExpression: 'attemptId = :attemptId AND #status = :running',
      ExpressionAttributeNames: runningGuard.ExpressionAttributeNames,
      ExpressionAttributeValues: {
        ...runningGuard.values,
        ':closed': 'closed',
        ':outcome': 'recovered',
        ':closedAt': lease,
      },
    });
  });

  it.each([
    ['claimAttempt', () => healing().claimAttempt(anAttempt(), new Date(at))],
    ['recordStep', () => healing().recordStep('tenant-a', 'cp-1', 'exec-1', 0, softReset, lease)],
    ['completeStep', () => healing().completeStep('tenant-a', 'cp-1', 'exec-1', 0, softReset)],
    ['renew', () => healing().renew('tenant-a', 'cp-1', 'exec-1', lease)],
    ['close', () => healing().close('tenant-a', 'cp-1', 'exec-1', { outcome: 'incident', closedAt: at })],
  ])('%s lets any other failure than the condition through', async (_, write) => {
    // Prepare
    ddb.on(PutCommand).rejects(throttled());
    ddb.on(UpdateCommand).rejects(throttled());

    // Act
    const writing = write();

    // Assess
    await expect(writing).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});

describe('DynamoDB incident repository', () => {
  it('puts an incident under its id, indexed by opening time, only if absent', async () => {
    // Prepare
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const opened = await incidents().open(anIncident());
    const retried = await incidents().open(anIncident());

    // Assess
    expect([opened, retried]).toEqual([true, false]);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        ...incidentKey,
        GSI1PK: 'TENANT#tenant-a#INCIDENTS',
        GSI1SK: `${at}#inc-1`,
        type: 'Incident',
        ...anIncident(),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('gets an incident strongly consistent, without key attributes', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: storedIncident(anIncident()) })
      .resolvesOnce({});

    // Act
    const found = await incidents().get('tenant-a', 'inc-1');
    const missing = await incidents().get('tenant-a', 'inc-2');

    // Assess
    expect(found).toEqual(anIncident());
    expect(missing).toBeUndefined();
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: incidentKey,
      ConsistentRead: true,
    });
  });

  it('lists unfiltered with one query of the tenant’s index partition, newest first, limit + 1 items', async () => {
    // Prepare
    const listed = ['c', 'b', 'a'].map((id) => storedIncident(anIncident({ incidentId: id })));
    ddb.on(QueryCommand).resolves({ Items: listed });

    // Act
    const page = await incidents().list('tenant-a', { limit: 2 });

    // Assess
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#tenant-a#INCIDENTS' },
        ScanIndexForward: false,
        Limit: 3,
      },
    ]);
    expect(page).toEqual({
      items: [anIncident({ incidentId: 'c' }), anIncident({ incidentId: 'b' })],
      cursor: encodeCursor({
        PK: 'TENANT#tenant-a#INCIDENT#b',
        SK: 'INCIDENT',
        GSI1PK: 'TENANT#tenant-a#INCIDENTS',
        GSI1SK: `${at}#b`,
      }),
    });
  });

  it('filters by every field asked, a site-limited key’s sites with IN, and starts at the cursor', async () => {
    // Prepare
    const start = {
      PK: 'TENANT#tenant-a#INCIDENT#x',
      SK: 'INCIDENT',
      GSI1PK: 'TENANT#tenant-a#INCIDENTS',
      GSI1SK: `${at}#x`,
    };
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    const page = await incidents().list('tenant-a', {
      chargerId: 'cp-1',
      siteId: 'site-1',
      status: 'open',
      siteIds: ['site-1', 'site-2'],
      limit: 10,
      cursor: encodeCursor(start)!,
    });

    // Assess
    expect(page).toEqual({ items: [] });
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: {
          ':pk': 'TENANT#tenant-a#INCIDENTS',
          ':chargerId': 'cp-1',
          ':siteId': 'site-1',
          ':status': 'open',
          ':site0': 'site-1',
          ':site1': 'site-2',
        },
        FilterExpression:
          '#chargerId = :chargerId AND #siteId = :siteId AND #status = :status AND #siteId IN (:site0, :site1)',
        ExpressionAttributeNames: { '#chargerId': 'chargerId', '#siteId': 'siteId', '#status': 'status' },
        ScanIndexForward: false,
        Limit: 250,
        ExclusiveStartKey: start,
      },
    ]);
  });

  it('reads filtered batches until the page is full, and cuts its cursor at the last incident returned', async () => {
    // Prepare
    const item = (id: string) => storedIncident(anIncident({ incidentId: id }));
    const between = { PK: 'p', SK: 's', GSI1PK: 'TENANT#tenant-a#INCIDENTS', GSI1SK: 'k' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('d')], LastEvaluatedKey: between })
      .resolvesOnce({ Items: [item('c'), item('b')], LastEvaluatedKey: { ...between, GSI1SK: 'j' } });

    // Act
    const page = await incidents().list('tenant-a', { status: 'open', limit: 2 });

    // Assess
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.ExclusiveStartKey)).toEqual([undefined, between]);
    expect(page.items.map((incident) => incident.incidentId)).toEqual(['d', 'c']);
    expect(page.cursor).toBe(
      encodeCursor({
        PK: 'TENANT#tenant-a#INCIDENT#c',
        SK: 'INCIDENT',
        GSI1PK: 'TENANT#tenant-a#INCIDENTS',
        GSI1SK: `${at}#c`,
      }),
    );
  });

  it('answers a shorter page with the cursor where it stopped after 8 filtered batches', async () => {
    // Prepare
    const lastKey = { PK: 'p', SK: 's', GSI1PK: 'TENANT#tenant-a#INCIDENTS', GSI1SK: 'k' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedIncident(anIncident())], LastEvaluatedKey: lastKey })
      .resolves({ Items: [], LastEvaluatedKey: lastKey });

    // Act
    const page = await incidents().list('tenant-a', { chargerId: 'cp-1', limit: 5 });

    // Assess
    expect(page).toEqual({ items: [anIncident()], cursor: encodeCursor(lastKey) });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(8);
  });

  it('answers no sites with no incidents, and a cursor of another tenant’s index with an error, without reading', async () => {
    // Prepare
    const foreign = encodeCursor({
      PK: 'TENANT#tenant-b#INCIDENT#x',
      SK: 'INCIDENT',
      GSI1PK: 'TENANT#tenant-b#INCIDENTS',
      GSI1SK: `${at}#x`,
    })!;

    // Act
    const none = await incidents().list('tenant-a', { siteIds: [], limit: 10 });
    const listing = incidents().list('tenant-a', { limit: 10, cursor: foreign });

    // Assess
    expect(none).toEqual({ items: [] });
    await expect(listing).rejects.toBeInstanceOf(InvalidCursorError);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('resolves only an open incident, then reads it back; a failed condition: unchanged', async () => {
    // Prepare
    const resolution = { resolvedAt: lease, resolvedBy: 'key-1', note: 'fuse replaced' };
    const resolved = anIncident({ status: 'resolved', ...resolution });
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: storedIncident(resolved) });

    // Act
    const first = await incidents().resolve('tenant-a', 'inc-1', resolution);
    const again = await incidents().resolve('tenant-a', 'inc-1', { resolvedAt: lease, resolvedBy: 'key-2' });

    // Assess
    expect(first).toEqual({ incident: resolved, changed: true });
    expect(again).toEqual({ incident: resolved, changed: false });
    const [withNote, withoutNote] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(withNote).toEqual({
      TableName: tableName,
      Key: incidentKey,
      UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, resolvedBy = :by, note = :note',
      ConditionExpression: 'attribute_exists(PK) AND #status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':open': 'open',
        ':at': lease,
        ':by': 'key-1',
        ':note': 'fuse replaced',
      },
    });
    expect(withoutNote?.UpdateExpression).toBe('SET #status = :resolved, resolvedAt = :at, resolvedBy = :by');
    expect(withoutNote?.ExpressionAttributeValues).not.toHaveProperty(':note');
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: tableName,
      Key: incidentKey,
      ConsistentRead: true,
    });
  });

  it('answers resolving an incident that does not exist with none', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});

    // Act
    const resolved = await incidents().resolve('tenant-a', 'inc-9', { resolvedAt: at, resolvedBy: 'key-1' });

    // Assess
    expect(resolved).toBeUndefined();
  });

  it.each([
    ['open', () => incidents().open(anIncident())],
    ['resolve', () => incidents().resolve('tenant-a', 'inc-1', { resolvedAt: at, resolvedBy: 'key-1' })],
  ])('%s lets any other failure than the condition through', async (_, write) => {
    // Prepare
    ddb.on(PutCommand).rejects(throttled());
    ddb.on(UpdateCommand).rejects(throttled());

    // Act
    const writing = write();

    // Assess
    await expect(writing).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
