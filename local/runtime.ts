import { createDependencies } from '../shared/composition-root.ts';
import { type AwsCallObserver, type Config, readConfig } from '../shared/config.ts';
import { hashSecret } from '../shared/kernel/credentials.ts';
import {
  settingsEnv,
  tunableSettingSpecs,
  tunableSettingsEnvironment,
  validateSettings,
} from '../shared/settings.ts';
import { eventBusName, eventRules } from '../shared/topology/event-rules.ts';
import { queues } from '../shared/topology/queues.ts';
import { schedules } from '../shared/topology/schedules.ts';
import { stateMachines } from '../shared/topology/state-machines.ts';
import { resolveAdminKey } from './admin-key.ts';
import { type LocalClock, systemClock } from './clock.ts';
import { localCredentials, localRegion, startLocalDynamoDb } from './dynamodb.ts';
import { startLocalEventBridge } from './eventbridge.ts';
import { createFunctionInvoker } from './functions.ts';
import { LocalHttpGateway } from './http-gateway.ts';
import { createInProcessRequestHandler } from './in-process-transport.ts';
import type { InvocationListener } from './invocation-context.ts';
import { createLocalRequestSigner } from './local-signer.ts';
import { startLocalS3 } from './s3.ts';
import { startLocalScheduler } from './scheduler.ts';
import { startLocalSqs } from './sqs.ts';
import { LocalStepFunctions } from './stepfunctions.ts';
import { tenantKeyPolicy } from './tenant-key-policy.ts';
import {
  awsWebSocketQuotas,
  LocalWebSocketGateway,
  type Logger,
  type WebSocketQuotas,
} from './websocket-gateway.ts';

export interface LocalRuntimeOptions {
  /** @default 9000 — 0 picks a free port */
  readonly ocppPort?: number;
  /** @default 3000 — 0 picks a free port */
  readonly apiPort?: number;
  /** @default '.data' */
  readonly dataDir?: string;
  /** At least `minAdminKeyLength` characters. @default generated on first start and saved in the data dir */
  readonly adminKey?: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default API Gateway's own quotas */
  readonly quotas?: Partial<WebSocketQuotas>;
  /** @default 540 */
  readonly heartbeatIntervalSeconds?: number;
  /** At most one `transactionUpdated` per session for periodic meter values in this many seconds. @default 300 */
  readonly transactionUpdatedIntervalSeconds?: number;
  /** How long the API waits for a charger's answer. @default 25 */
  readonly commandWaitSeconds?: number;
  /** How long a CSMS→charger call may stay unanswered. @default 60 */
  readonly commandTimeoutSeconds?: number;
  /** Calls that may wait per charger behind its outstanding one (beyond: 429). @default 20 */
  readonly maxQueuedCalls?: number;
  /**
   * The handlers' clock, which also makes delayed SQS messages due: a `SettableClock` lets tests make time pass
   * (command time-outs, queue wakes, expiry) without waiting.
   * @default systemClock
   */
  readonly clock?: LocalClock;
  /** API requests per second of a tenant without a limit of its own. @default 50 */
  readonly apiRateLimitPerSecond?: number;
  /** First retry delay of a failed webhook delivery; tests use 1. @default 30 */
  readonly webhookRetryBaseSeconds?: number;
  /**
   * 1: webhook URLs may use http and loopback addresses, so that a receiver on 127.0.0.1 works; 0: as on AWS.
   * @default 1 (the stack never allows it)
   */
  readonly webhookAllowLoopback?: 0 | 1;
  /**
   * Settings as environment variables, as Lambda gets them (e.g. `HEARTBEAT_INTERVAL_SECONDS`); the options
   * above win. `npm start` passes its own environment.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Port of the S3 emulation serving charger file transfers. @default 0 (a free port) */
  readonly filesPort?: number;
  /** @default console */
  readonly logger?: Logger;
  /** Benchmarks: told of every AWS SDK call the handlers make (DynamoDB with its consumed capacity). */
  readonly awsCallObserver?: AwsCallObserver;
  /** Benchmarks: told of every finished function invocation. */
  readonly onInvocation?: InvocationListener;
  /**
   * How the handlers' SDK clients reach DynamoDB, EventBridge and `@connections`: handed in-process to the
   * emulators without SigV4, or signed HTTP over loopback as against AWS (S3 always goes over HTTP).
   * @default 'in-process'
   */
  readonly sdkTransport?: 'in-process' | 'http';
  /**
   * Real milliseconds per minute of the slices' schedules (the liveness sweep every 5 minutes); 0: they run only
   * when `schedules.run(id)` is called (tests that make time pass with a `SettableClock`).
   * @default 60000
   */
  readonly scheduleMsPerMinute?: number;
}

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;

