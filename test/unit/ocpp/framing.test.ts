import { describe, expect, it } from 'vitest';
import type { OcppFaultKind } from '../../../shared/ocpp/error-codes.ts';
import {
  type MalformedFrame,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
} from '../../../shared/ocpp/framing.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';

const malformed = (raw: string, version: OcppVersion = 'ocpp2.0.1') => {
  const frame = parseFrame(raw, version);
  if (frame.type !== 'malformed') throw new Error(`expected a malformed frame, got ${frame.type}`);
  return frame;
};

const summary = ({ messageId, messageTypeId, error }: MalformedFrame) => ({
  messageId,
  messageTypeId,
  kind: error.kind,
});

describe('parseFrame', () => {
  it('reads a CALL', () => {
    // Act
    const frame = parseFrame('[2, "19223201", "Heartbeat", {}]', 'ocpp1.6');

    // Assess
    expect(frame).toEqual({ type: 'call', messageId: '19223201', action: 'Heartbeat', payload: {} });
  });

  it('reads a CALLRESULT', () => {
    // Act
    const frame = parseFrame('[3, "19223201", {"status": "Accepted"}]', 'ocpp1.6');

    // Assess
    expect(frame).toEqual({ type: 'callResult', messageId: '19223201', payload: { status: 'Accepted' } });
  });

  it('reads a CALLERROR', () => {
    // Act
    const frame = parseFrame('[4, "19223201", "NotSupported", "no", {"hint": 1}]', 'ocpp1.6');

    // Assess
    expect(frame).toEqual({
      type: 'callError',
      messageId: '19223201',
      code: 'NotSupported',
      description: 'no',
      details: { hint: 1 },
    });
  });

  it('reads a CALLRESULTERROR in 2.0.1', () => {
    // Act
    const frame = parseFrame('[5, "19223201", "FormatViolation", "bad result", {}]', 'ocpp2.0.1');

    // Assess
    expect(frame).toEqual({
      type: 'callResultError',
      messageId: '19223201',
      code: 'FormatViolation',
      description: 'bad result',
      details: {},
    });
  });

  it.each<
    [name: string, raw: string, expected: { messageId: string; messageTypeId?: number; kind: OcppFaultKind }]
  >([
    ['not JSON', '[2, "a", ', { messageId: '-1', kind: 'rpcFramework' }],
    ['not an array', '{"messageTypeId": 2}', { messageId: '-1', kind: 'rpcFramework' }],
    ['an empty array', '[]', { messageId: '-1', kind: 'rpcFramework' }],
    [
      'a message type that is not a number',
      '["2", "a", "Heartbeat", {}]',
      { messageId: 'a', kind: 'rpcFramework' },
    ],
    [
      'a numeric message id',
      '[2, 17, "Heartbeat", {}]',
      { messageId: '-1', messageTypeId: 2, kind: 'rpcFramework' },
    ],
    [
      'a message id longer than 36 characters',
      `[2, "${'x'.repeat(37)}", "Heartbeat", {}]`,
      { messageId: '-1', messageTypeId: 2, kind: 'rpcFramework' },
    ],
    [
      'a CALL without payload',
      '[2, "a", "Heartbeat"]',
      { messageId: 'a', messageTypeId: 2, kind: 'rpcFramework' },
    ],
    [
      'a CALL with an extra element',
      '[2, "a", "Heartbeat", {}, 1]',
      { messageId: 'a', messageTypeId: 2, kind: 'rpcFramework' },
    ],
    ['a numeric action', '[2, "a", 7, {}]', { messageId: 'a', messageTypeId: 2, kind: 'rpcFramework' }],
    [
      'a CALLRESULT with an extra element',
      '[3, "a", {}, {}]',
      { messageId: 'a', messageTypeId: 3, kind: 'rpcFramework' },
    ],
    [
      'a CALLERROR without details',
      '[4, "a", "GenericError", "x"]',
      { messageId: 'a', messageTypeId: 4, kind: 'rpcFramework' },
    ],
    [
      'a numeric error code',
      '[4, "a", 500, "x", {}]',
      { messageId: 'a', messageTypeId: 4, kind: 'rpcFramework' },
    ],
    [
      'an unknown message type',
      '[7, "a", "Heartbeat", {}]',
      { messageId: 'a', messageTypeId: 7, kind: 'messageTypeNotSupported' },
    ],
    ['an array payload', '[2, "a", "Heartbeat", []]', { messageId: 'a', messageTypeId: 2, kind: 'format' }],
    ['a null payload', '[2, "a", "Heartbeat", null]', { messageId: 'a', messageTypeId: 2, kind: 'format' }],
    ['a string result payload', '[3, "a", "ok"]', { messageId: 'a', messageTypeId: 3, kind: 'format' }],
  ])('reports %s', (_, raw, expected) => {
    // Act
    const frame = malformed(raw);

    // Assess
    expect(summary(frame)).toEqual({ messageTypeId: undefined, ...expected });
  });

  it('knows no CALLRESULTERROR in 1.6', () => {
    // Act
    const frame = malformed('[5, "a", "GenericError", "x", {}]', 'ocpp1.6');

    // Assess
    expect(summary(frame)).toEqual({ messageId: 'a', messageTypeId: 5, kind: 'messageTypeNotSupported' });
  });

  it('says what is wrong', () => {
    // Act
    const frame = malformed('[2, "a", "Heartbeat"]');

    // Assess
    expect(frame.error.description).toBe('Message type 2 must have 4 elements, got 3');
  });
});

describe('serializers', () => {
  it('writes a CALL', () => {
    // Act
    const raw = serializeCall('m-1', 'Reset', { type: 'Hard' });

    // Assess
    expect(JSON.parse(raw)).toEqual([2, 'm-1', 'Reset', { type: 'Hard' }]);
  });

  it('writes a CALLRESULT', () => {
    // Act
    const raw = serializeCallResult('m-1', { currentTime: '2024-05-01T12:00:00Z' });

    // Assess
    expect(JSON.parse(raw)).toEqual([3, 'm-1', { currentTime: '2024-05-01T12:00:00Z' }]);
  });

  it('writes a CALLERROR with empty details by default', () => {
    // Act
    const raw = serializeCallError('m-1', 'NotSupported', 'Action not supported');

    // Assess
    expect(JSON.parse(raw)).toEqual([4, 'm-1', 'NotSupported', 'Action not supported', {}]);
  });

  it('truncates the error description to 255 characters', () => {
    // Prepare
    const description = `${'x'.repeat(254)}🔌 and more`;

    // Act
    const [, , , written] = JSON.parse(serializeCallError('m-1', 'GenericError', description, { a: 1 }));

    // Assess
    expect(Array.from(written as string)).toHaveLength(255);
    expect(written).toBe(`${'x'.repeat(254)}🔌`);
  });
});
