import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client.js';
import type { LocalRuntime } from '../../local/runtime.ts';
import { expectStatus, tenantApi } from '../simulator/api.ts';
import type { LabelUsage, RuntimeMeter } from './runtime-meter.ts';

/** DynamoDB per call of one tenant API operation, split into the API function and its authorizer. */
export interface ApiOperationFigures {
  readonly operation: string;
  readonly calls: number;
  readonly api: {
    readonly reads: number;
    readonly readUnits: number;
    readonly writes: number;
    readonly writeUnits: number;
  };
  readonly authorizer: { readonly reads: number; readonly readUnits: number; readonly writeUnits: number };
}

export interface ApiBenchSetup {
  readonly chargers: number;
  readonly configurationKeys: number;
  readonly configurationBytes: number;
  readonly connectors: number;
}

export interface ApiBenchFigures {
  readonly setup: ApiBenchSetup;
  readonly operations: readonly ApiOperationFigures[];
}

/** A realistic 1.6 configuration: the Core keys and many vendor keys, as chargers in the field report. */
const reportedConfiguration = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    key: i === 0 ? 'HeartbeatInterval' : `Vendor.Section${Math.floor(i / 10)}.Setting${i}`,
    readonly: i % 3 === 0,
    value: i === 0 ? '540' : `value-${i}-${'x'.repeat(24)}`,
  }));

const per = (usage: readonly LabelUsage[], calls: number, pick: (u: LabelUsage) => number) =>
  Number((usage.reduce((sum, u) => sum + pick(u), 0) / calls).toFixed(2));

/**
 * Read and write units per call of a few tenant API operations, against a runtime with the meter attached: one
 * 1.6 charger online with its connectors' statuses and a configuration of `configurationKeys` keys stored,
 * among `chargers` chargers of one tenant. Bounded: `calls` sequential calls per operation.
 */
export const measureApiOperations = async (options: {
  readonly runtime: LocalRuntime;
  readonly meter: RuntimeMeter;
  readonly calls?: number;
  readonly chargers?: number;
  readonly configurationKeys?: number;
  readonly log?: (line: string) => void;
}): Promise<ApiBenchFigures> => {
  const { runtime, meter } = options;
  const calls = options.calls ?? 20;
  const chargerCount = options.chargers ?? 10;
  const configurationKeys = options.configurationKeys ?? 150;
  const log = options.log ?? (() => undefined);
  const connectors = 2;

  const admin = tenantApi(runtime.apiUrl, runtime.adminKey);
  const tenant = expectStatus('create tenant', await admin.post('/v1/tenants', { name: 'API bench' }), 201)
    .body as { tenantId: string; apiKey: string };
  const api = tenantApi(runtime.apiUrl, tenant.apiKey);
  const chargerIds = Array.from(
    { length: chargerCount },
    (_, i) => `API-BENCH-${String(i).padStart(3, '0')}`,
  );
  const passwords: string[] = [];
  for (const chargerId of chargerIds) {
    const created = expectStatus('create charger', await api.post('/v1/chargers', { chargerId }), 201);
    passwords.push((created.body as { password: string }).password);
  }

  const chargerId = chargerIds[0]!;
  const configuration = reportedConfiguration(configurationKeys);
  const client = new RPCClient({
    endpoint: `${runtime.ocppUrl}/${tenant.tenantId}`,
    identity: chargerId,
    password: passwords[0],
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
  client.handle('GetConfiguration', async () => ({ configurationKey: configuration }));
  client.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
  await client.connect();
  try {
    await client.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'API-1' });
    for (let connectorId = 0; connectorId <= connectors; connectorId += 1) {
      await client.call('StatusNotification', { connectorId, errorCode: 'NoError', status: 'Available' });
    }
    expectStatus(
      'store the configuration',
      await api.post(`/v1/chargers/${chargerId}/ocpp/GetConfiguration`, {}),
      200,
    );
    await runtime.settled();
    // The premise: the configuration is stored, the charger online with its connectors.
    const stored = expectStatus(
      'read the configuration',
      await api.get(`/v1/chargers/${chargerId}/configuration`),
      200,
    ).body as { keys: unknown[] };
    if (stored.keys.length !== configurationKeys) {
      throw new Error(`expected ${configurationKeys} stored configuration keys, got ${stored.keys.length}`);
    }
    const view = expectStatus('read the charger', await api.get(`/v1/chargers/${chargerId}`), 200).body as {
      online: boolean;
      connectors: unknown[];
    };
    if (!view.online || view.connectors.length !== connectors + 1) {
      throw new Error(
        `expected the charger online with ${connectors + 1} connectors: ${JSON.stringify(view)}`,
      );
    }

    const operations: [string, () => Promise<unknown>][] = [
      [
        'GET /v1/chargers/{chargerId}',
        async () => expectStatus('get charger', await api.get(`/v1/chargers/${chargerId}`), 200),
      ],
      [
        `GET /v1/chargers (${chargerCount} chargers)`,
        async () => expectStatus('list chargers', await api.get('/v1/chargers'), 200),
      ],
      [
        'POST /v1/chargers/{chargerId}/commands/trigger-message',
        async () =>
          expectStatus(
            'trigger-message',
            await api.post(`/v1/chargers/${chargerId}/commands/trigger-message`, { message: 'Heartbeat' }),
            200,
          ),
      ],
    ];
    const figures: ApiOperationFigures[] = [];
    for (const [operation, call] of operations) {
      meter.reset();
      for (let i = 0; i < calls; i += 1) await call();
      await runtime.settled();
      const usage = Object.values(meter.snapshot());
      const failed = usage.filter((u) => u.failed);
      if (failed.length > 0) throw new Error(`${operation}: failed invocations ${JSON.stringify(failed)}`);
      const apiUsage = usage.filter((u) => u.functionId === 'api');
      const authorizerUsage = usage.filter((u) => u.functionId === 'api-authorizer');
      const apiCalls = apiUsage.reduce((sum, u) => sum + u.invocations, 0);
      if (apiCalls !== calls) throw new Error(`${operation}: ${apiCalls} API invocations for ${calls} calls`);
      const row: ApiOperationFigures = {
        operation,
        calls,
        api: {
          reads: per(apiUsage, calls, (u) => u.dynamodb.readRequests),
          readUnits: per(apiUsage, calls, (u) => u.dynamodb.readUnits),
          writes: per(apiUsage, calls, (u) => u.dynamodb.writeRequests),
          writeUnits: per(apiUsage, calls, (u) => u.dynamodb.writeUnits),
        },
        authorizer: {
          reads: per(authorizerUsage, calls, (u) => u.dynamodb.readRequests),
          readUnits: per(authorizerUsage, calls, (u) => u.dynamodb.readUnits),
          writeUnits: per(authorizerUsage, calls, (u) => u.dynamodb.writeUnits),
        },
      };
      log(
        `${operation}: ${row.api.readUnits} RCU, ${row.api.writeUnits} WCU per call ` +
          `(authorizer ${row.authorizer.readUnits} RCU, ${row.authorizer.writeUnits} WCU)`,
      );
      figures.push(row);
    }
    meter.reset();
    return {
      setup: {
        chargers: chargerCount,
        configurationKeys,
        configurationBytes: Buffer.byteLength(JSON.stringify(stored)),
        connectors: connectors + 1,
      },
      operations: figures,
    };
  } finally {
    await client.close();
    await runtime.settled();
  }
};
