import { errorCodeFor, type OcppErrorCode, type OcppFaultKind } from './error-codes.ts';
import type { OcppVersion } from './versions.ts';

/** errorDetails of a CALLERROR: the specs require a JSON object. */
export type OcppErrorDetails = Record<string, unknown>;

/**
 * A fault to answer with a CALLERROR. Handlers may throw one to choose the code; the version-specific code
 * is only decided when the answer is serialized.
 */
export abstract class OcppError extends Error {
  abstract readonly kind: OcppFaultKind;
  readonly details: OcppErrorDetails;

  constructor(description: string, details: OcppErrorDetails = {}) {
    super(description);
    this.details = details;
  }

  get description(): string {
    return this.message;
  }

  codeFor(version: OcppVersion): OcppErrorCode {
    return errorCodeFor(this.kind, version);
  }
}

export class OcppFormatViolation extends OcppError {
  override readonly name = 'OcppFormatViolation';
  readonly kind = 'format';
}

export class OcppOccurrenceConstraintViolation extends OcppError {
  override readonly name = 'OcppOccurrenceConstraintViolation';
  readonly kind = 'occurrence';
}

export class OcppPropertyConstraintViolation extends OcppError {
  override readonly name = 'OcppPropertyConstraintViolation';
  readonly kind = 'property';
}

export class OcppTypeConstraintViolation extends OcppError {
  override readonly name = 'OcppTypeConstraintViolation';
  readonly kind = 'type';
}

export class OcppNotImplemented extends OcppError {
  override readonly name = 'OcppNotImplemented';
  readonly kind = 'notImplemented';
}

export class OcppNotSupported extends OcppError {
  override readonly name = 'OcppNotSupported';
  readonly kind = 'notSupported';
}

export class OcppInternalError extends OcppError {
  override readonly name = 'OcppInternalError';
  readonly kind = 'internal';
}

export class OcppProtocolError extends OcppError {
  override readonly name = 'OcppProtocolError';
  readonly kind = 'protocol';
}

export class OcppSecurityError extends OcppError {
  override readonly name = 'OcppSecurityError';
  readonly kind = 'security';
}

export class OcppGenericError extends OcppError {
  override readonly name = 'OcppGenericError';
  readonly kind = 'generic';
}

export class OcppRpcFrameworkError extends OcppError {
  override readonly name = 'OcppRpcFrameworkError';
  readonly kind = 'rpcFramework';
}

export class OcppMessageTypeNotSupported extends OcppError {
  override readonly name = 'OcppMessageTypeNotSupported';
  readonly kind = 'messageTypeNotSupported';
}

/** A CALL that arrived while an earlier CALL of the same connection was still being handled. */
export class OcppCallInProgress extends OcppError {
  override readonly name = 'OcppCallInProgress';
  readonly kind = 'callInProgress';
}

const errorClasses: Record<
  OcppFaultKind,
  new (
    description: string,
    details?: OcppErrorDetails,
  ) => OcppError
> = {
  format: OcppFormatViolation,
  occurrence: OcppOccurrenceConstraintViolation,
  property: OcppPropertyConstraintViolation,
  type: OcppTypeConstraintViolation,
  notImplemented: OcppNotImplemented,
  notSupported: OcppNotSupported,
  internal: OcppInternalError,
  protocol: OcppProtocolError,
  security: OcppSecurityError,
  generic: OcppGenericError,
  rpcFramework: OcppRpcFrameworkError,
  messageTypeNotSupported: OcppMessageTypeNotSupported,
  callInProgress: OcppCallInProgress,
};

/** The error class of a fault kind, for code that decides the kind at runtime (e.g. schema validation). */
export const createOcppError = (
  kind: OcppFaultKind,
  description: string,
  details?: OcppErrorDetails,
): OcppError => new errorClasses[kind](description, details);
