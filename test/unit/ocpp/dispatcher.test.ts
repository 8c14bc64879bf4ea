import { describe, expect, it } from 'vitest';
import {
  createOcppDispatcher,
  type OcppContext,
  type OcppHandlers,
} from '../../../shared/ocpp/dispatcher.ts';
import { OcppSecurityError } from '../../../shared/ocpp/errors.ts';
import { aBootCall, aCall, aConnection, aRecordingLogger, aRecordingSink } from './builders.ts';

const currentTime = '2024-05-01T12:00:00.000Z';

/** Handlers that answer boots in both versions and remember who called them. */
const bootHandlers = () => {
  const calls: { version: string; ctx: OcppContext; request: unknown }[] = [];
  const handlers: OcppHandlers = {
    'ocpp1.6': {
      BootNotification: async (ctx, request) => {
        calls.push({ version: '1.6', ctx, request });
        return { status: 'Accepted', currentTime, interval: 300 };
      },
    },
    'ocpp2.0.1': {
      BootNotification: async (ctx, request) => {
        calls.push({ version: '2.0.1', ctx, request });
        return { status: 'Accepted', currentTime, interval: 300 };
      },
    },
  };
  return { handlers, calls };
};

const aDispatcher = (handlers: OcppHandlers = bootHandlers().handlers) => {
  const { sink, results, errors } = aRecordingSink();
  const { logger, entries } = aRecordingLogger();
  const dispatcher = createOcppDispatcher({ handlers, responses: sink, logger });
  return { dispatcher, results, errors, logs: entries };
};

const parse = (frame: string | undefined): unknown[] => JSON.parse(frame ?? 'null');

describe('createOcppDispatcher: calls', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'routes a %s call to the handler of its version',
    async (version) => {
      // Prepare
      const { handlers, calls } = bootHandlers();
      const { dispatcher } = aDispatcher(handlers);

      // Act
      const answer = await dispatcher.handleFrame(
        aConnection({ ocppVersion: version }),
        aBootCall(version, 'boot-1'),
      );

      // Assess
      expect(parse(answer)).toEqual([3, 'boot-1', { status: 'Accepted', currentTime, interval: 300 }]);
      expect(calls.map((call) => call.version)).toEqual([version === 'ocpp1.6' ? '1.6' : '2.0.1']);
      expect(calls[0]?.ctx).toEqual({ ...aConnection({ ocppVersion: version }), messageId: 'boot-1' });
    },
  );

  it('answers NotImplemented to an action the version does not define', async () => {
    // Prepare
    const { dispatcher } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), aCall('TransactionEvent', {}));

    // Assess
    expect(parse(answer)).toEqual([
      4,
      'msg-1',
      'NotImplemented',
      "Unknown action 'TransactionEvent' in ocpp1.6",
      {},
    ]);
  });

  it.each([
    ['a CSMS-to-charger action', 'Reset', { type: 'Hard' }],
    ['an action without a handler yet', 'Heartbeat', {}],
  ])('answers NotSupported to %s', async (_, action, payload) => {
    // Prepare
    const { dispatcher } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), aCall(action, payload));

    // Assess
    expect(parse(answer)).toEqual([4, 'msg-1', 'NotSupported', `Action '${action}' is not supported`, {}]);
  });

  it('validates the request before the handler runs', async () => {
    // Prepare
    const { handlers, calls } = bootHandlers();
    const { dispatcher } = aDispatcher(handlers);

    // Act
    const answer = await dispatcher.handleFrame(
      aConnection(),
      aCall('BootNotification', { chargePointVendor: 'Acme' }),
    );

    // Assess
    expect(parse(answer)).toEqual([
      4,
      'msg-1',
      'OccurenceConstraintViolation',
      '/chargePointModel is required',
      { field: '/chargePointModel', keyword: 'required' },
    ]);
    expect(calls).toEqual([]);
  });

  it('uses the 2.0.1 spelling of a validation fault on a 2.0.1 connection', async () => {
    // Prepare
    const { dispatcher } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(
      aConnection({ ocppVersion: 'ocpp2.0.1' }),
      aCall('BootNotification', { reason: 'PowerUp' }),
    );

    // Assess
    expect(parse(answer)?.[2]).toBe('OccurrenceConstraintViolation');
  });

  it('answers InternalError when the handler throws, without leaking the error', async () => {
    // Prepare
    const { dispatcher, logs } = aDispatcher({
      'ocpp1.6': {
        BootNotification: async () => {
          throw new Error('table gone: arn:aws:dynamodb:secret');
        },
      },
    });

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6'));

    // Assess
    expect(parse(answer)).toEqual([
      4,
      'msg-1',
      'InternalError',
      'Internal error while processing the request',
      {},
    ]);
    expect(logs).toMatchObject([
      { level: 'error', attributes: { action: 'BootNotification', messageId: 'msg-1' } },
    ]);
  });

  it('answers InternalError when the handler returns an invalid response', async () => {
    // Prepare
    const { dispatcher, logs } = aDispatcher({
      'ocpp1.6': {
        BootNotification: async () => ({ status: 'Maybe', currentTime, interval: 300 }) as never,
      },
    });

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6'));

    // Assess
    expect(parse(answer)?.[2]).toBe('InternalError');
    expect(logs.map(({ level }) => level)).toEqual(['error']);
  });

  it('answers with the code of an OcppError the handler throws', async () => {
    // Prepare
    const { dispatcher } = aDispatcher({
      'ocpp2.0.1': {
        BootNotification: async () => {
          throw new OcppSecurityError('Charger is not allowed here', { reason: 'blocked' });
        },
      },
    });

    // Act
    const answer = await dispatcher.handleFrame(
      aConnection({ ocppVersion: 'ocpp2.0.1' }),
      aBootCall('ocpp2.0.1'),
    );

    // Assess
    expect(parse(answer)).toEqual([
      4,
      'msg-1',
      'SecurityError',
      'Charger is not allowed here',
      { reason: 'blocked' },
    ]);
  });
});

