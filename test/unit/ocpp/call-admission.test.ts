import { describe, expect, it } from 'vitest';
import { createInProcessCallAdmission } from '../../../shared/ocpp/call-admission.ts';
import { createOcppDispatcher, type OcppHandlers } from '../../../shared/ocpp/dispatcher.ts';
import { aBootCall, aConnection, aRecordingLogger, aRecordingSink } from './builders.ts';

const currentTime = '2024-05-01T12:00:00.000Z';

/** Boot handlers that stay busy until the test lets them answer, so that CALLs overlap deterministically. */
const heldBootHandlers = () => {
  const releases: (() => void)[] = [];
  const answer = async () => {
    await new Promise<void>((resolve) => releases.push(resolve));
    return { status: 'Accepted' as const, currentTime, interval: 300 };
  };
  const handlers: OcppHandlers = {
    'ocpp1.6': { BootNotification: answer },
    'ocpp2.0.1': { BootNotification: answer },
  };
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  /** Resolves once `n` handlers are waiting to answer. */
  const untilWaiting = async (n: number) => {
    while (releases.length < n) await new Promise((resolve) => setImmediate(resolve));
  };
  return { handlers, waiting: () => releases.length, untilWaiting, releaseAll };
};

const aDispatcher = (handlers: OcppHandlers) => {
  const { sink, results } = aRecordingSink();
  const { logger, entries } = aRecordingLogger();
  const dispatcher = createOcppDispatcher({
    handlers,
    responses: sink,
    logger,
    admission: createInProcessCallAdmission(),
  });
  return { dispatcher, results, logs: entries };
};

const parse = (frame: string | undefined): unknown[] => JSON.parse(frame ?? 'null');

describe('one CALL at a time per connection (OCPP-J 4.1.1)', () => {
  it.each([
    ['ocpp1.6', 'GenericError'],
    ['ocpp2.0.1', 'RpcFrameworkError'],
  ] as const)(
    '%s: a CALL sent while the previous one is handled gets %s, without running its handler',
    async (version, code) => {
      // Prepare
      const { handlers, waiting, untilWaiting, releaseAll } = heldBootHandlers();
      const { dispatcher } = aDispatcher(handlers);
      const connection = aConnection({ ocppVersion: version });
      const first = dispatcher.handleFrame(connection, aBootCall(version, 'first'));
      await untilWaiting(1);

      // Act
      const second = await dispatcher.handleFrame(connection, aBootCall(version, 'second'));
      const handlersRun = waiting();
      releaseAll();

      // Assess
      expect(parse(second)).toEqual([4, 'second', code, expect.stringContaining('4.1.1'), {}]);
      expect(handlersRun).toBe(1);
      expect(parse(await first)).toEqual([3, 'first', { status: 'Accepted', currentTime, interval: 300 }]);
    },
  );

  it('admits the next CALL once the previous one is answered, and other connections meanwhile', async () => {
    // Prepare
    const { handlers, untilWaiting, releaseAll } = heldBootHandlers();
    const { dispatcher } = aDispatcher(handlers);
    const first = dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6', 'a-1'));
    const other = dispatcher.handleFrame(
      aConnection({ connectionId: 'conn-2' }),
      aBootCall('ocpp1.6', 'b-1'),
    );
    await untilWaiting(2);
    releaseAll();
    await first;

    // Act
    const next = dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6', 'a-2'));
    await untilWaiting(1);
    releaseAll();

    // Assess
    expect(parse(await other)[0]).toBe(3);
    expect(parse(await next)).toEqual([3, 'a-2', expect.any(Object)]);
  });

  it('handles answers to our calls while a CALL of the charger is handled (they cross, which is allowed)', async () => {
    // Prepare
    const { handlers, untilWaiting, releaseAll } = heldBootHandlers();
    const { dispatcher, results } = aDispatcher(handlers);
    const call = dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6', 'boot'));
    await untilWaiting(1);

    // Act
    const answer = await dispatcher.handleFrame(aConnection(), '[3, "csms-1", {"status": "Accepted"}]');
    releaseAll();

    // Assess
    expect(answer).toBeUndefined();
    expect(results).toHaveLength(1);
    expect(parse(await call)[0]).toBe(3);
  });

  it('logs a flood sparingly: the 1st, 2nd, 4th … refusal of a connection', async () => {
    // Prepare
    const { handlers, untilWaiting, releaseAll } = heldBootHandlers();
    const { dispatcher, logs } = aDispatcher(handlers);
    const held = dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6', 'held'));
    await untilWaiting(1);

    // Act
    const refused = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        dispatcher.handleFrame(aConnection(), aBootCall('ocpp1.6', `f-${i}`)),
      ),
    );
    releaseAll();
    await held;

    // Assess
    expect(refused.every((frame) => parse(frame)[2] === 'GenericError')).toBe(true);
    const warnings = logs.filter((entry) => entry.message.startsWith('Refused a CALL'));
    expect(warnings.map((entry) => entry.attributes?.refused)).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });
});
