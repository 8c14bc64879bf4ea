import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { AuditEntry } from './model.ts';

/** Records one successful mutating API call under the tenant it concerns. */
export const recordAudit = async (
  deps: Pick<Dependencies, 'auditLog' | 'clock' | 'ids'>,
  input: Omit<AuditEntry, 'entryId' | 'at'>,
): Promise<AuditEntry> => {
  const entry: AuditEntry = { ...input, entryId: deps.ids.next(), at: deps.clock.now().toISOString() };
  await deps.auditLog.record(entry);
  return entry;
};

/** One month (`yyyy-mm`, the current month when absent) of a tenant's audit log, newest first. */
export const listAuditLog = (
  deps: Pick<Dependencies, 'auditLog' | 'clock'>,
  input: { tenantId: string; month?: string; limit: number; cursor?: string },
): Promise<Page<AuditEntry>> => {
  const { tenantId, month, ...query } = input;
  return deps.auditLog.list(tenantId, {
    month: month ?? deps.clock.now().toISOString().slice(0, 7),
    ...query,
  });
};