describe('createOcppDispatcher: framing faults', () => {
  it.each([
    ['ocpp1.6', 'not json', [4, '-1', 'FormationViolation', 'Message is not valid JSON', {}]],
    ['ocpp2.0.1', 'not json', [4, '-1', 'RpcFrameworkError', 'Message is not valid JSON', {}]],
    [
      'ocpp1.6',
      '[9, "x", "Heartbeat", {}]',
      [4, 'x', 'FormationViolation', 'Message type 9 is not supported by ocpp1.6', {}],
    ],
    [
      'ocpp2.0.1',
      '[9, "x", "Heartbeat", {}]',
      [4, 'x', 'MessageTypeNotSupported', 'Message type 9 is not supported by ocpp2.0.1', {}],
    ],
    [
      'ocpp2.0.1',
      '[2, "x", "Heartbeat", []]',
      [4, 'x', 'FormatViolation', 'Payload must be a JSON object', {}],
    ],
  ] as const)('answers a broken %s frame %s with a CALLERROR', async (version, raw, expected) => {
    // Prepare
    const { dispatcher } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection({ ocppVersion: version }), raw);

    // Assess
    expect(parse(answer)).toEqual(expected);
  });
});

describe('createOcppDispatcher: answers to our calls', () => {
  it('forwards a CALLRESULT to the sink and sends nothing back', async () => {
    // Prepare
    const { dispatcher, results } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), '[3, "csms-1", {"status": "Accepted"}]');

    // Assess
    expect(answer).toBeUndefined();
    expect(results).toEqual([
      { ctx: { ...aConnection(), messageId: 'csms-1' }, payload: { status: 'Accepted' } },
    ]);
  });

  it.each([
    ['a CALLERROR', 'ocpp1.6', '[4, "csms-1", "NotSupported", "nope", {}]'],
    ['a CALLRESULTERROR', 'ocpp2.0.1', '[5, "csms-1", "NotSupported", "nope", {}]'],
  ] as const)('forwards %s to the sink and sends nothing back', async (_, version, raw) => {
    // Prepare
    const { dispatcher, errors } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection({ ocppVersion: version }), raw);

    // Assess
    expect(answer).toBeUndefined();
    expect(errors).toEqual([
      {
        ctx: { ...aConnection({ ocppVersion: version }), messageId: 'csms-1' },
        error: { code: 'NotSupported', description: 'nope', details: {} },
      },
    ]);
  });

  it('answers a 1.6 charger that sends message type 5, which 1.6 does not have, with a CALLERROR', async () => {
    // Prepare
    const { dispatcher, errors } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(
      aConnection({ ocppVersion: 'ocpp1.6' }),
      '[5, "cp-1", "NotSupported", "nope", {}]',
    );

    // Assess
    expect(JSON.parse(answer ?? 'null')).toEqual([4, 'cp-1', 'FormationViolation', expect.any(String), {}]);
    expect(errors).toEqual([]);
  });

  it.each([
    ['a CALLRESULT with a broken payload', '[3, "csms-1", "Accepted"]'],
    ['a CALLERROR with missing elements', '[4, "csms-1", "NotSupported"]'],
  ])('drops %s without answering', async (_, raw) => {
    // Prepare
    const { dispatcher, results, errors, logs } = aDispatcher();

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), raw);

    // Assess
    expect(answer).toBeUndefined();
    expect([...results, ...errors]).toEqual([]);
    expect(logs.map(({ level }) => level)).toEqual(['warn']);
  });
});
