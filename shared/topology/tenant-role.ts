/**
 * The session tag that names the tenant when a tenant-serving function assumes the tenant role: the adapter
 * sets it (shared/adapters/tenant-credentials.ts), the role's policy reads it (lib/constructs/tenant-data-role.ts).
 */
export const tenantSessionTag = 'tenant';
