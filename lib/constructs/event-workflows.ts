import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  type EventPattern,
  type EventRule,
  eventRules,
  type FunctionId,
  functions,
  type StateMachineId,
  type StateMachineSpec,
  stateMachines,
  eventBusName as topologyEventBusName,
} from '../../shared/topology/index.ts';
import { workflowObservability } from './workflow-observability.ts';

/** Top-level fields of an EventBridge pattern: wire name -> CDK `EventPattern` property. */
const patternFields: Readonly<Record<string, keyof events.EventPattern>> = {
  version: 'version',
  id: 'id',
  'detail-type': 'detailType',
  source: 'source',
  account: 'account',
  time: 'time',
  region: 'region',
  resources: 'resources',
  detail: 'detail',
};

/**
 * Converts a wire-format pattern (`detail-type`) into CDK's `EventPattern` (`detailType`), which CDK renders back
 * to the wire format. An unknown top-level field fails the synth instead of being dropped silently.
 */
export const toCdkEventPattern = (pattern: EventPattern): events.EventPattern => {
  const converted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pattern)) {
    const property = patternFields[field];
    if (property === undefined) {
      throw new Error(`Unsupported top-level field '${field}' in an event pattern`);
    }
    converted[property] = value;
  }
  return converted as events.EventPattern;
};

const placeholder = /\$\{fn:([^}]*)\}/g;

/** Function ids referenced as `${fn:<id>}` anywhere in a state machine definition, in order of appearance. */
export const referencedFunctions = (definition: StateMachineSpec['definition']): FunctionId[] => {
  const ids = new Set<FunctionId>();
  for (const match of JSON.stringify(definition).matchAll(placeholder)) {
    const id = match[1] ?? '';
    if (!Object.hasOwn(functions, id)) {
      throw new Error(`State machine definition references unknown function '${id}'`);
    }
    ids.add(id as FunctionId);
  }
  return [...ids];
};

export interface EventWorkflowsProps {
  /** Lambda of each function id the state machine definitions reference. */
  readonly handlers: Readonly<Partial<Record<FunctionId, lambda.IFunction>>>;
  /**
   * Physical name of the bus. The topology's name is prefixed with the stack name so that two stacks (e.g. a
   * dev and a test stack) can share an account; handlers get the real name through `EVENT_BUS_NAME`.
   * @default `${stackName}-${eventBusName}`
   */
  readonly eventBusName?: string;
  /**
   * The queues of the rules with a queue target, by queue id.
   * @default none (a rule with a queue target then fails the synth)
   */
  readonly queues?: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Rules routing bus events to workflows and queues.
   * @default eventRules
   */
  readonly rules?: readonly EventRule[];
  /**
   * Workflow definitions.
   * @default stateMachines
   */
  readonly stateMachines?: Readonly<Record<StateMachineId, StateMachineSpec>>;
  /**
   * Retention of the state machine log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Execution history level written to CloudWatch Logs.
   * @default sfn.LogLevel.ERROR (failed executions, without execution data: `workflowObservability`)
   */
  readonly logLevel?: sfn.LogLevel;
  /**
   * X-Ray tracing of every state machine, sampled by the account's X-Ray sampling rules.
   * @default true (`workflowObservability.tracing`, which the cost model prices)
   */
  readonly tracingEnabled?: boolean;
}

/**
 * The event bus, one state machine per workflow (of the topology's type) (logs, X-Ray, invoke rights on exactly the functions
 * its definition references) and one rule per `eventRules` entry starting the workflow it names. Events a rule
 * cannot deliver after retries land in a dead-letter queue.
 */
export class EventWorkflows extends Construct {
  public readonly eventBus: events.EventBus;
  public readonly stateMachines: Readonly<Record<StateMachineId, sfn.StateMachine>>;
  public readonly rules: Readonly<Record<string, events.Rule>>;
  public readonly deadLetterQueue: sqs.Queue;