const tableName = 'csms';
const localFilesBucket = 'csms-files';

/**
 * The environment of the local runtime's functions, as the stack would set it on Lambda: the tunable settings
 * of `environment`, overridden by the typed options given (checked by the schema first, so that a bad option
 * is refused by its own name), and the wiring to the emulators.
 */
export const localEnvironment = (
  options: LocalRuntimeOptions,
  wiring: {
    connectionsEndpoint: string;
    adminKeySha256: string;
    ocppBaseUrl: string;
    callQueueTimerUrl: string;
    webhookDeliveryQueueUrl: string;
  },
): Record<string, string | undefined> => {
  const given = {
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    transactionUpdatedIntervalSeconds: options.transactionUpdatedIntervalSeconds,
    commandWaitSeconds: options.commandWaitSeconds,
    commandTimeoutSeconds: options.commandTimeoutSeconds,
    apiRateLimitPerSecond: options.apiRateLimitPerSecond,
    maxQueuedCalls: options.maxQueuedCalls,
    webhookRetryBaseSeconds: options.webhookRetryBaseSeconds,
    webhookAllowLoopback: options.webhookAllowLoopback,
  };
  validateSettings(given);
  const names = new Set<string>(Object.values(tunableSettingSpecs).map((spec) => spec.env));
  const fromEnvironment = Object.entries(options.environment ?? {}).filter(([name]) => names.has(name));
  return {
    // Locally a receiver on this machine is the point; the environment or the option may say otherwise.
    [tunableSettingSpecs.webhookAllowLoopback.env]: '1',
    ...Object.fromEntries(fromEnvironment),
    ...tunableSettingsEnvironment(given),
    AWS_REGION: localRegion,
    [settingsEnv.tableName]: tableName,
    [settingsEnv.eventBusName]: eventBusName,
    [settingsEnv.connectionsEndpoint]: wiring.connectionsEndpoint,
    [settingsEnv.adminKeySha256]: wiring.adminKeySha256,
    [settingsEnv.ocppBaseUrl]: wiring.ocppBaseUrl,
    [settingsEnv.callQueueTimerUrl]: wiring.callQueueTimerUrl,
    [settingsEnv.webhookDeliveryQueueUrl]: wiring.webhookDeliveryQueueUrl,
    [settingsEnv.filesBucket]: localFilesBucket,
  };
};

