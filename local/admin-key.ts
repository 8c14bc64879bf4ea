import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The platform-admin key: from CSMS_ADMIN_KEY, else the one saved in the data dir, else a new one saved there. */
export const resolveAdminKey = (
  dataDir: string,
  fromEnv: string | undefined,
): { key: string; generated: boolean } => {
  if (fromEnv) return { key: fromEnv, generated: false };
  const file = join(dataDir, 'admin-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = `csms_admin_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
};