  public constructor(scope: Construct, id: string, props: EventWorkflowsProps) {
    super(scope, id);

    this.eventBus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? `${Stack.of(this).stackName}-${topologyEventBusName}`,
      description: 'CSMS domain events',
    });

    const specs = props.stateMachines ?? stateMachines;
    const machines = {} as Record<StateMachineId, sfn.StateMachine>;
    for (const [machineId, spec] of Object.entries(specs) as [StateMachineId, StateMachineSpec][]) {
      const handlers = referencedFunctions(spec.definition).map((functionId) => {
        const handler = props.handlers[functionId];
        if (handler === undefined) {
          throw new Error(
            `No Lambda given for function '${functionId}' used by state machine '${machineId}'`,
          );
        }
        return { functionId, handler };
      });
      const constructId = machineId.charAt(0).toUpperCase() + machineId.slice(1);
      const machine = new sfn.StateMachine(this, constructId, {
        comment: spec.description,
        stateMachineType: sfn.StateMachineType[spec.type],
        definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(spec.definition)),
        definitionSubstitutions: Object.fromEntries(
          handlers.map(({ functionId, handler }) => [`fn:${functionId}`, handler.functionArn]),
        ),
        tracingEnabled: props.tracingEnabled ?? workflowObservability.tracing,
        logs: {
          destination: new logs.LogGroup(this, `${constructId}Logs`, {
            // Step Functions adds each log group it writes to to the account's CloudWatch Logs resource policy
            // (5,120 characters); groups under /aws/vendedlogs/ are allowed without growing it (AWS: bp-cwl).
            logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${machineId}`,
            retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
          level: props.logLevel ?? sfn.LogLevel[workflowObservability.logLevel],
          includeExecutionData: workflowObservability.includeExecutionData,
        },
      });
      // A definition given as a string grants nothing by itself: exactly the referenced functions, nothing more.
      // The definition names each function by its unqualified ARN, so no version or alias (`{arn}:*`, which
      // grantInvoke adds) is granted.
      iam.Grant.addToPrincipal({
        grantee: machine,
        actions: ['lambda:InvokeFunction'],
        resourceArns: handlers.map(({ handler }) => handler.functionArn),
      });
      Validations.of(machine).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'the CloudWatch Logs delivery actions Step Functions needs for its execution log (logs:CreateLogDelivery ' +
          'and the like) support no resource-level permissions',
      });
      if (!(props.tracingEnabled ?? workflowObservability.tracing)) {
        Validations.of(machine).acknowledge({
          id: 'AwsSolutions-SF2',
          reason:
            'X-Ray off by default for cost (workflowObservability.tracing); the execution history is in the ' +
            'log, and tracingEnabled turns it on',
        });
      }
      if ((props.logLevel ?? sfn.LogLevel[workflowObservability.logLevel]) !== sfn.LogLevel.ALL) {
        Validations.of(machine).acknowledge({
          id: 'AwsSolutions-SF1',
          reason:
            'failed executions only (workflowObservability.logLevel): each workflow is one Task whose outcome is ' +
            'kept where it is used; every transition of every run would cost as much as the workflows',
        });
      }
      machines[machineId] = machine;
    }
    this.stateMachines = machines;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "it is the dead-letter queue of the rules' EventBridge targets; cdk-nag sees only SQS redrive ones",
    });

    const rules: Record<string, events.Rule> = {};
    const delivery = {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(2),
    };
    const targetOf = (rule: EventRule): events.IRuleTarget => {
      if ('queue' in rule.target) {
        const queue = props.queues?.[rule.target.queue];
        if (queue === undefined)
          throw new Error(`Rule '${rule.id}' targets unknown queue '${rule.target.queue}'`);
        // The whole event, as the local runtime's emulation sends it; the queue policy lets only this rule send.
        return new targets.SqsQueue(queue, delivery);
      }
      const machine = machines[rule.target.stateMachine];
      if (machine === undefined) {
        throw new Error(`Rule '${rule.id}' targets unknown state machine '${rule.target.stateMachine}'`);
      }
      return new targets.SfnStateMachine(machine, delivery);
    };
    for (const rule of props.rules ?? eventRules) {
      rules[rule.id] = new events.Rule(this, rule.id, {
        eventBus: this.eventBus,
        description: rule.description,
        eventPattern: toCdkEventPattern(rule.pattern),
        targets: [targetOf(rule)],
      });
    }
    this.rules = rules;
  }
}
