import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { FileStore } from '../slices/firmware/ports.ts';
import { tenantSessionTag } from '../topology/tenant-role.ts';
import { setRecentlyUsed } from './recently-used.ts';

/**
 * Tenant-scoped credentials, the AWS SaaS pattern: the functions that serve a tenant assume one tenant role with
 * the tenant as session tag, and that role's policy (lib/constructs/tenant-data-role.ts) allows only keys led by
 * `TENANT#${aws:PrincipalTag/tenant}`. A bug that builds another tenant's key is then refused by IAM, not only
 * by the application code.
 */

/** A Lambda role assuming another is role chaining, which caps a session at one hour. */
export const tenantSessionSeconds = 3600;

/**
 * Tenants whose clients a container keeps. An entry is a DynamoDB client (sharing the function's HTTP handler
 * and sockets) and its repositories, a few kilobytes; a tenant beyond this costs one AssumeRole when it comes back.
 */
export const tenantScopeCapacity = 256;

/** RoleSessionName allows `[\w+=,.@-]{2,64}`; CloudTrail shows it, so it names the tenant. */
export const tenantSessionName = (tenantId: string): string =>
  `tenant-${tenantId.replace(/[^\w+=,.@-]/g, '_')}`.slice(0, 64);

/**
 * Credentials of the tenant role for `tenantId`. The SDK client given them memoizes them and assumes the role
 * again only when they are about to expire (five minutes ahead): one STS call per tenant, container and hour,
 * none per request. STS goes through the calling client's HTTP handler, with the function role's credentials.
 */
export const tenantRoleCredentials = (options: {
  readonly roleArn: string;
  readonly region: string;
  readonly tenantId: string;
}): AwsCredentialIdentityProvider =>
  fromTemporaryCredentials({
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: tenantSessionName(options.tenantId),
      DurationSeconds: tenantSessionSeconds,
      Tags: [{ Key: tenantSessionTag, Value: options.tenantId }],
    },
    clientConfig: { region: options.region },
  });

/** `build` once per tenant and container, the `capacity` most recently used kept (see recently-used.ts). */
export const perTenant = <T>(build: (tenantId: string) => T, capacity = tenantScopeCapacity) => {
  const built = new Map<string, T>();
  return (tenantId: string): T =>
    setRecentlyUsed(built, tenantId, built.get(tenantId) ?? build(tenantId), capacity);
};

/**
 * The file store of one tenant: keys are tenant first (`<tenantId>/…`, see firmware/maintenance.ts), and a key
 * of another tenant is refused here, as the tenant role's S3 statement would refuse it.
 */
export const confineFileStore = (files: FileStore, tenantId: string): FileStore => {
  const check = (key: string): string => {
    if (!key.startsWith(`${tenantId}/`)) throw new Error(`file key ${key} is not of tenant ${tenantId}`);
    return key;
  };
  return {
    uploadUrl: async (key, expiresInSeconds) => files.uploadUrl(check(key), expiresInSeconds),
    downloadUrl: async (key, expiresInSeconds) => files.downloadUrl(check(key), expiresInSeconds),
  };
};
