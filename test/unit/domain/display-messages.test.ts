import { describe, expect, it } from 'vitest';
import type { MessageInfoType } from '../../../shared/ocpp/generated/ocpp201.ts';
import type { Command } from '../../../shared/slices/commands/model.ts';
import {
  closeDisplayMessagesReportsOfConnection,
  recordDisplayMessagesAnswer,
  recordDisplayMessagesPart,
  removeClearedMessage,
} from '../../../shared/slices/display-messages/display-messages.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, at } from './builders.ts';

/** NotifyDisplayMessages parts, answers and disconnects against the real repositories (dynalite). */

type Deps = Awaited<ReturnType<typeof createTestDependencies>>;

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;

const aCommand = (action: string, payload: Record<string, unknown>): Command => ({
  tenantId,
  commandId: 'cmd-1',
  chargerId,
  ocppVersion: 'ocpp2.0.1',
  action,
  payload,
  messageId: 'm-1',
  requestedAt: at,
  requestedBy: 'key-1',
  status: 'completed',
  expiresAt: at,
});

const givenAnswered = (deps: Deps, payload: Record<string, unknown>, status = 'Accepted') =>
  recordDisplayMessagesAnswer(deps, {
    command: aCommand('GetDisplayMessages', payload),
    response: { status },
  });

const aMessage = (id: number, content = `Message ${id}`): MessageInfoType => ({
  id,
  priority: 'NormalCycle',
  message: { format: 'UTF8', language: 'en', content },
});

const storedIds = async (deps: Deps) =>
  (await deps.displayMessages.listMessages(tenantId, chargerId, { limit: 50 })).items.map((message) => [
    message.id,
    message.requestId,
  ]);

describe('display messages', () => {
  it('stores the messages of each part, completes the report at tbc false and publishes it once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 3 });

    // Act
    const outcomes = [
      await recordDisplayMessagesPart(deps, ctx, { requestId: 3, tbc: true, messageInfo: [aMessage(2)] }),
      await recordDisplayMessagesPart(deps, ctx, {
        requestId: 3,
        messageInfo: [
          {
            ...aMessage(1, 'Welcome'),
            priority: 'AlwaysFront',
            state: 'Idle',
            display: { name: 'Display', evse: { id: 1 } },
          },
        ],
      }),
    ];

    // Assess
    expect(outcomes).toEqual(['stored', 'stored']);
    expect(await deps.displayMessages.getReport(tenantId, chargerId, 3)).toMatchObject({
      status: 'complete',
      seqNos: [0, 1],
      messages: 2,
      answerStatus: 'Accepted',
    });
    const { items } = await deps.displayMessages.listMessages(tenantId, chargerId, { limit: 50 });
    expect(items).toEqual([
      {
        tenantId,
        chargerId,
        id: 1,
        priority: 'AlwaysFront',
        state: 'Idle',
        message: { format: 'UTF8', language: 'en', content: 'Welcome' },
        display: { name: 'Display', evseId: 1 },
        requestId: 3,
        updatedAt: at,
      },
      expect.objectContaining({ id: 2, message: { format: 'UTF8', language: 'en', content: 'Message 2' } }),
    ]);
    expect(deps.events.published).toEqual([
      {
        name: 'displayMessagesReported',
        detail: expect.objectContaining({ requestId: 3, status: 'complete', parts: 2, messages: 2 }),
      },
    ]);
  });

  it('logs a report of a request id the CSMS never gave and changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const outcome = await recordDisplayMessagesPart(deps, ctx, { requestId: 77, messageInfo: [aMessage(1)] });

    // Assess
    expect(outcome).toBe('unknown');
    expect(await deps.displayMessages.getReport(tenantId, chargerId, 77)).toBeUndefined();
    expect(await storedIds(deps)).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('replaces the messages with a complete report of every message, not with a filtered one', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 1 });
    await recordDisplayMessagesPart(deps, ctx, { requestId: 1, messageInfo: [aMessage(1), aMessage(2)] });
    await givenAnswered(deps, { requestId: 2, priority: 'InFront' });
    await givenAnswered(deps, { requestId: 3 });

    // Act
    await recordDisplayMessagesPart(deps, ctx, { requestId: 2, messageInfo: [aMessage(5)] });
    const afterFiltered = await storedIds(deps);
    await recordDisplayMessagesPart(deps, ctx, { requestId: 3, messageInfo: [aMessage(2)] });

    // Assess
    expect(afterFiltered).toEqual([
      [1, 1],
      [2, 1],
      [5, 2],
    ]);
    expect(await storedIds(deps)).toEqual([[2, 3]]);
  });

  it('forgets every message when the charger has none (Unknown to a request of all), and one cleared', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 1 });
    await recordDisplayMessagesPart(deps, ctx, { requestId: 1, messageInfo: [aMessage(1), aMessage(2)] });

    // Act
    await removeClearedMessage(deps, {
      command: aCommand('ClearDisplayMessage', { id: 1 }),
      response: { status: 'Accepted' },
    });
    const afterClear = await storedIds(deps);
    await removeClearedMessage(deps, {
      command: aCommand('ClearDisplayMessage', { id: 2 }),
      response: { status: 'Unknown' },
    });
    const afterUnknownClear = await storedIds(deps);
    await givenAnswered(deps, { requestId: 2, id: [9] }, 'Unknown');
    const afterFilteredUnknown = await storedIds(deps);
    await givenAnswered(deps, { requestId: 3 }, 'Unknown');

    // Assess
    expect(afterClear).toEqual([[2, 1]]);
    expect(afterUnknownClear).toEqual([[2, 1]]);
    expect(afterFilteredUnknown).toEqual([[2, 1]]);
    expect(await storedIds(deps)).toEqual([]);
    expect((await deps.displayMessages.getReport(tenantId, chargerId, 3))?.status).toBe('rejected');
  });

  it('stores nothing of a part after its report ended', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 1 });
    await recordDisplayMessagesPart(deps, ctx, { requestId: 1, messageInfo: [aMessage(1)] });

    // Act
    const outcome = await recordDisplayMessagesPart(deps, ctx, { requestId: 1, messageInfo: [aMessage(4)] });

    // Assess
    expect(outcome).toBe('afterEnd');
    expect(await storedIds(deps)).toEqual([[1, 1]]);
    expect(deps.events.published).toHaveLength(1);
  });

  it('leaves a report incomplete when its connection closes before the last part, and keeps its messages', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 1 });
    await recordDisplayMessagesPart(deps, ctx, { requestId: 1, tbc: true, messageInfo: [aMessage(1)] });

    // Act
    const closed = await closeDisplayMessagesReportsOfConnection(deps, aConnectionInput());

    // Assess
    expect(closed).toEqual([1]);
    expect(await deps.displayMessages.getReport(tenantId, chargerId, 1)).toMatchObject({
      status: 'incomplete',
      incompleteReason: 'disconnected',
    });
    expect(await storedIds(deps)).toEqual([[1, 1]]);
    expect(deps.events.published.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        requestId: 1,
        status: 'incomplete',
        incompleteReason: 'disconnected',
        messages: 1,
      }),
    ]);
  });
});
