import { describe, expect, it } from 'vitest';
import { detectGhost, type GhostInput } from '../../../shared/slices/self-healing/detect-ghost.ts';
import { defaultSelfHealingSettings } from '../../../shared/slices/self-healing/model.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const ended = (sessionId: string, minute: number, energyWh = 0): GhostInput => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  sessionId,
  endedAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
  correlationId: 'corr-1',
  idToken: 'TAG-1',
  energyWh,
  metered: true,
});

const turnedOn = async (ghostSessions = 3) => {
  const deps = await createTestDependencies();
  await deps.selfHealing.putSettings({
    ...defaultSelfHealingSettings('tenant-a'),
    enabled: true,
    ghostSessions,
  });
  return deps;
};

describe('detectGhost', () => {
  it('counts a session once: the same TransactionEnded again is a duplicate and changes nothing', async () => {
    // Prepare
    const deps = await turnedOn();

    // Act
    const first = await detectGhost(deps, ended('S1', 1));
    const stored = await deps.selfHealing.getGhostCounter('tenant-a', 'cp-1');
    const again = await detectGhost(deps, ended('S1', 1));

    // Assess
    expect([first, again]).toEqual(['counted', 'duplicate']);
    expect(await deps.selfHealing.getGhostCounter('tenant-a', 'cp-1')).toEqual(stored);
    expect(stored?.outcomes).toEqual([
      { sessionId: 'S1', endedAt: ended('S1', 1).endedAt, outcome: 'failed' },
    ]);
  });

  it('writes nothing for a tenant with self-healing off, with ghostSessions 0, or for a session without a token', async () => {
    // Prepare
    const off = await createTestDependencies();
    const zero = await turnedOn(0);
    const { idToken: _token, ...withoutToken } = ended('S1', 1);

    // Act
    const results = [
      await detectGhost(off, ended('S1', 1)),
      await detectGhost(zero, ended('S1', 1)),
      await detectGhost(zero, withoutToken),
    ];

    // Assess
    expect(results).toEqual(['off', 'off', 'ignored']);
    expect(await off.selfHealing.getGhostCounter('tenant-a', 'cp-1')).toBeUndefined();
    expect(await zero.selfHealing.getGhostCounter('tenant-a', 'cp-1')).toBeUndefined();
  });

  it('opens nothing for a charger it does not know online, however many sessions fail', async () => {
    // Prepare
    const deps = await turnedOn(2);

    // Act
    for (const [id, minute] of [
      ['S1', 1],
      ['S2', 2],
      ['S3', 3],
    ] as const)
      await detectGhost(deps, ended(id, minute));

    // Assess
    expect((await deps.incidents.list('tenant-a', { limit: 10 })).items).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });
});
