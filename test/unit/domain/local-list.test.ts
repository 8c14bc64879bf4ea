import { describe, expect, it } from 'vitest';
import { serializeCall } from '../../../shared/ocpp/framing.ts';
import { validateRequest } from '../../../shared/ocpp/validation.ts';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import { findCommandTarget, sendOcppCall } from '../../../shared/slices/commands/remote-commands.ts';
import {
  diffLocalList,
  fingerprintOf,
  type LocalListEntry,
  maxMessageBytes,
  planLocalListMessages,
} from '../../../shared/slices/local-list/local-list.ts';
import { checkLocalListVersion, syncLocalList } from '../../../shared/slices/local-list/local-list-sync.ts';
import type { TestDependencies } from '../../support/test-dependencies.ts';
import { type Answerer, chargerId, givenAnsweringCharger, tenantId } from './ocpp16-charger.ts';

/** An entry as big as 1.6 allows: 20-character tag and parent, an expiry. */
const bigEntry = (i: number): LocalListEntry => ({
  idTag: `TAG-${String(i).padStart(16, '0')}`,
  idTagInfo: {
    status: 'Accepted',
    expiryDate: '2030-01-01T00:00:00.000Z',
    parentIdTag: `PARENT-${String(i % 97).padStart(13, '0')}`,
  },
});

const ulidLike = '01JD8X3Q4M5N6P7R8S9T0V1W2X';
const frameBytes = (payload: object) =>
  Buffer.byteLength(serializeCall(ulidLike, 'SendLocalList', payload as Record<string, unknown>), 'utf8');

/** Tokens `TAG-0000000000000001`… with a group and an expiry: about 140 bytes each in a list. */
const givenTokens = async (deps: TestDependencies, count: number, from = 1) => {
  for (let i = from; i < from + count; i += 1) {
    await putIdToken(deps, {
      tenantId,
      idToken: `TAG-${String(i).padStart(16, '0')}`,
      status: 'Accepted',
      expiresAt: '2030-01-01T00:00:00.000Z',
      groupId: `PARENT-${String(i % 97).padStart(13, '0')}`,
      actor: 'key-1',
    });
  }
};

/** A charger with a local list: it keeps its version as a real one would, and answers GetLocalListVersion. */
const localListCharger = (options: { refuseVersion?: number } = {}) => {
  const state = {
    version: 0,
    received: [] as { listVersion: number; updateType: string; localAuthorizationList: LocalListEntry[] }[],
  };
  const answer: Answerer = (action, payload) => {
    if (action === 'GetLocalListVersion') return { result: { listVersion: state.version } };
    if (action !== 'SendLocalList') return 'never';
    // The charger checks what it gets as strictly as ocpp-rpc's strict mode.
    validateRequest('ocpp1.6', 'SendLocalList', payload);
    state.received.push(payload);
    if (payload.listVersion === options.refuseVersion) return { result: { status: 'Failed' } };
    if (payload.updateType === 'Differential' && payload.listVersion <= state.version)
      return { result: { status: 'VersionMismatch' } };
    state.version = payload.listVersion;
    return { result: { status: 'Accepted' } };
  };
  return { state, answer };
};

const sync = async (
  charger: Awaited<ReturnType<typeof givenAnsweringCharger>>,
  mode: 'full' | 'differential',
  overrides: { maxItemsPerMessage?: number; waitSeconds?: number } = {},
) =>
  syncLocalList(charger.deps, {
    tenantId,
    view: await charger.view(),
    mode,
    ...(overrides.maxItemsPerMessage && { maxItemsPerMessage: overrides.maxItemsPerMessage }),
    requestedBy: 'key-1',
    waitSeconds: overrides.waitSeconds ?? 25,
  });

