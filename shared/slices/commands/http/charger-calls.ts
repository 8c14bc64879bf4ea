import { z } from 'zod';
import { maxCommandWaitSeconds } from '../../../config.ts';
import { ApiError, apiErrors } from '../../../http/api-error.ts';
import type { OperationResult } from '../../../http/operation.ts';
import { errorResponseSchema } from '../../../http/schemas.ts';
import type { Command } from '../model.ts';

/**
 * Answers of the operations that send OCPP calls for a use case (reservations, local list, firmware,
 * diagnostics), in the terms of the command API: 409 when the charger is offline, 429 when its queue is full,
 * 202 when the wait ended first (sent or still queued), 504 when the charger never answered, 502 for a
 * CALLERROR or an invalid answer.
 */

export const waitQuerySchema = z.strictObject({
  waitSeconds: z.coerce.number().int().min(0).max(maxCommandWaitSeconds).optional().meta({
    description:
      "How long to wait for the charger's answer before answering 202 (default COMMAND_WAIT_SECONDS)",
  }),
});

export const chargerOffline = (chargerId: string) =>
  new ApiError(409, 'charger_offline', `charger ${chargerId} is not connected`);

/**
 * OCPP-J allows one outstanding call per direction, so a charger's calls queue behind each other
 * (`call-queue.ts`). The queue is bounded: beyond `maxQueuedCalls` waiting, a caller is told to come back when a
 * place frees, at the latest when the call in the slot times out.
 */
export const chargerQueueFull = (chargerId: string, retryAfterSeconds: number) =>
  new ApiError(
    429,
    'charger_queue_full',
    `charger ${chargerId} has too many calls waiting; OCPP allows one outstanding call per charger: retry later`,
    { 'retry-after': String(retryAfterSeconds) },
  );

/** The error of a call that did not go out. */
export const unsentError = (
  chargerId: string,
  result:
    | { readonly kind: 'offline' }
    | { readonly kind: 'queueFull'; readonly retryAfterSeconds: number }
    | { readonly kind: 'refused' | 'invalid'; readonly message: string },
): ApiError => {
  switch (result.kind) {
    case 'offline':
      return chargerOffline(chargerId);
    case 'queueFull':
      return chargerQueueFull(chargerId, result.retryAfterSeconds);
    default:
      return apiErrors.badRequest(result.message);
  }
};

/**
 * A command that did not complete: 202 while queued or pending (`Location`: where to look next), 504 timed
 * out, 409 the connection was lost, 502 CALLERROR or invalid answer. `body` adds fields to every answer.
 */
export const unsuccessfulCommand = (
  command: Command,
  options: { location?: string; body?: Record<string, unknown> } = {},
): OperationResult => {
  const { commandId } = command;
  const extra = { ...options.body, commandId };
  if (command.status === 'pending' || command.status === 'queued') {
    return {
      status: 202,
      body: { ...extra, status: command.status },
      headers: { location: options.location ?? `/v1/commands/${commandId}` },
    };
  }
  if (command.status === 'timeout') {
    return {
      status: 504,
      body: {
        error: {
          code: 'charger_timeout',
          message: `charger ${command.chargerId} did not answer ${command.action} in time`,
        },
        ...extra,
      },
    };
  }
  const error = command.error;
  if (error?.kind === 'offline') {
    return {
      status: 409,
      body: { error: { code: 'charger_offline', message: error.description }, ...extra },
    };
  }
  const invalid = error?.kind === 'invalidResponse';
  return {
    status: 502,
    body: {
      error: {
        code: invalid ? 'invalid_charger_response' : 'charger_error',
        message: invalid
          ? `charger ${command.chargerId} answered ${command.action} with an invalid CALLRESULT`
          : `charger ${command.chargerId} answered ${command.action} with ${error?.code ?? 'an error'}`,
      },
      ...extra,
      ocppError: {
        code: error?.code ?? 'GenericError',
        description: error?.description ?? '',
        ...(error?.details !== undefined && { details: error.details }),
      },
    },
  };
};

const commandErrorSchema = errorResponseSchema.extend({ commandId: z.string().optional() });

/** The 202 body: the call is still waiting, behind others (`queued`) or for the charger's answer (`pending`). */
export const waitingCommandSchema = z.object({
  commandId: z.string(),
  status: z.enum(['queued', 'pending']).meta({
    description:
      "queued: waits behind other calls to the charger (OCPP allows one at a time); pending: sent, awaiting the charger's answer",
  }),
});

/** The responses every call-sending operation can give besides its success. */
export const callResponses = {
  202: {
    description: 'Still waiting (queued behind other calls, or sent): look at Location later',
    schema: waitingCommandSchema.loose(),
  },
  404: { description: 'No such charger in this tenant (or not visible to this key)' },
  409: { description: 'charger_offline: not connected', schema: commandErrorSchema },
  429: {
    description:
      'charger_queue_full: too many calls wait for this charger (MAX_QUEUED_CALLS); retry after Retry-After seconds. Also rate_limited',
    schema: commandErrorSchema,
  },
  502: {
    description: 'The charger answered with a CALLERROR or an invalid CALLRESULT',
    schema: commandErrorSchema,
  },
  504: { description: 'The charger did not answer before the call timed out', schema: commandErrorSchema },
} as const;
