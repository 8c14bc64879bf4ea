import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { NotifyCustomerInformationRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import type { Command } from '../../../shared/slices/commands/model.ts';
import {
  closeCustomerInformationOfConnection,
  getCustomerInformation,
  recordCustomerInformationAnswer,
  recordCustomerInformationPart,
} from '../../../shared/slices/customer-information/customer-information.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, at } from './builders.ts';

/** NotifyCustomerInformation parts, answers, expiry and disconnects against the real repositories (dynalite). */

type Deps = Awaited<ReturnType<typeof createTestDependencies>>;

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;

const aCommand = (payload: Record<string, unknown>, overrides: Partial<Command> = {}): Command => ({
  tenantId,
  commandId: 'cmd-1',
  chargerId,
  ocppVersion: 'ocpp2.0.1',
  action: 'CustomerInformation',
  payload,
  messageId: 'm-1',
  requestedAt: at,
  requestedBy: 'key-1',
  status: 'completed',
  expiresAt: at,
  ...overrides,
});

const request = { requestId: 4, report: true, clear: false, idToken: { idToken: 'TAG-1', type: 'ISO14443' } };

const givenAnswered = (deps: Deps, payload: Record<string, unknown> = request, status = 'Accepted') =>
  recordCustomerInformationAnswer(deps, { command: aCommand(payload), response: { status } });

const aPart = (
  seqNo: number,
  tbc: boolean,
  data: string,
  requestId = 4,
): NotifyCustomerInformationRequest => ({
  requestId,
  seqNo,
  tbc,
  data,
  generatedAt: at,
});

const read = (deps: Deps, requestId = 4) => getCustomerInformation(deps, { tenantId, chargerId, requestId });

describe('customer information', () => {
  it('concatenates the parts in seqNo order, whatever order they came in, and publishes no data', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps);

    // Act
    const outcomes = [
      await recordCustomerInformationPart(deps, ctx, aPart(1, true, 'Smith; ')),
      await recordCustomerInformationPart(deps, ctx, aPart(0, true, 'Name: John ')),
      await recordCustomerInformationPart(deps, ctx, aPart(2, false, 'last session 2024-04-30')),
    ];

    // Assess
    expect(outcomes).toEqual(['stored', 'stored', 'stored']);
    expect(await read(deps)).toMatchObject({
      requestId: 4,
      status: 'complete',
      report: true,
      clear: false,
      identifiedBy: 'idToken',
      answerStatus: 'Accepted',
      data: 'Name: John Smith; last session 2024-04-30',
      expiresAt: '2024-05-31T12:00:00.000Z',
    });
    expect(deps.events.published).toEqual([
      {
        name: 'customerInformationReported',
        detail: expect.objectContaining({ requestId: 4, status: 'complete', parts: 3, characters: 41 }),
      },
    ]);
    expect(JSON.stringify(deps.events.published)).not.toContain('Smith');
  });

  it('keeps the request and every part 30 days after the request (DynamoDB TTL), and shows nothing after', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps);
    await recordCustomerInformationPart(deps, ctx, aPart(0, false, 'data'));
    const items = await deps.table.documentClient.send(new ScanCommand({ TableName: deps.table.name }));
    const ttls = (items.Items ?? [])
      .filter((item) => String(item.PK).endsWith('#CUSTINFO'))
      .map((item) => item.ttl);

    // Act
    deps.clock.set(new Date('2024-05-31T12:00:00.000Z'));
    const expired = await read(deps);

    // Assess
    expect(ttls).toEqual([
      Date.parse('2024-05-31T12:00:00.000Z') / 1000,
      Date.parse('2024-05-31T12:00:00.000Z') / 1000,
    ]);
    expect(expired).toBeUndefined();
  });

  it('logs a part of a request id the CSMS never gave and changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps);

    // Act
    const outcome = await recordCustomerInformationPart(deps, ctx, aPart(0, false, 'someone', 5));

    // Assess
    expect(outcome).toBe('unknown');
    expect(await read(deps, 5)).toBeUndefined();
    expect(await deps.customerInformation.listParts(tenantId, chargerId, 5)).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('stores nothing for a refused request, and marks a report with a part missing incomplete', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { ...request, requestId: 6 }, 'Rejected');
    await givenAnswered(deps);

    // Act
    const refused = await recordCustomerInformationPart(deps, ctx, aPart(0, false, 'x', 6));
    await recordCustomerInformationPart(deps, ctx, aPart(0, true, 'first '));
    await recordCustomerInformationPart(deps, ctx, aPart(2, false, 'third'));

    // Assess
    expect(refused).toBe('afterEnd');
    expect(await read(deps, 6)).toMatchObject({ status: 'rejected', answerStatus: 'Rejected', data: '' });
    expect(await read(deps)).toMatchObject({
      status: 'incomplete',
      incompleteReason: 'partsMissing',
      data: 'first third',
    });
  });

  it('stores a repeated seqNo once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps);
    await recordCustomerInformationPart(deps, ctx, aPart(0, true, 'one '));

    // Act
    const repeated = await recordCustomerInformationPart(deps, ctx, aPart(0, true, 'one '));
    await recordCustomerInformationPart(deps, ctx, aPart(1, false, 'two'));

    // Assess
    expect(repeated).toBe('repeated');
    expect(await read(deps)).toMatchObject({ status: 'complete', data: 'one two' });
  });

  it('leaves the request incomplete when its connection closes before the last part', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps);
    await recordCustomerInformationPart(deps, ctx, aPart(0, true, 'partial'));

    // Act
    const closed = await closeCustomerInformationOfConnection(deps, aConnectionInput());

    // Assess
    expect(closed).toEqual([4]);
    expect(await read(deps)).toMatchObject({
      status: 'incomplete',
      incompleteReason: 'disconnected',
      data: 'partial',
    });
    expect(deps.events.published.map((event) => event.detail)).toEqual([
      expect.objectContaining({ requestId: 4, status: 'incomplete', characters: 7 }),
    ]);
  });
});
