import type { OcppVersion } from './versions.ts';

/** What went wrong, independent of how a version spells it on the wire. */
export type OcppFaultKind =
  | 'format'
  | 'occurrence'
  | 'property'
  | 'type'
  | 'notImplemented'
  | 'notSupported'
  | 'internal'
  | 'protocol'
  | 'security'
  | 'generic'
  | 'rpcFramework'
  | 'messageTypeNotSupported'
  /** A CALL sent before the sender's previous CALL was answered (OCPP-J §4.1.1, synchronicity). */
  | 'callInProgress';

/** CALLERROR codes of OCPP-J 1.6 (spelling as in the 1.6 spec, including "Occurence"). */
export type Ocpp16ErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormationViolation'
  | 'PropertyConstraintViolation'
  | 'OccurenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError';

/** CALLERROR codes of OCPP-J 2.0.1. */
export type Ocpp201ErrorCode =
  | 'FormatViolation'
  | 'GenericError'
  | 'InternalError'
  | 'MessageTypeNotSupported'
  | 'NotImplemented'
  | 'NotSupported'
  | 'OccurrenceConstraintViolation'
  | 'PropertyConstraintViolation'
  | 'ProtocolError'
  | 'RpcFrameworkError'
  | 'SecurityError'
  | 'TypeConstraintViolation';

export type OcppErrorCode = Ocpp16ErrorCode | Ocpp201ErrorCode;

const ocpp16Codes: Record<OcppFaultKind, Ocpp16ErrorCode> = {
  format: 'FormationViolation',
  occurrence: 'OccurenceConstraintViolation',
  property: 'PropertyConstraintViolation',
  type: 'TypeConstraintViolation',
  notImplemented: 'NotImplemented',
  notSupported: 'NotSupported',
  internal: 'InternalError',
  protocol: 'ProtocolError',
  security: 'SecurityError',
  generic: 'GenericError',
  // 1.6 has no RPC-level codes; a broken frame is a formation violation there.
  rpcFramework: 'FormationViolation',
  messageTypeNotSupported: 'FormationViolation',
  // The frame itself is well formed; 1.6 has no code for a broken RPC rule, so the catch-all.
  callInProgress: 'GenericError',
};

const ocpp201Codes: Record<OcppFaultKind, Ocpp201ErrorCode> = {
  format: 'FormatViolation',
  occurrence: 'OccurrenceConstraintViolation',
  property: 'PropertyConstraintViolation',
  type: 'TypeConstraintViolation',
  notImplemented: 'NotImplemented',
  notSupported: 'NotSupported',
  internal: 'InternalError',
  protocol: 'ProtocolError',
  security: 'SecurityError',
  generic: 'GenericError',
  rpcFramework: 'RpcFrameworkError',
  messageTypeNotSupported: 'MessageTypeNotSupported',
  // §4.3: "Content of the call is not a valid RPC Request"; CitrineOS answers a concurrent CALL the same way.
  callInProgress: 'RpcFrameworkError',
};

export function errorCodeFor(kind: OcppFaultKind, version: 'ocpp1.6'): Ocpp16ErrorCode;
export function errorCodeFor(kind: OcppFaultKind, version: 'ocpp2.0.1'): Ocpp201ErrorCode;
export function errorCodeFor(kind: OcppFaultKind, version: OcppVersion): OcppErrorCode;
/** The wire code a version uses for a fault. */
export function errorCodeFor(kind: OcppFaultKind, version: OcppVersion): OcppErrorCode {
  return version === 'ocpp1.6' ? ocpp16Codes[kind] : ocpp201Codes[kind];
}

// A code received names the plain kind: `callInProgress` borrows the codes of others.
const kindsByCode = new Map<string, OcppFaultKind>([
  ...Object.entries(ocpp201Codes)
    .filter(([kind]) => kind !== 'callInProgress')
    .map(([kind, code]) => [code, kind as OcppFaultKind] as const),
  ...Object.entries(ocpp16Codes)
    .filter(([kind]) => !['rpcFramework', 'messageTypeNotSupported', 'callInProgress'].includes(kind))
    .map(([kind, code]) => [code, kind as OcppFaultKind] as const),
]);

/**
 * The fault kind of a code received in a CALLERROR, whatever the version's spelling: chargers mix them up
 * (1.6 devices sending FormatViolation is common). Undefined for codes neither version defines.
 */
export const faultKindOf = (code: string): OcppFaultKind | undefined => kindsByCode.get(code);
