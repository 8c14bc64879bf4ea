import { z } from 'zod';
import type { OperationResult } from '../../../http/operation.ts';
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
import { createFirmwareFile, firmwareFilePattern, getMaintenanceOverview } from '../maintenance.ts';
import {
  type MaintenanceCallResult,
  requestDiagnostics,
  requestFirmwareUpdate,
} from '../maintenance-commands.ts';
import type { MaintenanceState } from '../model.ts';

/**
 * Firmware updates and diagnostics uploads of 1.6 chargers, and their status. Without a `location` of the
 * caller's own, chargers get presigned URLs of the CSMS's file bucket (locally: the runtime's S3 emulation):
 * they must support HTTP(S) transfers (PUT to upload, GET to download).
 */

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });
const dateTime = z.iso.datetime({ offset: true });
const retries = z
  .number()
  .int()
  .min(0)
  .max(100)
  .optional()
  .meta({ description: 'How often the charger retries' });
const retryInterval = z
  .number()
  .int()
  .min(0)
  .max(86_400)
  .optional()
  .meta({ description: 'Seconds between retries' });
const location = z
  .url({ protocol: /^(https?|ftps?|sftp)$/ })
  .max(2000)
  .optional()
  .meta({
    description:
      'A location of your own (HTTP(S) or FTP). Default: a presigned URL of the CSMS file store, to PUT to or GET ' +
      'from with plain HTTPS (HTTP locally) — the charger must support HTTP(S) transfers, and must not append a ' +
      'file name to it (some 1.6 chargers treat the GetDiagnostics location as a directory); SignedUpdateFirmware ' +
      'and GetLog allow 512 characters, which presigned URLs on AWS exceed: give a location of your own there',
  });

const firmwareUpdateRequestSchema = z.strictObject({
  firmwareFile: z
    .string()
    .regex(firmwareFilePattern, 'as returned by POST /v1/firmware-files')
    .optional()
    .meta({ description: 'A file uploaded with POST /v1/firmware-files; or give location' }),
  location,
  retrieveDate: dateTime.optional().meta({ description: 'When the charger downloads it; default: now' }),
  retries,
  retryInterval,
  signingCertificate: z
    .string()
    .max(5500)
    .optional()
    .meta({ description: 'Signed firmware (security extension SignedUpdateFirmware): PEM certificate' }),
  signature: z.string().max(800).optional().meta({ description: 'Signed firmware: Base64 signature' }),
  installDate: dateTime.optional().meta({ description: 'Signed firmware: when to install it' }),
});

const diagnosticsRequestSchema = z.strictObject({
  logType: z
    .enum(['DiagnosticsLog', 'SecurityLog'])
    .optional()
    .meta({ description: 'Security extension GetLog of this type; absent: GetDiagnostics' }),
  location,
  startTime: dateTime.optional().meta({ description: 'Oldest entries to include' }),
  stopTime: dateTime.optional().meta({ description: 'Newest entries to include' }),
  retries,
  retryInterval,
});

const maintenanceStateSchema = z.object({
  status: z.string().optional().meta({ description: 'The status the charger reported last' }),
  statusAt: z.string().optional(),
  requestId: z.number().int().optional(),
  locations: z.array(z.string()).readonly().optional().meta({
    description: 'Firmware publication (2.0.1 local controller): where the last status says it serves it',
  }),
  request: z
    .object({
      action: z.string(),
      commandId: z.string(),
      requestedAt: z.string(),
      requestedBy: z.string(),
      requestId: z.number().int().optional(),
      usesFileStore: z.boolean().meta({ description: 'The charger got a URL of the CSMS file store' }),
      answerStatus: z.string().optional(),
      fileName: z.string().optional(),
    })
    .optional()
    .meta({ description: 'The last request' }),
  history: z
    .array(
      z.object({
        status: z.string(),
        at: z.string(),
        requestId: z.number().int().optional(),
        locations: z.array(z.string()).readonly().optional(),
      }),
    )
    .meta({ description: 'The statuses reported, oldest first (the last 20)' }),
  updatedAt: z.string(),
});

const toStateResponse = (state: MaintenanceState): z.infer<typeof maintenanceStateSchema> => {
  const { tenantId: _t, chargerId: _c, kind: _k, revision: _r, request, history, ...rest } = state;
  const visible = { ...rest, history: [...history] };
  if (!request) return visible;
  const { fileKey, ...fields } = request;
  return { ...visible, request: { ...fields, usesFileStore: fileKey !== undefined } };
};

const requestResponseSchema = z.object({
  chargerId: z.string(),
  commandId: z.string(),
  action: z.string().meta({ description: 'The OCPP call sent' }),
  requestId: z.number().int().optional(),
  status: z.string().optional().meta({ description: 'GetLog / SignedUpdateFirmware: the charger’s answer' }),
  fileName: z.string().optional().meta({ description: 'GetDiagnostics / GetLog: the file it will upload' }),
  state: maintenanceStateSchema.optional(),
});

