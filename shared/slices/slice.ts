import type { Operation } from '../http/operation.ts';
import type { OcppHandlers } from '../ocpp/dispatcher.ts';
import type { OcppVersion } from '../ocpp/versions.ts';
import type { RouteRow, SliceManifest } from '../topology/manifest.ts';
import type { CommandReaction } from './commands/command-reactions.ts';
import type { Dependencies } from './dependencies.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;
type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

type Declared<T> = T extends readonly (infer A)[] ? A : never;
type OcppActionsOf<M, V extends OcppVersion> = M extends { ocpp: { [K in V]: infer L } }
  ? Declared<L>
  : never;
type ReactionActionsOf<M, V extends OcppVersion> = M extends { reactions: { [K in V]: infer L } }
  ? Declared<L>
  : never;
type RoutesOf<M> = M extends { routes: infer R } ? R[keyof R] : never;
type OperationIdsOf<M> =
  Declared<RoutesOf<M>> extends infer Row ? (Row extends RouteRow ? Row[2] : never) : never;
type FunctionIdsOf<M> = M extends { functions: infer F } ? keyof F & string : never;

// biome-ignore lint/suspicious/noExplicitAny: each function takes its own API Gateway or Step Functions event.
export type FunctionHandler = (event: any) => Promise<unknown>;

/** A record with exactly the declared keys; `{}` (nothing to implement) when none are declared. */
type Exactly<K extends string, V> = [K] extends [never] ? Record<string, never> : Readonly<Record<K, V>>;

/**
 * The code behind a slice's manifest, entry for entry: the compiler requires an implementation of each declared
 * OCPP action, operation, reaction and function (and `test/unit/slices.test.ts` refuses undeclared extras).
 */
export interface SliceImplementation<M extends SliceManifest> {
  readonly manifest: M;
  /** Handlers of the declared charger-initiated actions, built once per container from the dependencies. */
  readonly ocpp: {
    readonly 'ocpp1.6': (deps: Dependencies) => Required<Pick<V16, OcppActionsOf<M, 'ocpp1.6'> & keyof V16>>;
    readonly 'ocpp2.0.1': (
      deps: Dependencies,
    ) => Required<Pick<V201, OcppActionsOf<M, 'ocpp2.0.1'> & keyof V201>>;
  };
  /** The operation of each declared route's operationId. */
  readonly operations: Exactly<OperationIdsOf<M>, Operation>;
  /** What an accepted answer to each declared CSMS-initiated action changes. */
  readonly reactions: {
    readonly 'ocpp1.6': Exactly<ReactionActionsOf<M, 'ocpp1.6'>, readonly CommandReaction[]>;
    readonly 'ocpp2.0.1': Exactly<ReactionActionsOf<M, 'ocpp2.0.1'>, readonly CommandReaction[]>;
  };
  /** The handler factory of each declared function; functions/<id>.ts hands it to Lambda. */
  readonly functions: Exactly<FunctionIdsOf<M>, (deps: Dependencies) => FunctionHandler>;
}

/** What a slice without OCPP handlers, routes, reactions or functions gives for that part. */
export const none = {
  ocpp: { 'ocpp1.6': () => ({}), 'ocpp2.0.1': () => ({}) },
  operations: {},
  reactions: { 'ocpp1.6': {}, 'ocpp2.0.1': {} },
  functions: {},
} as const;

export type AnySlice = SliceImplementation<SliceManifest>;

/** Checks the implementation against the manifest's literal names. */
export const defineSlice = <const M extends SliceManifest>(slice: SliceImplementation<M>): AnySlice =>
  slice as unknown as AnySlice;
