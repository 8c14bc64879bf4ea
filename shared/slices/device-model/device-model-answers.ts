import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { Ocpp201Requests, Ocpp201Responses } from '../../ocpp/generated/ocpp201.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { DeviceModelReport } from './model.ts';
import { withRequestAnswer } from './report-progress.ts';
import { refOf, withAttributeValue } from './reported-variables.ts';

/**
 * What the charger's answers to device-model calls change, whether sent through this slice's routes, the
 * version-neutral commands or the raw passthrough: GetBaseReport / GetReport make the request id a requested
 * report (so its NotifyReport parts are solicited), Accepted GetVariables results and Accepted SetVariables
 * values become the stored attribute values.
 */

type Report = Omit<DeviceModelReport, 'revision'>;

/** Reaction to GetBaseReport / GetReport: the report is requested (or refused) under its request id. */
export const recordReportAnswer: CommandReaction = async (deps, { command, response }) => {
  const payload = command.payload as { requestId: number; reportBase?: string };
  const { status } = response as { status: string };
  const at = deps.clock.now().toISOString();
  const action = command.action === 'GetBaseReport' ? 'GetBaseReport' : 'GetReport';
  await updateRevisioned(
    {
      load: () => deps.deviceModels.getReport(command.tenantId, command.chargerId, payload.requestId),
      save: (next) => deps.deviceModels.saveReport(next),
    },
    (current) => {
      const base: Report = current ?? {
        tenantId: command.tenantId,
        chargerId: command.chargerId,
        requestId: payload.requestId,
        request: action,
        status: 'requested',
        seqNos: [],
        variables: 0,
        updatedAt: at,
      };
      return withRequestAnswer<Report>(
        {
          ...base,
          // Parts may have come before the answer was recorded: the report was asked for after all.
          request: action,
          ...(payload.reportBase && { reportBase: payload.reportBase }),
          commandId: command.commandId,
          requestedAt: base.requestedAt ?? command.requestedAt,
        },
        status,
        at,
      );
    },
  );
};

const attributeKey = (item: { component: unknown; variable: unknown; attributeType?: string }) =>
  JSON.stringify([refOf(item as never), item.attributeType ?? 'Actual']);

const storeValues = async (
  deps: Parameters<CommandReaction>[0],
  command: Parameters<CommandReaction>[1]['command'],
  confirmed: readonly { item: Parameters<typeof refOf>[0]; type?: string; value?: string }[],
) => {
  const at = deps.clock.now().toISOString();
  const { tenantId, chargerId } = command;
  for (const { item, type, value } of confirmed) {
    const ref = refOf(item);
    const current = await deps.deviceModels.getVariable(tenantId, chargerId, ref);
    const next = withAttributeValue(
      current,
      { tenantId, chargerId, ref, at },
      (type ?? 'Actual') as 'Actual',
      value,
    );
    await deps.deviceModels.putVariables([next]);
  }
};

/** Reaction to GetVariables: each Accepted result's value is the attribute's value now. */
export const storeReadVariables: CommandReaction = async (deps, { command, response }) => {
  const { getVariableResult } = response as unknown as Ocpp201Responses['GetVariables'];
  await storeValues(
    deps,
    command,
    getVariableResult
      .filter((result) => result.attributeStatus === 'Accepted')
      .map((result) => ({ item: result, type: result.attributeType, value: result.attributeValue })),
  );
};

/** Reaction to SetVariables: each Accepted value is the attribute's value now (RebootRequired: not yet). */
export const storeSetVariables: CommandReaction = async (deps, { command, response }) => {
  const { setVariableData } = command.payload as unknown as Ocpp201Requests['SetVariables'];
  const { setVariableResult } = response as unknown as Ocpp201Responses['SetVariables'];
  const accepted = new Set(
    setVariableResult.filter((result) => result.attributeStatus === 'Accepted').map(attributeKey),
  );
  await storeValues(
    deps,
    command,
    setVariableData
      .filter((data) => accepted.has(attributeKey(data)))
      .map((data) => ({ item: data, type: data.attributeType, value: data.attributeValue })),
  );
};
