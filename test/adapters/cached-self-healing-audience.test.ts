import { describe, expect, it } from 'vitest';
import {
  cacheSelfHealingAudience,
  selfHealingAudienceTtlMs,
} from '../../shared/slices/self-healing/adapters/cached-self-healing-audience.ts';
import { defaultSelfHealingSettings } from '../../shared/slices/self-healing/model.ts';
import { tenantHasSelfHealing } from '../../shared/slices/self-healing/self-healing-audience.ts';
import { createFixedClock } from '../support/fakes/clock.ts';
import { createTestDependencies } from '../support/test-dependencies.ts';

/** The cache over the real use case on a dynalite table, each settings read counted. */
const setup = async (capacity?: number) => {
  const deps = await createTestDependencies();
  const clock = createFixedClock();
  const reads: string[] = [];
  const audience = cacheSelfHealingAudience(
    (tenantId) => {
      reads.push(tenantId);
      return tenantHasSelfHealing(deps, tenantId);
    },
    clock,
    selfHealingAudienceTtlMs,
    capacity,
  );
  const turn = (tenantId: string, enabled: boolean) =>
    deps.selfHealing.putSettings({ ...defaultSelfHealingSettings(tenantId), enabled });
  return { audience, clock, reads, turn };
};

describe('cacheSelfHealingAudience', () => {
  it('reads a tenant once per 5 minutes and container: a change shows only after that', async () => {
    // Prepare
    const { audience, clock, reads, turn } = await setup();
    const first = await audience.enabled('tenant-a');
    await turn('tenant-a', true);

    // Act
    clock.advance(selfHealingAudienceTtlMs - 1);
    const within = await audience.enabled('tenant-a');
    clock.advance(1);
    const after = await audience.enabled('tenant-a');
    const again = await audience.enabled('tenant-a');

    // Assess
    expect([first, within, after, again]).toEqual([false, false, true, true]);
    expect(reads).toEqual(['tenant-a', 'tenant-a']);
  });

  it('remembers each tenant apart', async () => {
    // Prepare
    const { audience, reads, turn } = await setup();
    await turn('tenant-a', true);

    // Act
    const answers = [
      await audience.enabled('tenant-a'),
      await audience.enabled('tenant-b'),
      await audience.enabled('tenant-a'),
      await audience.enabled('tenant-b'),
    ];

    // Assess
    expect(answers).toEqual([true, false, true, false]);
    expect(reads).toEqual(['tenant-a', 'tenant-b']);
  });

  it('reads again at once after forget: a PUT of the settings in this container is seen by the next event', async () => {
    // Prepare
    const { audience, reads, turn } = await setup();
    await audience.enabled('tenant-a');
    await audience.enabled('tenant-b');
    await turn('tenant-a', true);

    // Act
    audience.forget('tenant-a');
    const a = await audience.enabled('tenant-a');
    const b = await audience.enabled('tenant-b');

    // Assess
    expect([a, b]).toEqual([true, false]);
    expect(reads).toEqual(['tenant-a', 'tenant-b', 'tenant-a']);
  });

  it('does not remember a read that was under way when the tenant was forgotten (it may predate the write)', async () => {
    // Prepare
    const { audience, reads, turn } = await setup();
    const underWay = audience.enabled('tenant-a');
    audience.forget('tenant-a');
    await turn('tenant-a', true);

    // Act
    await underWay;
    const next = await audience.enabled('tenant-a');

    // Assess
    expect(next).toBe(true);
    expect(reads).toEqual(['tenant-a', 'tenant-a']);
  });

  it('keeps at most `capacity` tenants, forgetting the least recently used', async () => {
    // Prepare
    const { audience, reads } = await setup(2);
    await audience.enabled('tenant-a');
    await audience.enabled('tenant-b');
    await audience.enabled('tenant-a');

    // Act
    await audience.enabled('tenant-c');
    await audience.enabled('tenant-a');
    await audience.enabled('tenant-b');

    // Assess
    expect(reads).toEqual(['tenant-a', 'tenant-b', 'tenant-c', 'tenant-b']);
  });
});
