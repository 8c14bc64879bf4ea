import { describe, expect, it } from 'vitest';
import { errorCodeFor, faultKindOf, type OcppFaultKind } from '../../../shared/ocpp/error-codes.ts';
import {
  createOcppError,
  OcppError,
  OcppFormatViolation,
  OcppOccurrenceConstraintViolation,
} from '../../../shared/ocpp/errors.ts';

const codes: [kind: OcppFaultKind, ocpp16: string, ocpp201: string][] = [
  ['format', 'FormationViolation', 'FormatViolation'],
  ['occurrence', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
  ['property', 'PropertyConstraintViolation', 'PropertyConstraintViolation'],
  ['type', 'TypeConstraintViolation', 'TypeConstraintViolation'],
  ['notImplemented', 'NotImplemented', 'NotImplemented'],
  ['notSupported', 'NotSupported', 'NotSupported'],
  ['internal', 'InternalError', 'InternalError'],
  ['protocol', 'ProtocolError', 'ProtocolError'],
  ['security', 'SecurityError', 'SecurityError'],
  ['generic', 'GenericError', 'GenericError'],
  ['rpcFramework', 'FormationViolation', 'RpcFrameworkError'],
  ['messageTypeNotSupported', 'FormationViolation', 'MessageTypeNotSupported'],
  ['callInProgress', 'GenericError', 'RpcFrameworkError'],
];

describe('errorCodeFor', () => {
  it.each(codes)('spells %s as %s in 1.6 and %s in 2.0.1', (kind, ocpp16, ocpp201) => {
    // Act
    const actual = [errorCodeFor(kind, 'ocpp1.6'), errorCodeFor(kind, 'ocpp2.0.1')];

    // Assess
    expect(actual).toEqual([ocpp16, ocpp201]);
  });
});

describe('faultKindOf', () => {
  it.each([
    ['FormationViolation', 'format'],
    ['FormatViolation', 'format'],
    ['OccurenceConstraintViolation', 'occurrence'],
    ['OccurrenceConstraintViolation', 'occurrence'],
    ['RpcFrameworkError', 'rpcFramework'],
    ['MessageTypeNotSupported', 'messageTypeNotSupported'],
    ['NotSupported', 'notSupported'],
    ['Bogus', undefined],
  ])('reads %s as %s', (code, kind) => {
    // Act
    const actual = faultKindOf(code);

    // Assess
    expect(actual).toBe(kind);
  });
});

describe('OcppError', () => {
  it('carries its description and details, and the code of each version', () => {
    // Prepare
    const error = new OcppFormatViolation('payload is broken', { field: '/a' });

    // Act
    const codesByVersion = [error.codeFor('ocpp1.6'), error.codeFor('ocpp2.0.1')];

    // Assess
    expect(error).toBeInstanceOf(OcppError);
    expect(error).toMatchObject({
      kind: 'format',
      description: 'payload is broken',
      details: { field: '/a' },
    });
    expect(error.name).toBe('OcppFormatViolation');
    expect(codesByVersion).toEqual(['FormationViolation', 'FormatViolation']);
  });

  it('defaults details to an empty object', () => {
    // Act
    const error = new OcppOccurrenceConstraintViolation('missing');

    // Assess
    expect(error.details).toEqual({});
  });

  it.each(codes.map(([kind]) => kind))('has a class for %s', (kind) => {
    // Act
    const error = createOcppError(kind, 'why');

    // Assess
    expect(error).toBeInstanceOf(OcppError);
    expect(error.kind).toBe(kind);
    expect(error.description).toBe('why');
  });
});
