import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantApi } from '../simulator/api.ts';
import { routeTrigger } from './trigger-routes.ts';

/** What the adapter did with one trigger, for the run's log. */
export interface TriggerRecord {
  readonly path: string;
  readonly outcome: 'api' | 'nothing' | 'unsupported' | 'invalid';
  readonly apiStatus?: number;
  readonly reason?: string;
}

const readBody = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  return JSON.parse(text);
};

/**
 * The trigger HTTP API on 127.0.0.1, for one tenant (the suite's paths name no tenant). Every answer is JSON; the
 * suite only awaits it. A trigger the API refused answers with the API's status and body, so the log shows why.
 */
export const startTriggerServer = async (
  api: TenantApi,
  port = 0,
): Promise<{ url: string; records: TriggerRecord[]; close: () => Promise<void> }> => {
  const records: TriggerRecord[] = [];
  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '').split('?')[0] ?? '';
    try {
      if (request.method !== 'POST' || !path.startsWith('/api/octt/'))
        return reply(404, { error: 'expected POST /api/octt/…' });
      const segments = path.slice('/api/octt/'.length).split('/').map(decodeURIComponent);
      const route = routeTrigger(segments, await readBody(request));
      if (route.kind !== 'api') {
        records.push({ path, outcome: route.kind, reason: route.reason });
        const status = route.kind === 'nothing' ? 200 : route.kind === 'unsupported' ? 501 : 400;
        return reply(status, {
          status: route.kind === 'nothing' ? 'Accepted' : 'Rejected',
          reason: route.reason,
        });
      }
      const { method, path: apiPath, body } = route.request;
      const answer = await api.call(method, apiPath, body);
      records.push({ path, outcome: 'api', apiStatus: answer.status });
      return reply(answer.status < 300 ? 200 : answer.status, answer.body ?? { status: 'Accepted' });
    } catch (error) {
      records.push({ path, outcome: 'invalid', reason: String(error) });
      return reply(400, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    records,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
