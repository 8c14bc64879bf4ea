import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema, errorResponseSchema } from '../../../http/schemas.ts';
import { canSeeSite } from '../../../http/site-access.ts';
import { csmsInitiatedActions } from '../../../ocpp/csms-actions.ts';
import type { OcppVersion } from '../../../ocpp/versions.ts';
import type { Dependencies } from '../../dependencies.ts';
import { type CallMapping, type ChargerCommandName, chargerCommands } from '../command-catalog.ts';
import type { Command } from '../model.ts';
import { awaitCommand, findCommandTarget, getCommand, sendOcppCall } from '../remote-commands.ts';
import { redactCommand, redactedValue } from '../secret-redaction.ts';
import {
  callResponses,
  chargerOffline,
  chargerQueueFull,
  unsuccessfulCommand,
  waitingCommandSchema,
  waitQuerySchema,
} from './charger-calls.ts';

/**
 * Commands to chargers. The API waits for the charger's answer up to `waitSeconds` (default
 * COMMAND_WAIT_SECONDS, at most 25: API Gateway cuts an integration at 29 s), then answers:
 * - 200 with the answer;
 * - 502 when the charger answered with a CALLERROR, or with a CALLRESULT that breaks the action's schema;
 * - 504 when the call timed out (COMMAND_TIMEOUT_SECONDS without an answer): it is over, nothing will come;
 * - 202 with the command id, its status and `Location: /v1/commands/{commandId}` when the wait ended first:
 *   the call is still queued behind others or pending, and the charger may yet answer.
 * A call to a charger that has one outstanding waits in the charger's queue; a full queue answers 429.
 */

type Tenant = ReturnType<typeof tenantOf>;

const isCsmsInitiatedInAnyVersion = (action: string): boolean =>
  Object.values(csmsInitiatedActions).some((actions) => (actions as readonly string[]).includes(action));

/** Finds the charger, maps the request to its version's call, sends it and waits for the outcome. */
const execute = async (
  deps: Dependencies,
  input: {
    tenant: Tenant;
    chargerId: string;
    waitSeconds: number | undefined;
    toCall: (version: OcppVersion) => CallMapping;
  },
): Promise<Command> => {
  const { tenant, chargerId } = input;
  const target = await findCommandTarget(deps, { tenantId: tenant.tenantId, chargerId });
  if (target.kind === 'notFound' || !canSeeSite(tenant, target.charger.siteId))
    throw apiErrors.notFound(`charger ${chargerId}`);
  if (target.kind === 'offline') throw chargerOffline(chargerId);
  const mapping = input.toCall(target.connection.ocppVersion);
  if (!mapping.ok) throw apiErrors.badRequest(mapping.message);

  const sent = await sendOcppCall(deps, {
    tenantId: tenant.tenantId,
    charger: target.charger,
    connection: target.connection,
    action: mapping.call.action,
    payload: mapping.call.payload,
    requestedBy: tenant.keyId,
  });
  switch (sent.kind) {
    case 'invalidAction':
    case 'invalidPayload':
      throw apiErrors.badRequest(sent.message);
    case 'queueFull':
      throw chargerQueueFull(chargerId, sent.retryAfterSeconds);
    case 'offline':
      throw chargerOffline(chargerId);
    case 'sent':
    case 'queued':
      // Redacted when stored; again here for records stored before that.
      return redactCommand(
        await awaitCommand(deps, {
          tenantId: tenant.tenantId,
          commandId: sent.command.commandId,
          waitSeconds: input.waitSeconds ?? deps.settings.commandWaitSeconds,
        }),
      );
  }
};

// ---- schemas ----

const ocppPathSchema = z.strictObject({
  chargerId: chargerIdSchema,
  action: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'an OCPP action name, e.g. Reset')
    .meta({ example: 'Reset' }),
});

const commandPathSchema = z.strictObject({
  commandId: z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'the id a command request returned'),
});

const payloadSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'An OCPP payload, as defined by the OCA JSON schemas of its version' });

const secretsNote = `secret values (1.6 AuthorizationKey, 2.0.1 SecurityCtrlr.BasicAuthPassword, SetNetworkProfile passwords, keys named like a password or secret) are shown as "${redactedValue}"`;

const ocppCallResponseSchema = z.object({
  commandId: z.string(),
  response: payloadSchema.meta({ description: "The charger's CALLRESULT payload" }),
});

const commandErrorBodySchema = errorResponseSchema.extend({ commandId: z.string().optional() });

