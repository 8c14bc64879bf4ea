import { describe, expect, it } from 'vitest';
import { runMigrationBench } from '../../scripts/bench/migration-run.ts';

/* The migration bench (`npm run bench:migration`) at a tiny scale: every phase runs and its figures add up. */

describe('migration bench at a tiny scale', () => {
  it('imports, connects every charger with its legacy password, and reads the fleet and cohort reports', async () => {
    // Act
    const figures = await runMigrationBench({
      chargers: 12,
      idTokens: 30,
      cohortSize: 3,
      connectConcurrency: 12,
      deadlineMs: 60_000,
    });

    // Assess
    expect(figures).toMatchObject({
      chargersImported: 12,
      tokensCreated: 30,
      driversCreated: 15,
      tokenReRunUnchanged: 30,
      connected: 12,
      connectFailures: 0,
      connectedFirstAttempt: 12,
      connectedAfterRetries: 0,
      neverConnected: 0,
      maxAttempts: 1,
      bootAccepted: 12,
      reconnect: { connected: 12, firstAttempt: 12, never: 0, bootAccepted: 12 },
      fleetReportPages: 1,
      fleetSummary: { chargers: 12, online: 12, neverConnected: 0 },
    });
    // The cohort's three chargers connected twice (the storm, then the reconnect storm after being cut off).
    expect(figures.cohortToday).toMatchObject({
      connections: 6,
      disconnections: 3,
      sessionsStarted: 3,
      sessionsEnded: 3,
    });
  }, 90_000);
});
