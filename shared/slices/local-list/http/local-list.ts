import { z } from 'zod';
import { ApiError } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import {
  callResponses,
  unsentError,
  unsuccessfulCommand,
  waitQuerySchema,
} from '../../commands/http/charger-calls.ts';
import { getLocalListSummary, maxLocalListEntries } from '../local-list.ts';
import { checkLocalListVersion, syncLocalList } from '../local-list-sync.ts';

/** The local authorization list of a charger (OCPP 1.6 SendLocalList / GetLocalListVersion). */

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });

const syncRequestSchema = z.strictObject({
  mode: z.enum(['full', 'differential']).meta({
    description:
      "full: replace the charger's list; differential: send what changed since the version the charger " +
      'accepted last (a full sync when the charger reports another version, or none was sent yet)',
  }),
  maxItemsPerMessage: z
    .number()
    .int()
    .min(1)
    .max(maxLocalListEntries)
    .optional()
    .meta({
      description:
        'At most this many entries per SendLocalList (besides the 128 KB message limit and the ' +
        "charger's SendLocalListMaxLength, when it reported one)",
    }),
});

const partSchema = z.object({
  listVersion: z.number().int(),
  updateType: z.enum(['Full', 'Differential']),
  entries: z.number().int(),
  commandId: z.string().optional(),
  outcome: z.string().meta({
    description:
      "The charger's status (Accepted, Failed, NotSupported, VersionMismatch); pending: the wait ended first " +
      '(the part is sent, or still queued behind other calls to the charger); ' +
      'failed, timeout: no valid answer (see error); notSent: a part before it was not accepted',
  }),
  error: z.object({ kind: z.string(), code: z.string(), description: z.string() }).loose().optional(),
});

const syncResponseSchema = z
  .object({
    chargerId: z.string(),
    status: z.enum(['upToDate', 'synced', 'failed', 'pending']),
    mode: z.enum(['full', 'differential']).meta({ description: 'The mode used' }),
    fullReason: z
      .enum(['noSnapshot', 'versionMismatch'])
      .optional()
      .meta({ description: 'Why a differential sync went full' }),
    fromVersion: z.number().int(),
    toVersion: z.number().int().meta({ description: 'The version of the last part the charger accepted' }),
    entries: z.number().int().meta({ description: "Entries of the tenant's list" }),
    skipped: z
      .array(z.string())
      .meta({ description: 'Id tokens longer than 20 characters (OCPP 1.6), left out' }),
    parts: z.array(partSchema).meta({ description: 'One per SendLocalList message, in order' }),
  })
  .meta({ id: 'LocalListSync' });

const summarySchema = z
  .object({
    chargerId: z.string(),
    synced: z.boolean().meta({ description: 'Whether the charger ever accepted a list from the CSMS' }),
    version: z.number().int().optional(),
    entryCount: z.number().int().optional(),
    updateType: z.enum(['Full', 'Differential']).optional(),
    syncedAt: z.string().optional(),
  })
  .meta({ id: 'LocalList' });

export const localListOperations = {
  syncLocalList: defineOperation({
    summary: "Send the tenant's id tokens to the charger's local authorization list (OCPP 1.6 SendLocalList)",
    request: { path: chargerPathSchema, query: waitQuerySchema, body: syncRequestSchema },
    responses: {
      200: { description: 'Every part was answered (see status and parts)', schema: syncResponseSchema },
      ...callResponses,
      202: {
        description: 'The wait ended before the charger answered a part; a later differential sync continues',
        schema: syncResponseSchema,
      },
      409: { description: 'charger_offline, local_list_too_large' },
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await syncLocalList(deps, {
        tenantId: tenant.tenantId,
        view,
        mode: body.mode,
        ...(body.maxItemsPerMessage !== undefined && { maxItemsPerMessage: body.maxItemsPerMessage }),
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      switch (result.kind) {
        case 'tooLarge':
          throw new ApiError(409, 'local_list_too_large', result.message);
        case 'versionUnknown':
          return unsuccessfulCommand(result.command);
        case 'done': {
          const { kind: _kind, ...sync } = result;
          const answer = { chargerId: path.chargerId, ...sync };
          const pending = sync.parts.find((part) => part.outcome === 'pending');
          return sync.status === 'pending' && pending?.commandId
            ? { status: 202, body: answer, headers: { location: `/v1/commands/${pending.commandId}` } }
            : { status: 200, body: answer };
        }
        default:
          throw unsentError(path.chargerId, result);
      }
    },
  }),

  getLocalList: defineOperation({
    summary: 'The local list version the charger accepted last, and its size',
    request: { path: chargerPathSchema },
    responses: {
      200: { description: 'The local list as the CSMS knows it', schema: summarySchema },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const summary = await getLocalListSummary(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
      });
      return {
        status: 200,
        body: summary
          ? {
              chargerId: path.chargerId,
              synced: true,
              version: summary.version,
              entryCount: summary.entryCount,
              updateType: summary.updateType,
              syncedAt: summary.updatedAt,
            }
          : { chargerId: path.chargerId, synced: false },
      };
    },
  }),

  checkLocalListVersion: defineOperation({
    summary: 'Ask the charger for its local list version (OCPP 1.6 GetLocalListVersion) and compare',
    request: { path: chargerPathSchema, query: waitQuerySchema },
    responses: {
      200: {
        description: "The charger's version next to the one the CSMS recorded",
        schema: z.object({
          chargerId: z.string(),
          commandId: z.string(),
          chargerVersion: z.number().int().meta({ description: '0: empty list; -1: not supported' }),
          storedVersion: z.number().int().optional(),
          inSync: z.boolean(),
        }),
      },
      ...callResponses,
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await checkLocalListVersion(deps, {
        tenantId: tenant.tenantId,
        view,
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      if (result.kind !== 'sent') throw unsentError(path.chargerId, result);
      if (result.chargerVersion === undefined) return unsuccessfulCommand(result.command);
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          commandId: result.command.commandId,
          chargerVersion: result.chargerVersion,
          ...(result.storedVersion !== undefined && { storedVersion: result.storedVersion }),
          inSync: result.storedVersion === result.chargerVersion,
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