const chargerErrorResponseSchema = errorResponseSchema
  .extend({
    commandId: z.string(),
    ocppError: z.object({ code: z.string(), description: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'ChargerError' });

const normalizedResponseSchema = z.object({
  commandId: z.string(),
  status: z
    .string()
    .optional()
    .meta({ description: "The charger's status, e.g. Accepted, Rejected, Scheduled, Unlocked" }),
  values: z
    .array(
      z.object({
        key: z.string(),
        value: z.string().optional(),
        readonly: z.boolean().optional(),
        status: z.string(),
      }),
    )
    .optional()
    .meta({ description: 'get-configuration: the values read' }),
  raw: payloadSchema.meta({ description: "The charger's CALLRESULT payload" }),
});

export const commandResponseSchema = z
  .object({
    commandId: z.string(),
    chargerId: z.string(),
    siteId: z.string().optional(),
    ocppVersion: z.enum(['ocpp1.6', 'ocpp2.0.1']),
    action: z.string(),
    payload: payloadSchema.meta({ description: `The request as sent; ${secretsNote}` }),
    status: z.enum(['queued', 'pending', 'completed', 'failed', 'timeout']).meta({
      description:
        'queued: waits behind other calls to the charger; pending: sent (sentAt), awaiting the answer; then the outcome',
    }),
    response: payloadSchema.optional().meta({ description: `The charger's answer; ${secretsNote}` }),
    error: z
      .object({
        kind: z.enum(['callError', 'invalidResponse', 'offline', 'sendFailed']),
        code: z.string(),
        description: z.string(),
        details: z.unknown().optional(),
      })
      .optional(),
    requestedAt: z.string(),
    requestedBy: z.string(),
    expiresAt: z.string().meta({
      description:
        'Still pending then: the command times out. While queued, the latest that can be (every call ahead timing out)',
    }),
    sentAt: z
      .string()
      .optional()
      .meta({ description: 'When the CALL went out to the charger; absent while queued' }),
    completedAt: z.string().optional(),
  })
  .meta({ id: 'Command' });

const toCommandResponse = (command: Command): z.infer<typeof commandResponseSchema> => {
  const { tenantId: _tenantId, messageId: _messageId, ...visible } = redactCommand(command);
  return visible as z.infer<typeof commandResponseSchema>;
};

const commandResponses = (success: { description: string; schema: z.ZodType }) => ({
  200: success,
  202: {
    description:
      'Still waiting, queued behind other calls or for the answer: poll Location (/v1/commands/{commandId})',
    schema: waitingCommandSchema,
  },
  404: { description: 'No such charger in this tenant (or not visible to this key)' },
  409: { description: 'charger_offline: the charger is not connected', schema: commandErrorBodySchema },
  502: {
    description: 'The charger answered with a CALLERROR or an invalid CALLRESULT',
    schema: chargerErrorResponseSchema,
  },
  504: {
    description: 'The charger did not answer before the call timed out',
    schema: commandErrorBodySchema,
  },
  ...errors,
  // The charger queue's 429 (the rate limit's is described with it).
  429: callResponses[429],
});

// ---- operations ----

/** operationId of each version-neutral command: `POST /v1/chargers/{chargerId}/commands/{command}`. */
export const commandOperationIds: Record<ChargerCommandName, string> = {
  'remote-start': 'remoteStart',
  'remote-stop': 'remoteStop',
  reset: 'resetCharger',
  'unlock-connector': 'unlockConnector',
  'change-availability': 'changeAvailability',
  'trigger-message': 'triggerMessage',
  'get-configuration': 'getConfiguration',
  'set-configuration': 'setConfiguration',
};

const chargerCommandOperation = (name: ChargerCommandName): Operation => {
  const command = chargerCommands[name];
  return defineOperation({
    summary: command.summary,
    request: {
      body: command.schema,
      query: waitQuerySchema,
      path: z.strictObject({ chargerId: chargerIdSchema }),
    },
    responses: commandResponses({
      description: "The charger's answer, normalized, with the raw CALLRESULT",
      schema: normalizedResponseSchema,
    }),
    role: 'operator',
    async handle(deps, { body, query, path, principal }) {
      const result = await execute(deps, {
        tenant: tenantOf(principal),
        chargerId: path.chargerId,
        waitSeconds: query.waitSeconds,
        toCall: (version) => command.toCall(version, body),
      });
      if (result.status !== 'completed' || !result.response) return unsuccessfulCommand(result);
      return {
        status: 200,
        body: {
          commandId: result.commandId,
          ...command.normalize(result.ocppVersion, result.response),
          raw: result.response,
        },
      };
    },
  });
};

export const commandOperations = {
  sendOcppCall: defineOperation({
    summary: "Send an OCPP call of the charger's version (raw passthrough) and return its answer",
    request: { body: payloadSchema, query: waitQuerySchema, path: ocppPathSchema },
    responses: commandResponses({ description: "The charger's CALLRESULT", schema: ocppCallResponseSchema }),
    role: 'operator',
    async handle(deps, { body, query, path, principal }) {
      // An action of neither version is refused even for an offline charger.
      if (!isCsmsInitiatedInAnyVersion(path.action))
        throw apiErrors.badRequest(`${path.action} is not a CSMS-initiated OCPP action`);
      const result = await execute(deps, {
        tenant: tenantOf(principal),
        chargerId: path.chargerId,
        waitSeconds: query.waitSeconds,
        toCall: () => ({ ok: true, call: { action: path.action, payload: body } }),
      });
      if (result.status !== 'completed' || !result.response) return unsuccessfulCommand(result);
      return { status: 200, body: { commandId: result.commandId, response: result.response } };
    },
  }),

  getCommand: defineOperation({
    summary: 'A command sent to a charger, with its outcome once known',
    request: { path: commandPathSchema },
    responses: {
      200: { description: 'The command', schema: commandResponseSchema },
      404: { description: 'No such command in this tenant' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const command = await getCommand(deps, { tenantId: tenant.tenantId, commandId: path.commandId });
      if (!command || !canSeeSite(tenant, command.siteId))
        throw apiErrors.notFound(`command ${path.commandId}`);
      return { status: 200, body: toCommandResponse(command) };
    },
  }),

  ...Object.fromEntries(
    (Object.keys(commandOperationIds) as ChargerCommandName[]).map((name) => [
      commandOperationIds[name],
      chargerCommandOperation(name),
    ]),
  ),
} satisfies Record<string, Operation>;
