import { z } from 'zod';
import { maxCommandWaitSeconds } from '../../../config.ts';
import { ApiError, apiErrors } from '../../../http/api-error.ts';
import type { OperationResult } from '../../../http/operation.ts';
import { errorResponseSchema } from '../../../http/schemas.ts';
import type { Command, PendingCall } from '../model.ts';

/**
 * Answers of the operations that send OCPP calls for a use case (reservations, local list, firmware,
 * diagnostics), in the terms of the command API: 409 when the call could not go out (offline, busy), 202 when
 * the wait ended first, 504 when the charger never answered, 502 for a CALLERROR or an invalid answer.
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
 * OCPP-J allows one outstanding call per direction. A queue would need a durable per-charger FIFO and a worker
 * woken by every answer and timeout, and a queued request would spend its 25 s behind others; chargers answer
 * in well under a second, so a busy charger is rare and short, and the caller knows best whether to retry.
 */
export const chargerBusy = (chargerId: string, holder?: Pick<PendingCall, 'commandId' | 'action'>) =>
  new ApiError(
    409,
    'charger_busy',
    `charger ${chargerId} is busy with another call` +
      (holder ? ` (command ${holder.commandId}, ${holder.action})` : '') +
      '; OCPP allows one outstanding call per charger: retry when it has been answered',
    { 'retry-after': '1' },
  );

/** The error of a call that did not go out. */
export const unsentError = (
  chargerId: string,
  result:
    | { readonly kind: 'offline' }
    | { readonly kind: 'busy'; readonly holder?: PendingCall }
    | { readonly kind: 'refused' | 'invalid'; readonly message: string },
): ApiError => {
  switch (result.kind) {
    case 'offline':
      return chargerOffline(chargerId);
    case 'busy':
      return chargerBusy(chargerId, result.holder);
    default:
      return apiErrors.badRequest(result.message);
  }
};

/**
 * A command that did not complete: 202 while pending (`Location`: where to look next), 504 timed out, 409 the
 * connection was lost, 502 CALLERROR or invalid answer. `body` adds fields to every answer.
 */
export const unsuccessfulCommand = (
  command: Command,
  options: { location?: string; body?: Record<string, unknown> } = {},
): OperationResult => {
  const { commandId } = command;
  const extra = { ...options.body, commandId };
  if (command.status === 'pending') {
    return {
      status: 202,
      body: { ...extra, status: 'pending' },
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

/** The responses every call-sending operation can give besides its success. */
export const callResponses = {
  202: {
    description: 'Still waiting for the charger: look at Location later',
    schema: z.object({ commandId: z.string(), status: z.literal('pending') }).loose(),
  },
  404: { description: 'No such charger in this tenant (or not visible to this key)' },
  409: {
    description: 'charger_offline: not connected; charger_busy: it has a call outstanding',
    schema: commandErrorSchema,
  },
  502: {
    description: 'The charger answered with a CALLERROR or an invalid CALLRESULT',
    schema: commandErrorSchema,
  },
  504: { description: 'The charger did not answer before the call timed out', schema: commandErrorSchema },
} as const;
