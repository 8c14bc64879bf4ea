import type { Actor } from '../../kernel/model.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type {
  ComponentCriterionEnumType,
  ComponentVariableType,
  Ocpp201Responses,
  ReportBaseEnumType,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerView } from '../chargers/model.ts';
import {
  type ChargerCallDependencies,
  type ChargerCallResult,
  callCharger,
} from '../commands/charger-calls.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { chunkItems, frameOverheadBytes, limitRefs, messageLimitsOf } from './message-chunks.ts';
import type {
  AttributeType,
  DeviceModelReport,
  DeviceModelVariable,
  MessageLimits,
  VariableRef,
} from './model.ts';
import { ocppComponentVariableOf } from './reported-variables.ts';

/**
 * Device-model requests through the API: reports (GetBaseReport / GetReport) under a request id the CSMS gives
 * (the charger's counter) and records before the call goes out, so the parts that follow are known; and
 * GetVariables / SetVariables split into as many calls as the charger's announced limits require
 * (DeviceDataCtrlr ItemsPerMessage / BytesPerMessage, from its stored device model).
 */

type Deps = ChargerCallDependencies & Pick<Dependencies, 'deviceModels'>;

export type DeviceModelCallResult =
  | { readonly kind: 'refused'; readonly message: string }
  | Exclude<ChargerCallResult, { kind: 'sent' | 'invalid' }>
  | { readonly kind: 'sent'; readonly command: Command; readonly report?: DeviceModelReport };

const needs201 = (view: ChargerView): string | undefined =>
  view.connection && view.connection.ocppVersion !== 'ocpp2.0.1'
    ? 'the device model is OCPP 2.0.1 (this charger speaks OCPP 1.6: see /configuration)'
    : undefined;

/** The next request id no report of the charger has (an unsolicited one may have taken a number). */
const allocateReport = async (
  deps: Pick<Dependencies, 'deviceModels'>,
  base: Omit<DeviceModelReport, 'requestId' | 'revision'>,
): Promise<DeviceModelReport> => {
  for (;;) {
    const requestId = await deps.deviceModels.nextRequestId(base.tenantId, base.chargerId);
    const report: DeviceModelReport = { ...base, requestId, revision: 1 };
    if (await deps.deviceModels.saveReport(report)) return report;
  }
};

export interface ReportRequestInput {
  readonly tenantId: string;
  readonly view: ChargerView;
  readonly requestedBy: Actor;
  readonly waitSeconds: number;
  /** GetBaseReport with this base; or GetReport with the criteria below. */
  readonly reportBase?: ReportBaseEnumType;
  readonly componentVariable?: readonly ComponentVariableType[];
  readonly componentCriteria?: readonly ComponentCriterionEnumType[];
}

