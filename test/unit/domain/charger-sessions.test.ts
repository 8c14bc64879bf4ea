import { describe, expect, it } from 'vitest';
import { activeSessionsOfCharger, recordSessionEvent } from '../../../shared/slices/transactions/sessions.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aReading, aSessionEvent } from './session-builders.ts';

/** A charger's active sessions, found per charger (load balancing, self-healing), against dynalite. */

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

const started = (chargerTransactionId: string, evseId = 1) =>
  aSessionEvent({
    chargerTransactionId,
    eventType: 'Started',
    at: '2024-05-01T10:00:00.000Z',
    seqNo: 0,
    evseId,
    connectorId: 1,
    meterValues: [aReading('2024-05-01T10:00:00.000Z', 500)],
  });

const ended = (chargerTransactionId: string) =>
  aSessionEvent({
    chargerTransactionId,
    eventType: 'Ended',
    at: '2024-05-01T11:00:00.000Z',
    seqNo: 1,
    meterValues: [aReading('2024-05-01T11:00:00.000Z', 1500)],
  });

describe("a charger's active sessions", () => {
  it('are marked when they start, with or without a token, and unmarked when they end', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const a = await recordSessionEvent(deps, ctx, started('tx-a', 1));
    const b = await recordSessionEvent(deps, ctx, started('tx-b', 2));
    const whileBoth = await activeSessionsOfCharger(deps, ctx.tenantId, ctx.chargerId);
    await recordSessionEvent(deps, ctx, ended('tx-a'));
    const afterOne = await activeSessionsOfCharger(deps, ctx.tenantId, ctx.chargerId);

    // Assess
    expect(whileBoth.map((session) => session.sessionId).sort()).toEqual(
      [a.session.sessionId, b.session.sessionId].sort(),
    );
    expect(afterOne.map((session) => session.sessionId)).toEqual([b.session.sessionId]);
    expect(await deps.chargerSessions.list(ctx.tenantId, ctx.chargerId)).toEqual([
      expect.objectContaining({ chargerId: ctx.chargerId, sessionId: b.session.sessionId, evseId: 2 }),
    ]);
  });

  it("are the charger's own: another charger's or tenant's sessions are not listed", async () => {
    // Prepare
    const deps = await createTestDependencies();
    await recordSessionEvent(deps, aMessageContext({ chargerId: 'cp-2' }), started('tx-other'));
    await recordSessionEvent(deps, aMessageContext({ tenantId: 'tenant-b' }), started('tx-b'));

    // Act
    const own = await activeSessionsOfCharger(deps, ctx.tenantId, ctx.chargerId);

    // Assess
    expect(own).toEqual([]);
  });

  it('leave out a session whose marker outlived it (a lost removal)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const { session } = await recordSessionEvent(deps, ctx, started('tx-a'));
    await recordSessionEvent(deps, ctx, ended('tx-a'));
    await deps.chargerSessions.add({
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      sessionId: session.sessionId,
      since: session.createdAt,
    });

    // Act
    const active = await activeSessionsOfCharger(deps, ctx.tenantId, ctx.chargerId);

    // Assess
    expect(active).toEqual([]);
  });
});
