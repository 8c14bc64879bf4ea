import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A platform-admin key reaches every tenant; shorter given keys are refused (a generated one has 54). */
export const minAdminKeyLength = 32;

/** Why `key` cannot be the platform-admin key, or undefined when it can. */
export const adminKeyProblem = (key: string): string | undefined =>
  key.length < minAdminKeyLength
    ? `CSMS_ADMIN_KEY must be at least ${minAdminKeyLength} characters long, got ${key.length}`
    : undefined;

export type AdminKeySource = 'environment' | 'data-dir' | 'generated';

/** The platform-admin key: from CSMS_ADMIN_KEY, else the one saved in the data dir, else a new one saved there. */
export const resolveAdminKey = (
  dataDir: string,
  fromEnv: string | undefined,
): { key: string; generated: boolean; source: AdminKeySource } => {
  if (fromEnv) {
    const problem = adminKeyProblem(fromEnv);
    if (problem !== undefined) throw new Error(problem);
    return { key: fromEnv, generated: false, source: 'environment' };
  }
  const file = join(dataDir, 'admin-key');
  if (existsSync(file)) {
    return { key: readFileSync(file, 'utf8').trim(), generated: false, source: 'data-dir' };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = `csms_admin_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true, source: 'generated' };
};
