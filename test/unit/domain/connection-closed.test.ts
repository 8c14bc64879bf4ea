import { describe, expect, it } from 'vitest';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import { chargerConnectionClosed } from '../../../shared/slices/commands/connection-closed.ts';
import { findCommandTarget, sendOcppCall } from '../../../shared/slices/commands/remote-commands.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { givenCharger } from './builders.ts';

const tenantId = 'tenant-a';
const chargerId = 'cp-1';

const connect = (deps: TestDependencies, connectionId: string) =>
  connectCharger(deps, { tenantId, chargerId, connectionId, ocppVersion: 'ocpp1.6', correlationId: 'c' });

/** A Reset sent on `connectionId` and left unanswered. */
const givenPendingCommand = async (deps: TestDependencies, connectionId: string): Promise<string> => {
  await givenCharger(deps);
  await connect(deps, connectionId);
  const target = await findCommandTarget(deps, { tenantId, chargerId });
  if (target.kind !== 'online') throw new Error('charger should be online');
  const result = await sendOcppCall(deps, {
    tenantId,
    charger: target.charger,
    connection: target.connection,
    action: 'Reset',
    payload: { type: 'Soft' },
    requestedBy: 'key-1',
  });
  if (result.kind !== 'sent') throw new Error(`expected the command to be sent, got ${result.kind}`);
  return result.command.commandId;
};

const closed = (deps: TestDependencies, connectionId: string) =>
  chargerConnectionClosed(deps, { tenantId, chargerId, connectionId, correlationId: 'corr-close' });

describe('chargerConnectionClosed', () => {
  it('takes the charger offline and fails the command its connection carried, freeing the slot', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const commandId = await givenPendingCommand(deps, 'conn-1');

    // Act
    const result = await closed(deps, 'conn-1');

    // Assess
    expect(result).toEqual({ removed: true, failedCommandId: commandId, failedQueuedCommandIds: [] });
    expect(await deps.commands.get(tenantId, commandId)).toMatchObject({
      status: 'failed',
      error: { kind: 'offline', code: 'ConnectionLost' },
    });
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toBeUndefined();
    expect(deps.events.published.map((event) => event.name)).toEqual(
      expect.arrayContaining(['chargerDisconnected', 'commandCompleted']),
    );
  });

  it('leaves alone a call that went out on the newer connection of a charger that reconnected', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connect(deps, 'conn-old');
    const commandId = await givenPendingCommand(deps, 'conn-new');

    // Act
    const result = await closed(deps, 'conn-old');

    // Assess
    expect(result).toEqual({ removed: false, failedQueuedCommandIds: [] });
    expect(await deps.commands.get(tenantId, commandId)).toMatchObject({ status: 'pending' });
    expect(await deps.pendingCalls.get(tenantId, chargerId)).toMatchObject({ commandId });
  });

  it('does nothing more when no call is pending', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenCharger(deps);
    await connect(deps, 'conn-1');

    // Act
    const result = await closed(deps, 'conn-1');

    // Assess
    expect(result).toEqual({ removed: true, failedQueuedCommandIds: [] });
    expect(deps.events.published.filter((event) => event.name === 'commandCompleted')).toEqual([]);
  });
});
