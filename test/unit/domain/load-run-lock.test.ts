import { describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../support/test-dependencies.ts';

const t0 = new Date('2026-12-02T10:00:00.000Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('the load-balancing run lock of a site (DynamoDB, conditional writes)', () => {
  it('one run at a time: a second trigger is superseded, and the holder runs again for it', async () => {
    // Prepare
    const { loadRuns } = await createTestDependencies();
    await loadRuns.request('tenant-a', 'site-1');
    const first = await loadRuns.acquire('tenant-a', 'site-1', 'run-1', t0, 240);

    // Act
    await loadRuns.request('tenant-a', 'site-1');
    const second = await loadRuns.acquire('tenant-a', 'site-1', 'run-2', later(1), 240);
    const released = await loadRuns.release('tenant-a', 'site-1', 'run-1', first!, later(2), 240);
    const releasedAgain =
      released.outcome === 'again'
        ? await loadRuns.release('tenant-a', 'site-1', 'run-1', released.generation, later(3), 240)
        : released;

    // Assess
    expect(first).toBe(1);
    expect(second).toBeUndefined();
    expect(released).toEqual({ outcome: 'again', generation: 2 });
    expect(releasedAgain).toEqual({ outcome: 'released' });
  });

  it('a trigger tells who holds the lock, and until when', async () => {
    // Prepare
    const { loadRuns } = await createTestDependencies();
    const free = await loadRuns.request('tenant-a', 'site-1');
    await loadRuns.acquire('tenant-a', 'site-1', 'run-1', t0, 240);

    // Act
    const held = await loadRuns.request('tenant-a', 'site-1');
    const released = await loadRuns.release('tenant-a', 'site-1', 'run-1', 2, later(1), 240);
    const freeAgain = await loadRuns.request('tenant-a', 'site-1');

    // Assess
    expect(free).toEqual({ requested: 1 });
    expect(held).toEqual({ requested: 2, holder: { runId: 'run-1', lockedUntil: later(240).toISOString() } });
    expect(released).toEqual({ outcome: 'released' });
    expect(freeAgain).toEqual({ requested: 3 });
  });

  it('a retried task of the same run takes its own lock again', async () => {
    // Prepare
    const { loadRuns } = await createTestDependencies();
    await loadRuns.request('tenant-a', 'site-1');
    await loadRuns.acquire('tenant-a', 'site-1', 'run-1', t0, 240);

    // Act
    await loadRuns.request('tenant-a', 'site-1');
    const retried = await loadRuns.acquire('tenant-a', 'site-1', 'run-1', later(5), 240);

    // Assess
    expect(retried).toBe(2);
  });

  it('a run that died frees the site when its lease lapses; it cannot release what another took', async () => {
    // Prepare
    const { loadRuns } = await createTestDependencies();
    await loadRuns.request('tenant-a', 'site-1');
    const dead = await loadRuns.acquire('tenant-a', 'site-1', 'run-1', t0, 240);

    // Act
    await loadRuns.request('tenant-a', 'site-1');
    const early = await loadRuns.acquire('tenant-a', 'site-1', 'run-2', later(239), 240);
    const taken = await loadRuns.acquire('tenant-a', 'site-1', 'run-2', later(241), 240);
    const stale = await loadRuns.release('tenant-a', 'site-1', 'run-1', dead!, later(242), 240);
    const done = await loadRuns.release('tenant-a', 'site-1', 'run-2', taken!, later(243), 240);

    // Assess
    expect(early).toBeUndefined();
    expect(taken).toBe(2);
    expect(stale).toEqual({ outcome: 'lost' });
    expect(done).toEqual({ outcome: 'released' });
  });

  it('sites and tenants have locks of their own', async () => {
    // Prepare
    const { loadRuns } = await createTestDependencies();
    await loadRuns.request('tenant-a', 'site-1');
    await loadRuns.acquire('tenant-a', 'site-1', 'run-1', t0, 240);

    // Act
    await loadRuns.request('tenant-a', 'site-2');
    await loadRuns.request('tenant-b', 'site-1');
    const otherSite = await loadRuns.acquire('tenant-a', 'site-2', 'run-2', t0, 240);
    const otherTenant = await loadRuns.acquire('tenant-b', 'site-1', 'run-3', t0, 240);

    // Assess
    expect(otherSite).toBe(1);
    expect(otherTenant).toBe(1);
  });
});

describe('the allocation store: live allocations and the history of limits sent', () => {
  it('keeps the history newest first, page by page, with a TTL', async () => {
    // Prepare
    const { allocations } = await createTestDependencies();
    const entry = (sentAt: string, chargerId: string) => ({
      tenantId: 'tenant-a',
      siteId: 'site-1',
      chargerId,
      evseId: 1,
      sessionId: `S-${chargerId}`,
      limitA: 10,
      sentAt,
      status: 'Accepted' as const,
    });
    await allocations.record([
      entry('2026-12-02T10:00:00.000Z', 'cp-1'),
      entry('2026-12-02T10:00:01.000Z', 'cp-2'),
      entry('2026-12-02T10:00:02.000Z', 'cp-3'),
    ]);

    // Act
    const first = await allocations.history('tenant-a', 'site-1', { limit: 2 });
    const second = await allocations.history('tenant-a', 'site-1', { limit: 2, cursor: first.cursor! });
    const otherSite = await allocations.history('tenant-a', 'site-2', { limit: 2 });

    // Assess
    expect(first.items.map((item) => item.chargerId)).toEqual(['cp-3', 'cp-2']);
    expect(second.items.map((item) => item.chargerId)).toEqual(['cp-1']);
    expect(second.cursor).toBeUndefined();
    expect(otherSite.items).toEqual([]);
  });
});
