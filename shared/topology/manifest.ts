import type { EventName } from '../events/catalog.ts';
import type { Ocpp16Requests } from '../ocpp/generated/ocpp16.ts';
import type { Ocpp201Requests } from '../ocpp/generated/ocpp201.ts';
import type {
  EventRule,
  FunctionSpec,
  HttpMethod,
  QueueSpec,
  RouteAccess,
  ScheduleSpec,
  StateMachineSpec,
} from './specs.ts';

/** One HTTP route of a slice: served by the `api` function, whose operation of this id handles it. */
export type RouteRow = readonly [method: HttpMethod, path: string, operationId: string];

/**
 * What a feature slice contributes to the system, as data: the CDK stack and the local runtime read it through
 * the topology, and the slice's implementation (`slice.ts`, see shared/slices/slice.ts) must match it entry for
 * entry — the compiler checks the names, `test/unit/slices.test.ts` checks both directions.
 */
export interface SliceManifest {
  readonly slice: string;
  /** What the slice holds, for the README's table and for readers. */
  readonly summary: string;
  /** Charger-initiated actions the slice answers, per OCPP version. */
  readonly ocpp?: {
    readonly 'ocpp1.6'?: readonly (keyof Ocpp16Requests)[];
    readonly 'ocpp2.0.1'?: readonly (keyof Ocpp201Requests)[];
  };
  /** HTTP routes, grouped by who may call them. */
  readonly routes?: { readonly [A in RouteAccess]?: readonly RouteRow[] };
  /** CSMS-initiated actions whose accepted answer changes the slice's state (see command-reactions.ts). */
  readonly reactions?: {
    readonly 'ocpp1.6'?: readonly (keyof Ocpp16Requests)[];
    readonly 'ocpp2.0.1'?: readonly (keyof Ocpp201Requests)[];
  };
  /** Events of the catalog the slice publishes. */
  readonly events?: readonly EventName[];
  /** Lambda functions of the slice (workflow tasks…), by function id. */
  readonly functions?: Readonly<Record<string, FunctionSpec>>;
  /** Step Functions workflows, by state machine id; their tasks name functions with `functionPlaceholder`. */
  readonly stateMachines?: Readonly<Record<string, StateMachineSpec>>;
  /** SQS queues of the slice, by queue id, each consumed by one of its functions. */
  readonly queues?: Readonly<Record<string, QueueSpec>>;
  /** EventBridge rules that start the slice's workflows. */
  readonly eventRules?: readonly EventRule[];
  /** Functions of the slice run at a fixed rate, by schedule id. */
  readonly schedules?: Readonly<Record<string, ScheduleSpec>>;
}

/** Keeps the manifest's literal names, so that the implementation is checked against them. */
export const defineManifest = <const M extends SliceManifest>(manifest: M): M => manifest;
