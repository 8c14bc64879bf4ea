import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoFleetRepository } from '../../shared/slices/drivers/adapters/dynamodb-driver-repositories.ts';
import type { Fleet } from '../../shared/slices/drivers/model.ts';
import { createDynamoSessionRepository } from '../../shared/slices/transactions/adapters/dynamodb-session-repository.ts';
import type { Session } from '../../shared/slices/transactions/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';

/** The fleet repository and the sessions' fleet index, against dynalite. */

const dynalite = useDynaliteTable('csms-fleets');
const fleets = () => createDynamoFleetRepository(dynalite.documentClient, dynalite.tableName);
const sessions = () => createDynamoSessionRepository(dynalite.documentClient, dynalite.tableName);

let tenantCounter = 0;
const freshTenant = (): string => {
  tenantCounter += 1;
  return `fleets-${tenantCounter}`;
};

const audit = {
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'key-admin',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'key-admin',
};
const aFleet = (tenantId: string, fleetId: string): Fleet => ({ tenantId, fleetId, name: fleetId, ...audit });
const aSession = (tenantId: string, sessionId: string, startedAt: string, fleetId?: string): Session => ({
  tenantId,
  sessionId,
  chargerId: 'cp-1',
  chargerTransactionId: sessionId,
  status: 'Completed',
  startedAt,
  energyWh: 1000,
  ...(fleetId && { fleetId }),
  version: 1,
  revision: 1,
  ...audit,
});

describe('DynamoDB fleet repository', () => {
  it('pages the members of a kind in id order; a cursor of another fleet or kind is refused', async () => {
    // Prepare
    const repository = fleets();
    const tenantId = freshTenant();
    await repository.create(aFleet(tenantId, 'F1'));
    for (const id of ['V3', 'V1', 'V2']) await repository.link(tenantId, 'F1', 'vehicle', id);
    await repository.link(tenantId, 'F1', 'driver', 'D1');

    // Act
    const first = await repository.memberIds(tenantId, 'F1', 'vehicle', { limit: 2 });
    const second = await repository.memberIds(tenantId, 'F1', 'vehicle', { limit: 2, cursor: first.cursor! });
    const drivers = await repository.memberIds(tenantId, 'F1', 'driver', { limit: 2 });

    // Assess
    expect(first.items).toEqual(['V1', 'V2']);
    expect(second).toEqual({ items: ['V3'] });
    expect(drivers).toEqual({ items: ['D1'] });
    await expect(
      repository.memberIds(tenantId, 'F1', 'driver', { limit: 2, cursor: first.cursor! }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      repository.memberIds(tenantId, 'F2', 'vehicle', { limit: 2, cursor: first.cursor! }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('deletes a fleet only without members', async () => {
    // Prepare
    const repository = fleets();
    const tenantId = freshTenant();
    await repository.create(aFleet(tenantId, 'F1'));
    await repository.link(tenantId, 'F1', 'driver', 'D1');

    // Act
    const withMember = await repository.delete(tenantId, 'F1');
    await repository.unlink(tenantId, 'F1', 'driver', 'D1');
    const empty = await repository.delete(tenantId, 'F1');
    const again = await repository.delete(tenantId, 'F1');

    // Assess
    expect(withMember).toBe('has-members');
    expect(empty).toMatchObject({ fleetId: 'F1' });
    expect(again).toBe('not-found');
  });
});

describe("DynamoDB sessions' fleet index", () => {
  it("lists a fleet's sessions newest first in a start range, moved with a start that changed", async () => {
    // Prepare
    const repository = sessions();
    const tenantId = freshTenant();
    await repository.save(aSession(tenantId, 'S1', '2026-01-01T10:00:00.000Z', 'F1'));
    await repository.save(aSession(tenantId, 'S2', '2026-01-15T10:00:00.000Z', 'F1'));
    await repository.save(aSession(tenantId, 'S3', '2026-01-20T10:00:00.000Z', 'F2'));
    await repository.save(aSession(tenantId, 'S4', '2026-01-21T10:00:00.000Z'));
    // A Started delivered late moves S2's start: its index entry moves with it.
    await repository.save({ ...aSession(tenantId, 'S2', '2026-02-01T10:00:00.000Z', 'F1'), revision: 2 });

    // Act
    const all = await repository.listByFleet(tenantId, 'F1', { limit: 10 });
    const january = await repository.listByFleet(tenantId, 'F1', {
      from: '2026-01-01T10:00:00.000Z',
      to: '2026-02-01T10:00:00.000Z',
      limit: 10,
    });
    const firstPage = await repository.listByFleet(tenantId, 'F1', { limit: 1 });
    const outOfRange = repository.listByFleet(tenantId, 'F1', {
      from: '2026-03-01T00:00:00.000Z',
      limit: 1,
      cursor: firstPage.cursor!,
    });

    // Assess
    expect(all.items.map((session) => [session.sessionId, session.startedAt])).toEqual([
      ['S2', '2026-02-01T10:00:00.000Z'],
      ['S1', '2026-01-01T10:00:00.000Z'],
    ]);
    // `from` included, `to` excluded.
    expect(january.items.map((session) => session.sessionId)).toEqual(['S1']);
    expect(firstPage.items.map((session) => session.sessionId)).toEqual(['S2']);
    await expect(outOfRange).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