/** The whole CSMS on this machine: the same handlers as on Lambda, in front of emulated AWS services. */
export const startLocalRuntime = async (options: LocalRuntimeOptions = {}) => {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? '.data';
  const logger = options.logger ?? console;
  const admin = resolveAdminKey(dataDir, options.adminKey);
  // Closed front doors first: `$disconnect` of the last sockets still needs workflows, the bus and the table.
  const closers: Partial<
    Record<
      'schedules' | 'http' | 'websocket' | 'sqs' | 'stepFunctions' | 'eventBridge' | 'dynamodb' | 'files',
      () => Promise<void>
    >
  > = {};
  const close = async () => {
    const order = [
      'schedules',
      'http',
      'websocket',
      'sqs',
      'stepFunctions',
      'eventBridge',
      'dynamodb',
      'files',
    ] as const;
    for (const name of order) {
      await closers[name]?.().catch((error: unknown) => logger.error(`closing ${name} failed`, error));
    }
  };

  try {
    const dynamodb = await startLocalDynamoDb(dataDir, tableName);
    closers.dynamodb = dynamodb.close;

    const websocket = new LocalWebSocketGateway({ ...awsWebSocketQuotas, ...options.quotas }, logger);
    const ocppPort = await websocket.listen(options.ocppPort ?? 9000, host);
    closers.websocket = () => websocket.close();

    // Step Functions call handlers that are built below; the late binding closes that loop.
    let invoke: ReturnType<typeof createFunctionInvoker> | undefined;
    const stepFunctions = new LocalStepFunctions({
      stateMachines,
      invokeFunction: (id, payload) => invoke!(id, payload),
      logger,
    });
    closers.stepFunctions = async () => {
      await stepFunctions.waitForIdle();
      await stepFunctions.close();
    };
    const clock = options.clock ?? systemClock;
    const sqs = await startLocalSqs({
      queues,
      invokeFunction: (id, event) => invoke!(id, event),
      clock,
      logger,
    });
    closers.sqs = sqs.close;

    const eventBridge = await startLocalEventBridge({
      rules: eventRules,
      stepFunctions,
      sqs,
      busName: eventBusName,
      logger,
    });
    closers.eventBridge = eventBridge.close;

    const files = await startLocalS3({ dataDir, host, port: options.filesPort ?? 0, logger });
    closers.files = files.close;

    // The environment a Lambda function would get, read by Lambda's own reader: no second path to drift.
    const config: Config = {
      ...readConfig(
        localEnvironment(options, {
          connectionsEndpoint: `http://${host}:${ocppPort}`,
          adminKeySha256: hashSecret(admin.key),
          ocppBaseUrl: `ws://${host}:${ocppPort}/ocpp`,
          callQueueTimerUrl: sqs.queueUrl('call-queue-timer'),
          webhookDeliveryQueueUrl: sqs.queueUrl('webhook-deliveries'),
        }),
      ),
      clock,
      endpoints: {
        dynamodb: dynamodb.endpoint,
        eventbridge: eventBridge.endpoint,
        s3: files.endpoint,
        sqs: sqs.endpoint,
      },
      credentials: localCredentials,
      ...(options.awsCallObserver && { awsCallObserver: options.awsCallObserver }),
      ...(options.sdkTransport !== 'http' && {
        sdkTransport: {
          requestHandlers: {
            dynamodb: createInProcessRequestHandler(dynamodb.requestListener),
            eventbridge: createInProcessRequestHandler(eventBridge.requestListener),
            apigateway: createInProcessRequestHandler(websocket.managementRequestListener),
            sqs: createInProcessRequestHandler(sqs.requestListener),
          },
          // What the tenant role allows on AWS, applied here: a cross-tenant key fails as it would there.
          tenantRequestHandlers: {
            dynamodb: (tenantId: string) =>
              createInProcessRequestHandler(dynamodb.requestListener, {
                authorize: tenantKeyPolicy(tenantId),
              }),
          },
          signer: createLocalRequestSigner(localCredentials.accessKeyId, localRegion),
        },
      }),
    };
    invoke = createFunctionInvoker(createDependencies(config), options.onInvocation);
    websocket.attach(invoke);

    const scheduler = startLocalScheduler({
      schedules,
      invokeFunction: invoke,
      logger,
      ...(options.scheduleMsPerMinute !== undefined && { msPerMinute: options.scheduleMsPerMinute }),
    });
    closers.schedules = scheduler.close;

    const http = new LocalHttpGateway(invoke, logger);
    const apiPort = await http.listen(options.apiPort ?? 3000, host);
    closers.http = () => http.close();

    return {
      ocppUrl: `ws://${host}:${ocppPort}/ocpp`,
      apiUrl: `http://${host}:${apiPort}`,
      /** The S3 emulation: presigned URLs of the `csms-files` bucket point here. */
      filesUrl: files.endpoint,
      adminKey: admin.key,
      adminKeyGenerated: admin.generated,
      adminKeySource: admin.source,
      dataDir,
      websocket,
      stepFunctions,
      eventBridge,
      sqs,
      /** The slices' schedules: `run(id)` runs one now, as its EventBridge rule would. */
      schedules: { run: scheduler.run },
      clock,
      /** Resolves once every in-flight route invocation, queue delivery and workflow has finished. */
      async settled(): Promise<void> {
        await websocket.settled();
        await sqs.settled();
        await websocket.settled();
        await stepFunctions.waitForIdle();
        await scheduler.settled();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
};