describe('local list messages', () => {
  it('splits a list larger than one message: each frame below 128 KB, versions one by one, Full then Differential', () => {
    // Prepare
    const items = Array.from({ length: 5000 }, (_, i) => bigEntry(i));

    // Act
    const messages = planLocalListMessages({ updateType: 'Full', baseVersion: 7, items });

    // Assess
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const message of messages) expect(frameBytes(message)).toBeLessThanOrEqual(maxMessageBytes);
    // Packed: each message but the last is nearly full.
    for (const message of messages.slice(0, -1))
      expect(frameBytes(message)).toBeGreaterThan(maxMessageBytes - 200);
    expect(messages.map((message) => message.listVersion)).toEqual(messages.map((_, i) => 8 + i));
    expect(messages.map((message) => message.updateType)).toEqual([
      'Full',
      ...messages.slice(1).map(() => 'Differential'),
    ]);
    expect(messages.flatMap((message) => message.localAuthorizationList)).toEqual(items);
    for (const message of messages)
      expect(() => validateRequest('ocpp1.6', 'SendLocalList', message)).not.toThrow();
  });

  it('puts at most maxItemsPerMessage entries in a message', () => {
    // Act
    const messages = planLocalListMessages({
      updateType: 'Differential',
      baseVersion: 0,
      items: Array.from({ length: 25 }, (_, i) => bigEntry(i)),
      maxItemsPerMessage: 10,
    });

    // Assess
    expect(messages.map((message) => message.localAuthorizationList?.length)).toEqual([10, 10, 5]);
    expect(messages.map((message) => message.listVersion)).toEqual([1, 2, 3]);
  });

  it('sends one empty Full update to empty the list, and no Differential without changes', () => {
    // Act
    const full = planLocalListMessages({ updateType: 'Full', baseVersion: 3, items: [] });
    const differential = planLocalListMessages({ updateType: 'Differential', baseVersion: 3, items: [] });

    // Assess
    expect(full).toEqual([{ listVersion: 4, localAuthorizationList: [], updateType: 'Full' }]);
    expect(differential).toEqual([]);
  });

  it('computes a differential update: new and changed entries, then removals without idTagInfo', () => {
    // Prepare
    const kept = bigEntry(1);
    const changed = bigEntry(2);
    const held = {
      [kept.idTag]: fingerprintOf(kept.idTagInfo!),
      [changed.idTag]: fingerprintOf({ status: 'Accepted' }),
      'GONE-1': fingerprintOf({ status: 'Accepted' }),
    };
    const added = { idTag: 'new-tag', idTagInfo: { status: 'Blocked' as const } };

    // Act
    const diff = diffLocalList(held, [kept, changed, added]);

    // Assess
    expect(diff).toEqual([changed, added, { idTag: 'GONE-1' }]);
  });
});

