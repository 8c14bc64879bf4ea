import type { OcppErrorCode } from './error-codes.ts';
import {
  type OcppError,
  type OcppErrorDetails,
  OcppFormatViolation,
  OcppMessageTypeNotSupported,
  OcppRpcFrameworkError,
} from './errors.ts';
import type { OcppVersion } from './versions.ts';

/** OCPP-J message type ids (first element of every frame). */
export const MessageType = { Call: 2, CallResult: 3, CallError: 4, CallResultError: 5 } as const;
export type MessageTypeId = (typeof MessageType)[keyof typeof MessageType];

/** The id to answer with when a frame's own id cannot be read. */
export const unreadableMessageId = '-1';
export const maxMessageIdLength = 36;
export const maxErrorDescriptionLength = 255;

export type OcppPayload = Record<string, unknown>;

export interface CallFrame {
  readonly type: 'call';
  readonly messageId: string;
  readonly action: string;
  readonly payload: OcppPayload;
}

export interface CallResultFrame {
  readonly type: 'callResult';
  readonly messageId: string;
  readonly payload: OcppPayload;
}

/** CALLERROR, or CALLRESULTERROR (2.0.1 only): both answer a call with an error. */
export interface CallErrorFrame {
  readonly type: 'callError' | 'callResultError';
  readonly messageId: string;
  readonly code: string;
  readonly description: string;
  readonly details: unknown;
}

/** A frame that broke the RPC framing; `messageTypeId` tells whether it was meant as an answer. */
export interface MalformedFrame {
  readonly type: 'malformed';
  readonly messageId: string;
  readonly messageTypeId: number | undefined;
  readonly error: OcppError;
}

export type OcppFrame = CallFrame | CallResultFrame | CallErrorFrame;
export type ParsedFrame = OcppFrame | MalformedFrame;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isValidMessageId = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= maxMessageIdLength;

const elementCounts: Record<MessageTypeId, number> = { 2: 4, 3: 3, 4: 5, 5: 5 };

const knownMessageTypes = (version: OcppVersion): readonly number[] =>
  version === 'ocpp1.6'
    ? [MessageType.Call, MessageType.CallResult, MessageType.CallError]
    : [MessageType.Call, MessageType.CallResult, MessageType.CallError, MessageType.CallResultError];

/** Parses one WebSocket text frame. Never throws: a broken frame comes back as `malformed`. */
export const parseFrame = (raw: string, version: OcppVersion): ParsedFrame => {
  const malformed = (
    messageId: string,
    messageTypeId: number | undefined,
    error: OcppError,
  ): MalformedFrame => ({
    type: 'malformed',
    messageId,
    messageTypeId,
    error,
  });

  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return malformed(unreadableMessageId, undefined, new OcppRpcFrameworkError('Message is not valid JSON'));
  }
  if (!Array.isArray(message)) {
    return malformed(
      unreadableMessageId,
      undefined,
      new OcppRpcFrameworkError('Message is not a JSON array'),
    );
  }

  const [typeId, id] = message;
  const messageId = isValidMessageId(id) ? id : unreadableMessageId;
  if (typeof typeId !== 'number' || !Number.isInteger(typeId)) {
    return malformed(messageId, undefined, new OcppRpcFrameworkError('Message type id is not an integer'));
  }
  if (!knownMessageTypes(version).includes(typeId)) {
    return malformed(
      messageId,
      typeId,
      new OcppMessageTypeNotSupported(`Message type ${typeId} is not supported by ${version}`),
    );
  }
  if (!isValidMessageId(id)) {
    const error = new OcppRpcFrameworkError(
      `Message id must be a string of at most ${maxMessageIdLength} characters`,
    );
    return malformed(messageId, typeId, error);
  }
  const expectedCount = elementCounts[typeId as MessageTypeId];
  if (message.length !== expectedCount) {
    const error = new OcppRpcFrameworkError(
      `Message type ${typeId} must have ${expectedCount} elements, got ${message.length}`,
    );
    return malformed(messageId, typeId, error);
  }

  if (typeId === MessageType.Call) {
    const [, , action, payload] = message;
    if (typeof action !== 'string' || action === '') {
      return malformed(messageId, typeId, new OcppRpcFrameworkError('Action must be a non-empty string'));
    }
    if (!isObject(payload)) {
      return malformed(messageId, typeId, new OcppFormatViolation('Payload must be a JSON object'));
    }
    return { type: 'call', messageId, action, payload };
  }
  if (typeId === MessageType.CallResult) {
    const [, , payload] = message;
    if (!isObject(payload)) {
      return malformed(messageId, typeId, new OcppFormatViolation('Payload must be a JSON object'));
    }
    return { type: 'callResult', messageId, payload };
  }
  const [, , code, description, details] = message;
  if (typeof code !== 'string' || typeof description !== 'string') {
    const error = new OcppRpcFrameworkError('Error code and error description must be strings');
    return malformed(messageId, typeId, error);
  }
  return {
    type: typeId === MessageType.CallError ? 'callError' : 'callResultError',
    messageId,
    code,
    description,
    details,
  };
};

export const serializeCall = (messageId: string, action: string, payload: OcppPayload): string =>
  JSON.stringify([MessageType.Call, messageId, action, payload]);

export const serializeCallResult = (messageId: string, payload: OcppPayload): string =>
  JSON.stringify([MessageType.CallResult, messageId, payload]);

// Counts code points like the schemas' maxLength does, and never splits a surrogate pair.
const truncate = (text: string, max: number): string => {
  const codePoints = Array.from(text);
  return codePoints.length <= max ? text : codePoints.slice(0, max).join('');
};

export const serializeCallError = (
  messageId: string,
  code: OcppErrorCode,
  description: string,
  details: OcppErrorDetails = {},
): string =>
  JSON.stringify([
    MessageType.CallError,
    messageId,
    code,
    truncate(description, maxErrorDescriptionLength),
    details,
  ]);