const answered = (chargerId: string, result: MaintenanceCallResult): OperationResult => {
  if (result.kind !== 'sent') throw unsentError(chargerId, result);
  const { command, state } = result;
  if (command.status !== 'completed') return unsuccessfulCommand(command);
  const payload = command.payload as { requestId?: number };
  const response = command.response as { status?: string; fileName?: string; filename?: string };
  const fileName = response.fileName ?? response.filename;
  return {
    status: 200,
    body: {
      chargerId,
      commandId: command.commandId,
      action: command.action,
      ...(payload.requestId !== undefined && { requestId: payload.requestId }),
      ...(response.status && { status: response.status }),
      ...(fileName && { fileName }),
      ...(state && { state: toStateResponse(state) }),
    },
  };
};

export const maintenanceOperations = {
  createFirmwareFile: defineOperation({
    summary: 'A place for a firmware file: PUT the file to uploadUrl, then name it in a firmware update',
    request: {
      body: z.strictObject({
        fileName: z
          .string()
          .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/, 'fileName: 1-100 characters of A-Z a-z 0-9 . _ -')
          .meta({ example: 'fw-2.1.0.bin' }),
      }),
    },
    responses: {
      201: {
        description:
          'Upload the file with an HTTP PUT of its bytes to uploadUrl (no extra headers) before expiresAt',
        schema: z.object({
          firmwareFile: z.string(),
          uploadUrl: z.string(),
          uploadMethod: z.literal('PUT'),
          expiresAt: z.string(),
        }),
      },
      ...errors,
    },
    role: 'operator',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      const file = await createFirmwareFile(deps, { tenantId: tenant.tenantId, fileName: body.fileName });
      return {
        status: 201,
        body: {
          firmwareFile: file.firmwareFile,
          uploadUrl: file.uploadUrl,
          uploadMethod: 'PUT',
          expiresAt: file.expiresAt,
        },
      };
    },
  }),

  updateFirmware: defineOperation({
    summary: 'Update the charger’s firmware (OCPP 1.6 UpdateFirmware, or SignedUpdateFirmware when signed)',
    request: { path: chargerPathSchema, query: waitQuerySchema, body: firmwareUpdateRequestSchema },
    responses: {
      200: {
        description: 'The charger answered; follow its progress in /maintenance',
        schema: requestResponseSchema,
      },
      ...callResponses,
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestFirmwareUpdate(deps, {
        tenantId: tenant.tenantId,
        view,
        ...body,
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return answered(path.chargerId, result);
    },
  }),

  requestDiagnostics: defineOperation({
    summary: 'Have the charger upload diagnostics (OCPP 1.6 GetDiagnostics, or GetLog with logType)',
    request: { path: chargerPathSchema, query: waitQuerySchema, body: diagnosticsRequestSchema },
    responses: {
      200: {
        description: 'The charger answered; once it reports Uploaded, /maintenance has a download URL',
        schema: requestResponseSchema,
      },
      ...callResponses,
      ...errors,
      // The charger queue's 429 (the rate limit's is described with it).
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestDiagnostics(deps, {
        tenantId: tenant.tenantId,
        view,
        ...body,
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return answered(path.chargerId, result);
    },
  }),

  getMaintenanceStatus: defineOperation({
    summary:
      'Firmware, diagnostics and firmware publication status of the charger, with a download URL of its uploaded diagnostics',
    request: { path: chargerPathSchema },
    responses: {
      200: {
        description: 'Each part is absent until a request or a status report',
        schema: z
          .object({
            chargerId: z.string(),
            firmware: maintenanceStateSchema.optional(),
            diagnostics: maintenanceStateSchema
              .extend({
                file: z
                  .object({ downloadUrl: z.string(), expiresAt: z.string() })
                  .optional()
                  .meta({ description: 'The file of the last request, once the charger reported Uploaded' }),
              })
              .optional(),
            firmwarePublication: maintenanceStateSchema.optional().meta({
              description:
                '2.0.1 local controllers: the statuses of the firmware they publish to the chargers behind them ' +
                '(PublishFirmwareStatusNotification)',
            }),
          })
          .meta({ id: 'ChargerMaintenance' }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const overview = await getMaintenanceOverview(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          ...(overview.firmware && { firmware: toStateResponse(overview.firmware) }),
          ...(overview.firmwarePublication && {
            firmwarePublication: toStateResponse(overview.firmwarePublication),
          }),
          ...(overview.diagnostics && {
            diagnostics: {
              ...toStateResponse(overview.diagnostics),
              ...(overview.diagnosticsFile && { file: overview.diagnosticsFile }),
            },
          }),
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