describe('local list sync', () => {
  it('sends a full list too large for one message in several accepted parts and records the version', async () => {
    // Prepare
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 2000);

    // Act
    const result = await sync(charger, 'full');

    // Assess
    expect(result).toMatchObject({
      kind: 'done',
      status: 'synced',
      mode: 'full',
      fromVersion: 0,
      entries: 2000,
    });
    const sent = charger.calls.filter((call) => call.action === 'SendLocalList');
    expect(sent.length).toBeGreaterThan(1);
    for (const call of sent)
      expect(Buffer.byteLength(call.frame, 'utf8')).toBeLessThanOrEqual(maxMessageBytes);
    expect(sent.map((call) => call.payload.listVersion)).toEqual(sent.map((_, i) => i + 1));
    expect(chargerList.state.received.flatMap((message) => message.localAuthorizationList)).toHaveLength(
      2000,
    );
    if (result.kind !== 'done') throw new Error('done expected');
    expect(result.toVersion).toBe(sent.length);
    expect(result.parts.map((part) => part.outcome)).toEqual(sent.map(() => 'Accepted'));
    expect(await charger.deps.localLists.getSummary(tenantId, chargerId)).toMatchObject({
      version: sent.length,
      entryCount: 2000,
    });
  });

  it('sends only what changed in a differential sync, after checking the charger version', async () => {
    // Prepare
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 30);
    await sync(charger, 'full');
    await putIdToken(charger.deps, {
      tenantId,
      idToken: 'TAG-0000000000000002',
      status: 'Blocked',
      actor: 'key-1',
    });
    await charger.deps.idTokens.delete(tenantId, 'TAG-0000000000000003');
    await putIdToken(charger.deps, { tenantId, idToken: 'NEW-1', status: 'Accepted', actor: 'key-1' });
    charger.calls.length = 0;

    // Act
    const result = await sync(charger, 'differential');

    // Assess
    expect(charger.calls.map((call) => call.action)).toEqual(['GetLocalListVersion', 'SendLocalList']);
    expect(charger.calls[1]?.payload).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      localAuthorizationList: [
        { idTag: 'NEW-1', idTagInfo: { status: 'Accepted' } },
        { idTag: 'TAG-0000000000000002', idTagInfo: { status: 'Blocked' } },
        { idTag: 'TAG-0000000000000003' },
      ],
    });
    expect(result).toMatchObject({
      kind: 'done',
      status: 'synced',
      mode: 'differential',
      fromVersion: 1,
      toVersion: 2,
    });
    expect(await charger.deps.localLists.getSummary(tenantId, chargerId)).toMatchObject({
      version: 2,
      entryCount: 30,
      updateType: 'Differential',
    });
  });

  it('sends nothing when the charger is up to date', async () => {
    // Prepare
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 3);
    await sync(charger, 'full');
    charger.calls.length = 0;

    // Act
    const result = await sync(charger, 'differential');

    // Assess
    expect(result).toMatchObject({ kind: 'done', status: 'upToDate', parts: [], toVersion: 1 });
    expect(charger.calls.map((call) => call.action)).toEqual(['GetLocalListVersion']);
  });

  it('goes full when the charger reports another version than the one recorded', async () => {
    // Prepare
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 3);
    await sync(charger, 'full');
    chargerList.state.version = 40;

    // Act
    const result = await sync(charger, 'differential');

    // Assess
    expect(result).toMatchObject({
      kind: 'done',
      status: 'synced',
      mode: 'full',
      fullReason: 'versionMismatch',
      fromVersion: 40,
      toVersion: 41,
    });
    expect(charger.calls.at(-1)?.payload).toMatchObject({ listVersion: 41, updateType: 'Full' });
  });

  it('goes full without asking when nothing was sent to the charger yet', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(localListCharger().answer);
    await givenTokens(charger.deps, 2);

    // Act
    const result = await sync(charger, 'differential');

    // Assess
    expect(result).toMatchObject({ kind: 'done', mode: 'full', fullReason: 'noSnapshot' });
    expect(charger.calls.map((call) => call.action)).toEqual(['SendLocalList']);
  });

  it('stops at a part the charger refuses, and records what it accepted', async () => {
    // Prepare
    const chargerList = localListCharger({ refuseVersion: 2 });
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 30);

    // Act
    const first = await sync(charger, 'full', { maxItemsPerMessage: 10 });

    // Assess
    expect(first).toMatchObject({
      kind: 'done',
      status: 'failed',
      toVersion: 1,
      parts: [
        { listVersion: 1, updateType: 'Full', entries: 10, outcome: 'Accepted' },
        { listVersion: 2, updateType: 'Differential', entries: 10, outcome: 'Failed' },
        { listVersion: 3, updateType: 'Differential', entries: 10, outcome: 'notSent' },
      ],
    });
    expect(await charger.deps.localLists.getSummary(tenantId, chargerId)).toMatchObject({
      version: 1,
      entryCount: 10,
    });
    expect(charger.calls.filter((call) => call.action === 'SendLocalList')).toHaveLength(2);
  });

  it('continues a sync that stopped part way with a differential one', async () => {
    // Prepare
    let refuse = true;
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger((action, payload) =>
      refuse && action === 'SendLocalList' && payload.listVersion === 2
        ? { result: { status: 'Failed' } }
        : chargerList.answer(action, payload),
    );
    await givenTokens(charger.deps, 30);
    await sync(charger, 'full', { maxItemsPerMessage: 10 });
    refuse = false;
    charger.calls.length = 0;

    // Act
    const result = await sync(charger, 'differential', { maxItemsPerMessage: 10 });

    // Assess
    expect(result).toMatchObject({
      kind: 'done',
      status: 'synced',
      mode: 'differential',
      fromVersion: 1,
      toVersion: 3,
    });
    const sent = charger.calls.filter((call) => call.action === 'SendLocalList');
    expect(
      sent.map((call) => [call.payload.listVersion, call.payload.localAuthorizationList.length]),
    ).toEqual([
      [2, 10],
      [3, 10],
    ]);
    expect(await charger.deps.localLists.getSummary(tenantId, chargerId)).toMatchObject({
      version: 3,
      entryCount: 30,
    });
  });

  it("respects the charger's LocalAuthListMaxLength and SendLocalListMaxLength", async () => {
    // Prepare
    const charger = await givenAnsweringCharger(localListCharger().answer);
    await givenTokens(charger.deps, 12);
    const report = (maxLength: string, revision: number) =>
      charger.deps.chargerConfigs.save({
        tenantId,
        chargerId,
        keys: {
          LocalAuthListMaxLength: {
            value: maxLength,
            readonly: true,
            reportedAt: '2024-05-01T12:00:00.000Z',
          },
          SendLocalListMaxLength: { value: '5', readonly: true, reportedAt: '2024-05-01T12:00:00.000Z' },
        },
        unknownKeys: [],
        updatedAt: '2024-05-01T12:00:00.000Z',
        revision,
      });

    // Act
    await report('10', 1);
    const tooLarge = await sync(charger, 'full');
    await report('100', 2);
    const fits = await sync(charger, 'full');

    // Assess
    expect(tooLarge).toMatchObject({ kind: 'tooLarge', message: expect.stringContaining('at most 10') });
    expect(fits).toMatchObject({ kind: 'done', status: 'synced' });
    if (fits.kind !== 'done') throw new Error('done expected');
    expect(fits.parts.map((part) => part.entries)).toEqual([5, 5, 2]);
  });

  it('leaves out id tokens longer than OCPP 1.6 allows', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(localListCharger().answer);
    await putIdToken(charger.deps, { tenantId, idToken: 'SHORT', status: 'Accepted', actor: 'key-1' });
    await putIdToken(charger.deps, { tenantId, idToken: 'E'.repeat(30), status: 'Accepted', actor: 'key-1' });

    // Act
    const result = await sync(charger, 'full');

    // Assess
    expect(result).toMatchObject({ kind: 'done', entries: 1, skipped: ['E'.repeat(30)] });
    expect(charger.calls[0]?.payload.localAuthorizationList).toEqual([
      { idTag: 'SHORT', idTagInfo: { status: 'Accepted' } },
    ]);
  });

  it('records a Full list sent through the raw passthrough, and ignores a refused one', async () => {
    // Prepare
    const chargerList = localListCharger({ refuseVersion: 9 });
    const charger = await givenAnsweringCharger(chargerList.answer);
    const target = await findCommandTarget(charger.deps, { tenantId, chargerId });
    if (target.kind !== 'online') throw new Error('online expected');
    const send = (listVersion: number) =>
      sendOcppCall(charger.deps, {
        tenantId,
        charger: target.charger,
        connection: target.connection,
        action: 'SendLocalList',
        payload: { listVersion, updateType: 'Full', localAuthorizationList: [bigEntry(1), bigEntry(2)] },
        requestedBy: 'key-raw',
      });

    // Act
    await send(8);
    await charger.answered();
    await send(9);
    await charger.answered();

    // Assess
    expect(await charger.deps.localLists.getSnapshot(tenantId, chargerId)).toMatchObject({
      version: 8,
      updateType: 'Full',
      entries: { [bigEntry(1).idTag]: expect.any(String), [bigEntry(2).idTag]: expect.any(String) },
    });
  });

  it('reports the charger version next to the recorded one', async () => {
    // Prepare
    const chargerList = localListCharger();
    const charger = await givenAnsweringCharger(chargerList.answer);
    await givenTokens(charger.deps, 1);
    await sync(charger, 'full');

    // Act
    const result = await checkLocalListVersion(charger.deps, {
      tenantId,
      view: await charger.view(),
      requestedBy: 'key-1',
      waitSeconds: 25,
    });

    // Assess
    expect(result).toMatchObject({ kind: 'sent', chargerVersion: 1, storedVersion: 1 });
  });

  it('refuses a 2.0.1 charger', async () => {
    // Prepare
    const charger = await givenAnsweringCharger(() => 'never', { version: 'ocpp2.0.1' });

    // Act
    const result = await sync(charger, 'full');

    // Assess
    expect(result).toMatchObject({ kind: 'refused' });
    expect(charger.calls).toEqual([]);
  });
});
