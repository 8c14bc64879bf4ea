import { CfnOutput, CfnParameter, Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { settingsEnvironment, validateSettings } from '../shared/settings.ts';
import {
  type FunctionId,
  type FunctionSpec,
  functions,
  observabilityOf,
  type QueueId,
  queues,
  type StateMachineId,
  type StateMachineSpec,
  schedules,
  stateMachines,
  tableDesign,
  websocketRoutes,
} from '../shared/topology/index.ts';
import { AlarmTopic } from './constructs/alarm-topic.ts';
import { CallQueueTimer } from './constructs/call-queue-timer.ts';
import { CsmsFunction } from './constructs/csms-function.ts';
import { DataTable } from './constructs/data-table.ts';
import { EventWorkflows, referencedFunctions } from './constructs/event-workflows.ts';
import { FilesBucket } from './constructs/files-bucket.ts';
import { FunctionSchedules } from './constructs/function-schedules.ts';
import { OcppGateway } from './constructs/ocpp-gateway.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { SliceQueue } from './constructs/slice-queue.ts';
import { TenantApi } from './constructs/tenant-api.ts';
import { TenantDataRole } from './constructs/tenant-data-role.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import { reservedConcurrencyOf } from './reserved-concurrency.ts';

export interface CsmsStackProps extends StackProps {
  /**
   * Heartbeat interval returned to chargers at boot, in whole seconds. API Gateway and CloudFront close a
   * WebSocket idle for 10 minutes, so it must stay below that with a margin (at most
   * `maxHeartbeatIntervalSeconds`, 540). Lower values only add billed messages: see
   * `defaultHeartbeatIntervalSeconds`.
   * @default 540
   */
  readonly heartbeatIntervalSeconds?: number;
  /**
   * Periodic meter values of a session become a `TransactionUpdated` event at most once in this many seconds
   * (starts, ends and other changes always do); 0 publishes one per meter-value message. Each event costs as
   * much as the message it comes from, and every value is stored and readable through the API anyway.
   * @default 900
   */
  readonly transactionUpdatedIntervalSeconds?: number;
  /**
   * 1 publishes those sampled `TransactionUpdated` events for every session; 0 only where they are consumed
   * (sessions of load-managed sites, tenants with a webhook for them). Set 1 when rules of your own on the bus
   * read them.
   * @default 0
   */
  readonly transactionUpdatedForAllSessions?: number;
  /**
   * 1 indexes each connection's silence deadline so that the sweep closes silent connections and publishes
   * `ChargerDisconnected.v1` (`reason: "silent"`), about $0.0018 per charger-month; 0 leaves it to the
   * availability view, which shows such a charger Offline without an event.
   * @default 0
   */
  readonly silentChargerSweep?: number;
  /**
   * A charger is told a session's running cost (2.0.1 `totalCost` in the TransactionEventResponse, 1.6
   * California Pricing `RunningCost`) at most once in this many seconds; 0: never.
   * @default 300
   */
  readonly runningCostIntervalSeconds?: number;
  /**
   * Raw meter values are deleted by DynamoDB TTL this many days after they are stored (0 keeps them); sessions
   * and CDRs are kept. See `tunableSettingSpecs.meterValueRetentionDays`.
   * @default 7
   */
  readonly meterValueRetentionDays?: number;
  /**
   * 1 also publishes each `.v2` event in its `.v1` form, for consumers written before `.v2` (one more billed event
   * each); 0 publishes the current version only. Set 1 on a stack whose rules or consumers still read `.v1`.
   * @default 0
   */
  readonly publishPreviousEventVersions?: number;
  /**
   * How long the API waits for a charger's answer before it answers 202 with the command id, 0 to 25 (API
   * Gateway cuts an HTTP integration at 29 s).
   * @default 25
   */
  readonly commandWaitSeconds?: number;
  /**
   * How long a CSMS→charger CALL may stay unanswered before its command times out and frees the slot, 1 to 3600.
   * @default 60
   */
  readonly commandTimeoutSeconds?: number;
  /**
   * Removal policy of the data table. Use `RemovalPolicy.DESTROY` (with `tableDeletionProtection: false`) only
   * for throw-away stacks.
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection of the data table.
   * @default true
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * Removal policy of the bucket of charger files (diagnostics uploads, firmware).
   * @default RemovalPolicy.RETAIN
   */
  readonly filesRemovalPolicy?: RemovalPolicy;
  /**
   * How long charger files are kept before the bucket's lifecycle rule deletes them.
   * @default Duration.days(30)
   */
  readonly filesExpiration?: Duration;
  /**
   * Retention of every log group (functions, workflows, access logs).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Throttle of the tenant HTTP API stage, all tenants and routes together. It applies before the per-tenant
   * limit (`apiRateLimitPerSecond`), so it must stay well above it: see `httpApiStageThrottle`.
   * @default { rateLimit: 500, burstLimit: 1000 } (httpApiStageThrottle)
   */
  readonly apiThrottle?: apigwv2.ThrottleSettings;
  /**
   * Throttles of single HTTP API routes by route key (`'GET /v1/openapi.json'`, `'$default'`), merged over the
   * topology's (the routes anonymous callers reach: `httpApiRouteThrottles`).
   * @default httpApiRouteThrottles (10/s, burst 20, on the public routes and the catch-all)
   */
  readonly apiRouteThrottles?: Readonly<Record<string, apigwv2.ThrottleSettings>>;
  /**
   * Throttles of the charger gateway's routes, merged over the topology's (`webSocketThrottles`): `$connect` in
   * connects a second, `$default` in messages, `$disconnect` in disconnects.
   * @default { $connect: 200/s burst 200, $default: 2,000/s burst 1,000, $disconnect: 1,000/s burst 1,000 }
   */
  readonly webSocketThrottles?: Readonly<
    Partial<Record<keyof typeof websocketRoutes.routes, apigwv2.ThrottleSettings>>
  >;
  /**
   * Reserved concurrency. `true` reserves the topology's size for each function that has one
   * (`FunctionSpec.reservedConcurrency`: the charger gateway's and the API's functions, 450 in all); an object
   * reserves those sizes with yours merged over them (`0` stops a function; `undefined` leaves it unreserved).
   * Reservations draw from the account's pool (1,000 by default, far less on new accounts) and must leave 100
   * unreserved, or the deploy fails: hence off by default, with the route throttles as the ceiling.
   * @default false - nothing reserved
   */
  readonly reservedConcurrency?: boolean | Readonly<Partial<Record<FunctionId, number | undefined>>>;
  /**
   * The account's Lambda concurrency quota in the region, only to check `reservedConcurrency` at synth (the
   * reservations must leave `lambdaAccountConcurrency.minimumUnreserved`, 100, unreserved).
   * @default 1000
   */
  readonly accountConcurrencyLimit?: number;
  /**
   * API requests per second of each tenant that has no limit of its own (the platform admin sets one per
   * tenant), 1 to 10,000. The stage throttle above applies to all tenants together.
   * @default 50
   */
  readonly apiRateLimitPerSecond?: number;
  /**
   * How many CSMS→charger calls may wait per charger behind the outstanding one; beyond, the API answers 429
   * with `Retry-After`.
   * @default 20
   */
  readonly maxQueuedCalls?: number;
  /**
   * A domain of your own for chargers (`wss://{domainName}/ocpp/...`) with its ACM certificate in us-east-1.
   * With it the viewer TLS policy is TLSv1.2_2021; on CloudFront's default certificate it cannot be raised above
   * TLSv1 (`OcppGateway`'s `customDomain`). Point a CNAME (or Route 53 alias) of the domain at the distribution.
   * @default - the distribution's `*.cloudfront.net` name
   */
  readonly chargerDomain?: { readonly domainName: string; readonly certificate: acm.ICertificate };
  /**
   * Whether the stack sets the account's API Gateway CloudWatch Logs role (one per account and region), which the
   * WebSocket stage's access logs need. Set `false` when another stack already manages it.
   * @default true
   */
  readonly setApiGatewayAccountCloudWatchRole?: boolean;
  /**
   * Actions of every alarm besides notifying the stack's alarm topic (`alarms.topic`; its e-mail subscriber is the
   * `AlarmEmail` stack parameter).
   * @default - the alarm topic only
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

const functionSpecs = Object.entries(functions) as [FunctionId, FunctionSpec][];

const pascalCase = (id: string): string =>
  id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/**
 * The serverless CSMS: charger gateway (CloudFront + WebSocket API), tenant HTTP API, single table, event bus
 * with workflows, and a dashboard. Every function and route comes from `shared/topology`; every function gets
 * least-privilege grants from its `access` and the environment of every setting (`shared/settings.ts`).
 */
export class CsmsStack extends Stack {
  public readonly functions: Readonly<Record<FunctionId, CsmsFunction>>;
  public readonly table: DataTable;
  public readonly files: FilesBucket;
  public readonly tenantData: TenantDataRole;
  public readonly gateway: OcppGateway;
  public readonly api: TenantApi;
  public readonly workflows: EventWorkflows;
  public readonly callQueueTimer: CallQueueTimer;
  /** The slices' scheduled functions (EventBridge rate rules). */
  public readonly schedules: FunctionSchedules;
  /** The slices' queues other than the call-queue timer, by queue id (the webhook fan-out and deliveries). */
  public readonly sliceQueues: Readonly<Record<Exclude<QueueId, 'call-queue-timer'>, SliceQueue>>;
  public readonly operations: OperationsDashboard;
  /** The topic every alarm notifies. */
  public readonly alarms: AlarmTopic;

  public constructor(scope: Construct, id: string, props: CsmsStackProps = {}) {
    super(scope, id, props);

    // The bounds and messages the handlers' reader applies: a bad prop fails the synth, not a cold start.
    const settings = validateSettings({
      heartbeatIntervalSeconds: props.heartbeatIntervalSeconds,
      transactionUpdatedIntervalSeconds: props.transactionUpdatedIntervalSeconds,
      transactionUpdatedForAllSessions: props.transactionUpdatedForAllSessions,
      silentChargerSweep: props.silentChargerSweep,
      runningCostIntervalSeconds: props.runningCostIntervalSeconds,
      meterValueRetentionDays: props.meterValueRetentionDays,
      publishPreviousEventVersions: props.publishPreviousEventVersions,
      apiRateLimitPerSecond: props.apiRateLimitPerSecond,
      commandWaitSeconds: props.commandWaitSeconds,
      commandTimeoutSeconds: props.commandTimeoutSeconds,
      maxQueuedCalls: props.maxQueuedCalls,
    });
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const adminKeySha256 = new CfnParameter(this, 'AdminKeySha256', {
      type: 'String',
      noEcho: true,
      default: '',
      allowedPattern: '^([0-9a-f]{64})?$',
      description:
        'SHA-256 (lowercase hex) of the platform-admin API key; empty disables platform-admin access',
      constraintDescription: 'must be empty or 64 lowercase hexadecimal characters',
    });

    this.table = new DataTable(this, 'Data', {
      removalPolicy: props.tableRemovalPolicy,
      deletionProtection: props.tableDeletionProtection,
    });

    this.files = new FilesBucket(this, 'Files', {
      removalPolicy: props.filesRemovalPolicy,
      expiration: props.filesExpiration,
    });

    const reservations = reservedConcurrencyOf(
      props.reservedConcurrency,
      functions,
      props.accountConcurrencyLimit,
    );
    const created = {} as Record<FunctionId, CsmsFunction>;
    const handlers = {} as Record<FunctionId, NodejsFunction>;
    for (const [functionId, spec] of functionSpecs) {
      const observability = observabilityOf(functionId);
      created[functionId] = new CsmsFunction(this, pascalCase(functionId), {
        entry: spec.entry,
        description: spec.description,
        timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
        memorySize: spec.memoryMb ?? 256,
        logRetention,
        tracing: observability.tracing === 'Active' ? lambda.Tracing.ACTIVE : lambda.Tracing.PASS_THROUGH,
        applicationLogLevel: lambda.ApplicationLogLevel[observability.logLevel],
        systemLogLevel: lambda.SystemLogLevel[observability.systemLogLevel],
        reservedConcurrentExecutions: reservations[functionId],
      });
      handlers[functionId] = created[functionId].function;
    }
    this.functions = created;
    const fn = (functionId: FunctionId): NodejsFunction => handlers[functionId];

    this.gateway = new OcppGateway(this, 'Gateway', {
      authorizerHandler: fn(websocketRoutes.authorizer.function),
      routeHandlers: {
        $connect: fn(websocketRoutes.routes.$connect),
        $default: fn(websocketRoutes.routes.$default),
        $disconnect: fn(websocketRoutes.routes.$disconnect),
      },
      routeThrottles: props.webSocketThrottles,
      customDomain: props.chargerDomain,
      accessLogRetention: logRetention,
      setAccountCloudWatchRole: props.setApiGatewayAccountCloudWatchRole,
    });

    this.api = new TenantApi(this, 'TenantApi', {
      authorizerHandler: fn('api-authorizer'),
      handlers,
      throttle: props.apiThrottle,
      routeThrottles: props.apiRouteThrottles,
      accessLogRetention: logRetention,
    });

    // Every slice queue but the call-queue timer (a construct of its own): queue, dead-letter queue, consumer.
    const sliceQueues = {} as Record<Exclude<QueueId, 'call-queue-timer'>, SliceQueue>;
    for (const [queueId, spec] of Object.entries(queues) as [QueueId, (typeof queues)[QueueId]][]) {
      if (queueId === 'call-queue-timer') continue;
      sliceQueues[queueId] = new SliceQueue(this, `${pascalCase(queueId)}Queue`, {
        consumer: fn(spec.consumer),
        consumerTimeout: Duration.seconds(functions[spec.consumer].timeoutSeconds ?? 10),
        batchSize: spec.batchSize,
        maxReceiveCount: spec.maxReceiveCount,
        maxConcurrency: spec.maxConcurrency,
        batchingWindowSeconds: spec.batchingWindowSeconds,
      });
    }
    this.sliceQueues = sliceQueues;

    this.workflows = new EventWorkflows(this, 'Workflows', {
      handlers,
      logRetention,
      queues: Object.fromEntries(
        Object.entries(sliceQueues).map(([queueId, built]) => [queueId, built.queue]),
      ),
    });

    const timerSpec = queues['call-queue-timer'];
    this.callQueueTimer = new CallQueueTimer(this, 'CallQueueWakes', {
      consumer: fn(timerSpec.consumer),
      consumerTimeout: Duration.seconds(functions[timerSpec.consumer].timeoutSeconds ?? 10),
      batchSize: timerSpec.batchSize,
      maxReceiveCount: timerSpec.maxReceiveCount,
      maxConcurrency: timerSpec.maxConcurrency,
    });

    // The functions that serve a tenant reach its data only through the tenant role.
    const tenantServing = functionSpecs.filter(([, spec]) => spec.access.tenantData).map(([id]) => fn(id));
    this.tenantData = new TenantDataRole(this, 'TenantData', {
      table: this.table.table,
      indexNames: tableDesign.globalSecondaryIndexes.map((index) => index.indexName),
      filesBucket: this.files.bucket,
      assumedBy: tenantServing.map((handler) => {
        if (!handler.role) throw new Error(`${handler.node.id} has no role to trust`);
        return handler.role;
      }),
    });

    // Configuration and least-privilege grants, both driven by the topology.
    const environment = settingsEnvironment({
      ...settings,
      tableName: this.table.table.tableName,
      eventBusName: this.workflows.eventBus.eventBusName,
      connectionsEndpoint: this.gateway.callbackUrl,
      adminKeySha256: adminKeySha256.valueAsString,
      ocppBaseUrl: this.gateway.ocppBaseUrl,
      callQueueTimerUrl: this.callQueueTimer.queue.queueUrl,
      webhookDeliveryQueueUrl: this.sliceQueues['webhook-deliveries'].queue.queueUrl,
      filesBucket: this.files.bucket.bucketName,
      tenantRoleArn: this.tenantData.role.roleArn,
    });
    for (const [functionId, spec] of functionSpecs) {
      const handler = fn(functionId);
      for (const [name, value] of Object.entries(environment)) {
        handler.addEnvironment(name, value);
      }
      if (spec.access.table !== undefined) {
        acknowledgeWildcardResource(
          handler,
          `${this.table.table.tableArn}/index/*`,
          "the table's own global secondary indexes (tableDesign), which the table grants include by design",
        );
      }
      if (spec.access.table === 'read') {
        this.table.table.grantReadData(handler);
      } else if (spec.access.table === 'readWrite') {
        this.table.table.grantReadWriteData(handler);
      }
      if (spec.access.tenantData) {
        this.tenantData.grantAssume(handler);
      }
      if (spec.access.publishEvents) {
        this.workflows.eventBus.grantPutEventsTo(handler);
      }
      if (spec.access.manageConnections) {
        this.gateway.grantManageConnections(handler, spec.access.manageConnections);
      }
      if (spec.access.scheduleCallQueue) {
        this.callQueueTimer.grantSchedule(handler);
      }
      if (spec.access.sendWebhookDeliveries) {
        this.sliceQueues['webhook-deliveries'].queue.grantSendMessages(handler);
      }
    }
    // The slices' scheduled functions (the liveness sweep), each an EventBridge rate rule.
    this.schedules = new FunctionSchedules(this, 'Schedules', { schedules, functionOf: fn });

    // Only the API hands out upload and download URLs of charger files.
    this.files.grantTransfers(fn('api'));

    this.alarms = new AlarmTopic(this, 'Alarms');
    this.operations = new OperationsDashboard(this, 'Operations', {
      functions: handlers,
      chargerAuthorizer: {
        name: websocketRoutes.authorizer.function,
        logGroup: this.functions[websocketRoutes.authorizer.function].logGroup,
        refusedLogMessage: websocketRoutes.authorizer.refusedLogMessage,
      },
      table: this.table.table,
      tableIndexNames: tableDesign.globalSecondaryIndexes.map((index) => index.indexName),
      webSocket: { apiId: this.gateway.webSocketApi.apiId, stageName: this.gateway.stage.stageName },
      httpApi: { apiId: this.api.httpApi.apiId },
      stateMachines: this.workflows.stateMachines,
      // Each workflow's section lists the functions its definition runs: a new workflow brings its own.
      workflowTasks: Object.fromEntries(
        (Object.entries(stateMachines) as [StateMachineId, StateMachineSpec][]).map(([machineId, spec]) => [
          machineId,
          Object.fromEntries(referencedFunctions(spec.definition).map((taskId) => [taskId, fn(taskId)])),
        ]),
      ),
      webhookDelivery: { queue: this.sliceQueues['webhook-deliveries'].queue },
      eventBus: this.workflows.eventBus,
      rules: this.workflows.rules,
      deadLetterQueue: this.workflows.deadLetterQueue,
      otherDeadLetterQueues: {
        'call-queue wakes': this.callQueueTimer.deadLetterQueue,
        ...Object.fromEntries(
          Object.entries(this.sliceQueues).map(([queueId, built]) => [queueId, built.deadLetterQueue]),
        ),
      },
      alarmActions: [new SnsAction(this.alarms.topic), ...(props.alarmActions ?? [])],
    });

    new CfnOutput(this, 'ChargerUrlBase', {
      description: 'Charger URL base; a charger connects to {base}/{tenantId}/{chargerId}',
      value: this.gateway.ocppBaseUrl,
    });
    new CfnOutput(this, 'HttpApiUrl', { description: 'Tenant HTTP API base URL', value: this.api.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: this.files.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: this.workflows.eventBus.eventBusName });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic every alarm notifies',
      value: this.alarms.topic.topicArn,
    });
  }
}