export const requestReport = async (
  deps: Deps,
  input: ReportRequestInput,
): Promise<DeviceModelCallResult> => {
  const { tenantId, view } = input;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needs201(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  const at = deps.clock.now().toISOString();
  const action = input.reportBase ? 'GetBaseReport' : 'GetReport';
  const report = await allocateReport(deps, {
    tenantId,
    chargerId: view.charger.chargerId,
    request: action,
    ...(input.reportBase && { reportBase: input.reportBase }),
    requestedAt: at,
    status: 'requested',
    seqNos: [],
    variables: 0,
    updatedAt: at,
  });
  const payload = input.reportBase
    ? { requestId: report.requestId, reportBase: input.reportBase }
    : {
        requestId: report.requestId,
        ...(input.componentVariable && { componentVariable: [...input.componentVariable] }),
        ...(input.componentCriteria && { componentCriteria: [...input.componentCriteria] }),
      };
  const result = await callCharger(deps, {
    tenantId,
    charger: view.charger,
    connection: view.connection,
    action,
    payload,
    requestedBy: input.requestedBy,
    waitSeconds: input.waitSeconds,
    onSent: async (command) => {
      await updateRevisioned(
        {
          load: () => deps.deviceModels.getReport(tenantId, report.chargerId, report.requestId),
          save: (next) => deps.deviceModels.saveReport(next),
        },
        (current) => current && { ...current, commandId: command.commandId },
      );
    },
  });
  if (result.kind === 'invalid') return { kind: 'refused', message: result.message };
  if (result.kind !== 'sent') return result;
  const stored = await deps.deviceModels.getReport(tenantId, report.chargerId, report.requestId);
  return { kind: 'sent', command: result.command, ...(stored && { report: stored }) };
};

/** The limits the charger announced for `action`, from its stored device model. */
export const storedMessageLimits = async (
  deps: Pick<Dependencies, 'deviceModels'>,
  tenantId: string,
  chargerId: string,
  action: 'GetVariables' | 'SetVariables',
): Promise<MessageLimits> => {
  const found = new Map<string, DeviceModelVariable | undefined>();
  for (const ref of limitRefs(action).flatMap(({ refs }) => refs))
    found.set(JSON.stringify(ref), await deps.deviceModels.getVariable(tenantId, chargerId, ref));
  return messageLimitsOf(action, (ref) => found.get(JSON.stringify(ref)));
};

export interface VariableRequest {
  readonly ref: VariableRef;
  readonly attributeType?: AttributeType;
  /** SetVariables: the value to set. */
  readonly value?: string;
}

export type VariablesCallResult =
  | Exclude<DeviceModelCallResult, { kind: 'sent' }>
  | {
      readonly kind: 'sent';
      /** One per call, in order; the first one that did not complete ends the run. */
      readonly commands: readonly Command[];
      readonly limits: MessageLimits;
    };

/**
 * GetVariables (no values) or SetVariables, in as many calls as the charger's limits need, one after the
 * other (OCPP allows one outstanding call); stops at the first call that does not complete.
 */
export const requestVariables = async (
  deps: Deps,
  input: {
    tenantId: string;
    view: ChargerView;
    action: 'GetVariables' | 'SetVariables';
    variables: readonly VariableRequest[];
    requestedBy: Actor;
    waitSeconds: number;
  },
): Promise<VariablesCallResult> => {
  const { tenantId, view, action } = input;
  if (!view.connection) return { kind: 'offline' };
  const unsupported = needs201(view);
  if (unsupported) return { kind: 'refused', message: unsupported };
  const field = action === 'GetVariables' ? 'getVariableData' : 'setVariableData';
  const items = input.variables.map((variable) => ({
    ...ocppComponentVariableOf(variable.ref),
    ...(variable.attributeType && { attributeType: variable.attributeType }),
    ...(action === 'SetVariables' && { attributeValue: variable.value ?? '' }),
  }));
  const limits = await storedMessageLimits(deps, tenantId, view.charger.chargerId, action);
  const commands: Command[] = [];
  for (const chunk of chunkItems(items, limits, frameOverheadBytes(action, field))) {
    const result = await callCharger(deps, {
      tenantId,
      charger: view.charger,
      connection: view.connection,
      action,
      payload: { [field]: chunk },
      requestedBy: input.requestedBy,
      waitSeconds: input.waitSeconds,
    });
    if (result.kind === 'invalid') return { kind: 'refused', message: result.message };
    if (result.kind !== 'sent') {
      if (commands.length === 0) return result;
      break;
    }
    commands.push(result.command);
    if (result.command.status !== 'completed') break;
  }
  return { kind: 'sent', commands, limits };
};

/** The results of the completed calls of a run, in order. */
export const variableResultsOf = (commands: readonly Command[]) =>
  commands.flatMap((command) => {
    if (command.status !== 'completed' || !command.response) return [];
    const response = command.response as unknown as Partial<
      Ocpp201Responses['GetVariables'] & Ocpp201Responses['SetVariables']
    >;
    return [...(response.getVariableResult ?? []), ...(response.setVariableResult ?? [])];
  });
