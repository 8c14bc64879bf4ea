import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../local/runtime.ts';

/** Errors still reach the test output; the rest of the local runtime's chatter does not. */
export const quietLogger = { info: () => undefined, error: (...args: unknown[]) => console.error(...args) };

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'csms-test-'));

/** A local runtime on free ports with its own data dir; `stop` closes it and, unless kept, removes the dir. */
export const startTestRuntime = async (options: LocalRuntimeOptions = {}) => {
  const dataDir = options.dataDir ?? newDataDir();
  const runtime: LocalRuntime = await startLocalRuntime({
    ocppPort: 0,
    apiPort: 0,
    logger: quietLogger,
    // Test files fire requests back to back; a rate-limit test gives its tenant a small limit of its own.
    apiRateLimitPerSecond: 1000,
    // Schedules run when a test says (`runtime.schedules.run`), never behind a test that makes time pass.
    scheduleMsPerMinute: 0,
    ...options,
    dataDir,
  });
  return {
    runtime,
    async stop({ keepData = false } = {}) {
      await runtime.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
