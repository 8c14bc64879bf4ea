import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { connectCharger } from '../../../shared/slices/chargers/charger-connection.ts';
import type { ChargerView } from '../../../shared/slices/chargers/model.ts';
import { type ChargerChannel, ChargerGoneError } from '../../../shared/slices/commands/ports.ts';
import { recordCallError, recordCallResult } from '../../../shared/slices/commands/remote-commands.ts';
import {
  createTestDependencies,
  type TestDependencies,
  type TestOverrides,
} from '../../support/test-dependencies.ts';
import { givenCharger } from './builders.ts';

export const tenantId = 'tenant-a';
export const chargerId = 'cp-1';

/** What the simulated charger does with a CALL: answer it, answer with a CALLERROR, or never answer. */
export type ChargerAnswer =
  | { readonly result: Record<string, unknown> }
  | { readonly error: { readonly code: string; readonly description: string } }
  | 'never';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary payload fields.
export type Answerer = (action: string, payload: any) => ChargerAnswer;

export interface ReceivedCall {
  readonly action: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary payload fields.
  readonly payload: any;
  /** The whole CALL frame, as it went to the charger. */
  readonly frame: string;
}

/**
 * Memory dependencies with a charger on the other end of the channel: every CALL is answered by `answer`,
 * through `recordCallResult` / `recordCallError` as `$default` would. `immediately`: the answer is recorded
 * while the CALL is being sent (before the use case sees it sent); otherwise just after.
 */
export const givenAnsweringCharger = async (
  answer: Answerer,
  options: {
    version?: OcppVersion;
    immediately?: boolean;
    overrides?: TestOverrides;
    charger?: { tenantId?: string; chargerId?: string };
  } = {},
) => {
  const calls: ReceivedCall[] = [];
  const failures: unknown[] = [];
  const ids = {
    tenantId: options.charger?.tenantId ?? tenantId,
    chargerId: options.charger?.chargerId ?? chargerId,
  };
  let deps: TestDependencies | undefined;
  const gone = new Set<string>();
  // Answers given after the CALL went out, still being recorded.
  const answering = new Set<Promise<void>>();
  const respond = async (connectionId: string, messageId: string, reply: ChargerAnswer) => {
    if (reply === 'never') return;
    const ctx = { ...ids, connectionId, messageId };
    try {
      if ('result' in reply) await recordCallResult(deps!, ctx, reply.result);
      else await recordCallError(deps!, ctx, { ...reply.error, details: {} });
    } catch (error) {
      failures.push(error);
    }
  };
  const channel: ChargerChannel & {
    closed: string[];
    sent: { connectionId: string; frame: string }[];
    gone: Set<string>;
  } = {
    closed: [],
    sent: [],
    gone,
    async close(connectionId) {
      channel.closed.push(connectionId);
    },
    async send(connectionId, frame) {
      if (gone.has(connectionId)) throw new ChargerGoneError(connectionId);
      channel.sent.push({ connectionId, frame });
      const [, messageId, action, payload] = JSON.parse(frame) as [number, string, string, unknown];
      calls.push({ action, payload, frame });
      const reply = answer(action, payload);
      if (options.immediately) await respond(connectionId, messageId, reply);
      else
        setImmediate(() => {
          const recording = respond(connectionId, messageId, reply);
          answering.add(recording);
          void recording.finally(() => answering.delete(recording));
        });
    },
  };
  deps = await createTestDependencies({ channel, ...options.overrides });
  await givenCharger(deps, { tenantId: ids.tenantId, chargerId: ids.chargerId });
  await connectCharger(deps, {
    ...ids,
    siteId: 'site-1',
    connectionId: 'conn-1',
    ocppVersion: options.version ?? 'ocpp1.6',
    correlationId: 'corr-connect',
  });
  const view = async (): Promise<ChargerView> => {
    const found = await deps!.chargers.getView(ids.tenantId, ids.chargerId, deps!.clock.now());
    if (!found) throw new Error('charger not found');
    return found;
  };
  /** Resolves once every answer given so far is recorded (the store is real I/O: it takes more than a tick). */
  const answered = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    while (answering.size > 0) await Promise.all(answering);
  };
  return { deps, calls, failures, view, channel, answered };
};

export const accepted: ChargerAnswer = { result: { status: 'Accepted' } };
