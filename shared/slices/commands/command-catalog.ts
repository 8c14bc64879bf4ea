import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Ocpp16Requests, Ocpp16Responses } from '../../ocpp/generated/ocpp16.ts';
import type { Ocpp201Requests, Ocpp201Responses } from '../../ocpp/generated/ocpp201.ts';
import type { OcppVersion } from '../../ocpp/versions.ts';

/**
 * Version-neutral charger commands: one request schema each, mapped to the OCPP call of the charger's version,
 * and the charger's answer normalized. EVSEs and connectors follow the API's model: OCPP 1.6 connector n is
 * EVSE n, connector 1 (connector 0, the charger itself, is EVSE 0) — so a 1.6 charger gets `evseId` as its
 * `connectorId`, and a `connectorId` other than 1 is refused for it.
 */

export interface OcppCall {
  readonly action: string;
  readonly payload: Record<string, unknown>;
}

/** The call to send, or why this version cannot express the request. */
export type CallMapping = { ok: true; call: OcppCall } | { ok: false; message: string };

/** What the API answers besides the raw CALLRESULT: a status (most commands) or the values read. */
export interface NormalizedAnswer {
  readonly status?: string;
  readonly values?: readonly ConfigurationValue[];
}

export interface ConfigurationValue {
  readonly key: string;
  readonly value?: string;
  readonly readonly?: boolean;
  /** `Accepted`, or why the charger did not report it (`UnknownVariable`, `UnknownComponent`, `Rejected`…). */
  readonly status: string;
}

export interface ChargerCommand<S extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly schema: S;
  toCall(version: OcppVersion, input: z.infer<S>): CallMapping;
  normalize(version: OcppVersion, response: Record<string, unknown>): NormalizedAnswer;
}

const defineCommand = <S extends z.ZodType>(command: ChargerCommand<S>): ChargerCommand =>
  command as unknown as ChargerCommand;

const call16 = <A extends keyof Ocpp16Requests>(action: A, payload: Ocpp16Requests[A]): CallMapping => ({
  ok: true,
  call: { action, payload: payload as unknown as Record<string, unknown> },
});

const call201 = <A extends keyof Ocpp201Requests>(action: A, payload: Ocpp201Requests[A]): CallMapping => ({
  ok: true,
  call: { action, payload: payload as unknown as Record<string, unknown> },
});

const refuse = (message: string): CallMapping => ({ ok: false, message });

/** Every answer these commands get has a `status`, except the configuration reads. */
const statusOf = (_version: OcppVersion, response: Record<string, unknown>): NormalizedAnswer =>
  typeof response.status === 'string' ? { status: response.status } : {};

const evseIdSchema = z.number().int().min(0).meta({ description: 'EVSE id; 0 is the charger itself' });
const connectorIdSchema = z
  .number()
  .int()
  .min(1)
  .meta({ description: 'Connector of the EVSE; OCPP 1.6 chargers have one per EVSE (1)' });

/** OCPP 1.6 has one connector per EVSE in this API's model. */
const singleConnector16 = (connectorId: number | undefined): string | undefined =>
  connectorId === undefined || connectorId === 1
    ? undefined
    : 'connectorId: an OCPP 1.6 charger has one connector per EVSE (connector n is EVSE n, connector 1)';

/** `Component.Variable` → the 2.0.1 component and variable; undefined when the key has no dot. */
const componentVariable = (key: string) => {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) return undefined;
  return { component: { name: key.slice(0, dot) }, variable: { name: key.slice(dot + 1) } };
};

const keySchema = z
  .string()
  .min(1)
  .max(101)
  .meta({
    description:
      'OCPP 1.6: the configuration key (e.g. HeartbeatInterval); OCPP 2.0.1: Component.Variable ' +
      '(e.g. OCPPCommCtrlr.HeartbeatInterval)',
  });

const notComponentVariable = (key: string) =>
  `key ${JSON.stringify(key)}: an OCPP 2.0.1 charger needs Component.Variable, e.g. OCPPCommCtrlr.HeartbeatInterval`;

export const triggerableMessages = [
  'BootNotification',
  'Heartbeat',
  'MeterValues',
  'StatusNotification',
  'FirmwareStatusNotification',
] as const;

const idTokenTypes = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
] as const;

export const chargerCommands = {
  'remote-start': defineCommand({
    summary: 'Start a transaction remotely (1.6 RemoteStartTransaction / 2.0.1 RequestStartTransaction)',
    schema: z.strictObject({
      idToken: z.string().min(1).max(36).meta({ description: 'OCPP 1.6 allows at most 20 characters' }),
      idTokenType: z
        .enum(idTokenTypes)
        .default('Central')
        .meta({ description: 'OCPP 2.0.1 only; a 1.6 idTag has no type' }),
      evseId: z.number().int().min(1).optional(),
      remoteStartId: z
        .number()
        .int()
        .min(0)
        .optional()
        .meta({ description: 'OCPP 2.0.1 only; generated when absent' }),
    }),
    toCall(version, input) {
      if (version === 'ocpp1.6') {
        if (input.idToken.length > 20) return refuse('idToken: OCPP 1.6 allows at most 20 characters');
        return call16('RemoteStartTransaction', {
          idTag: input.idToken,
          ...(input.evseId !== undefined && { connectorId: input.evseId }),
        });
      }
      return call201('RequestStartTransaction', {
        idToken: { idToken: input.idToken, type: input.idTokenType },
        remoteStartId: input.remoteStartId ?? randomInt(1, 2 ** 31 - 1),
        ...(input.evseId !== undefined && { evseId: input.evseId }),
      });
    },
    normalize: statusOf,
  }),

  'remote-stop': defineCommand({
    summary: 'Stop a transaction remotely (1.6 RemoteStopTransaction / 2.0.1 RequestStopTransaction)',
    schema: z.strictObject({
      transactionId: z
        .string()
        .min(1)
        .max(36)
        .meta({ description: "The charger's transaction id; an integer for OCPP 1.6" }),
    }),
    toCall(version, input) {
      if (version === 'ocpp1.6') {
        const id = Number(input.transactionId);
        if (!/^-?\d{1,10}$/.test(input.transactionId) || !Number.isSafeInteger(id))
          return refuse('transactionId: OCPP 1.6 transaction ids are integers');
        return call16('RemoteStopTransaction', { transactionId: id });
      }
      return call201('RequestStopTransaction', { transactionId: input.transactionId });
    },
    normalize: statusOf,
  }),

  reset: defineCommand({
    summary: 'Reset the charger: soft (2.0.1 OnIdle) or hard (2.0.1 Immediate)',
    schema: z.strictObject({
      type: z.enum(['soft', 'hard']),
      evseId: z.number().int().min(1).optional().meta({ description: 'OCPP 2.0.1 only: reset one EVSE' }),
    }),
    toCall(version, input) {
      if (version === 'ocpp1.6') {
        if (input.evseId !== undefined) return refuse('evseId: OCPP 1.6 resets the whole charger only');
        return call16('Reset', { type: input.type === 'soft' ? 'Soft' : 'Hard' });
      }
      return call201('Reset', {
        type: input.type === 'soft' ? 'OnIdle' : 'Immediate',
        ...(input.evseId !== undefined && { evseId: input.evseId }),
      });
    },
    normalize: statusOf,
  }),

  'unlock-connector': defineCommand({
    summary: 'Unlock a connector',
    schema: z.strictObject({
      evseId: z.number().int().min(1),
      connectorId: connectorIdSchema.default(1),
    }),
    toCall(version, input) {
      if (version === 'ocpp1.6') {
        const refused = singleConnector16(input.connectorId);
        if (refused) return refuse(refused);
        return call16('UnlockConnector', { connectorId: input.evseId });
      }
      return call201('UnlockConnector', { evseId: input.evseId, connectorId: input.connectorId });
    },
    normalize: statusOf,
  }),

  'change-availability': defineCommand({
    summary: 'Make the charger, an EVSE or a connector operative or inoperative',
    schema: z.strictObject({
      availability: z.enum(['operative', 'inoperative']),
      evseId: evseIdSchema.optional().meta({ description: 'Absent or 0: the whole charger' }),
      connectorId: connectorIdSchema.optional(),
    }),
    toCall(version, input) {
      if (input.connectorId !== undefined && !input.evseId)
        return refuse('connectorId: needs the evseId it belongs to');
      const type = input.availability === 'operative' ? 'Operative' : 'Inoperative';
      if (version === 'ocpp1.6') {
        const refused = singleConnector16(input.connectorId);
        if (refused) return refuse(refused);
        return call16('ChangeAvailability', { connectorId: input.evseId ?? 0, type });
      }
      return call201('ChangeAvailability', {
        operationalStatus: type,
        ...(input.evseId && {
          evse: {
            id: input.evseId,
            ...(input.connectorId !== undefined && { connectorId: input.connectorId }),
          },
        }),
      });
    },
    normalize: statusOf,
  }),

  'trigger-message': defineCommand({
    summary: 'Ask the charger to send a message now (BootNotification, Heartbeat, StatusNotification…)',
    schema: z.strictObject({
      message: z.enum(triggerableMessages),
      evseId: z.number().int().min(1).optional(),
      connectorId: connectorIdSchema.optional(),
    }),
    toCall(version, input) {
      if (input.connectorId !== undefined && input.evseId === undefined)
        return refuse('connectorId: needs the evseId it belongs to');
      if (version === 'ocpp1.6') {
        const refused = singleConnector16(input.connectorId);
        if (refused) return refuse(refused);
        return call16('TriggerMessage', {
          requestedMessage: input.message,
          ...(input.evseId !== undefined && { connectorId: input.evseId }),
        });
      }
      return call201('TriggerMessage', {
        requestedMessage: input.message,
        ...(input.evseId !== undefined && {
          evse: {
            id: input.evseId,
            ...(input.connectorId !== undefined && { connectorId: input.connectorId }),
          },
        }),
      });
    },
    normalize: statusOf,
  }),

  'get-configuration': defineCommand({
    summary: 'Read configuration (1.6 GetConfiguration / 2.0.1 GetVariables)',
    schema: z.strictObject({
      keys: z
        .array(keySchema)
        .min(1)
        .max(100)
        .optional()
        .meta({ description: 'Absent: every key (OCPP 1.6 only; 2.0.1 has GetBaseReport for that)' }),
    }),
    toCall(version, input) {
      if (version === 'ocpp1.6') return call16('GetConfiguration', input.keys ? { key: input.keys } : {});
      if (!input.keys) return refuse('keys: an OCPP 2.0.1 charger needs the Component.Variable keys to read');
      const getVariableData = [];
      for (const key of input.keys) {
        const names = componentVariable(key);
        if (!names) return refuse(notComponentVariable(key));
        getVariableData.push(names);
      }
      return call201('GetVariables', { getVariableData });
    },
    normalize(version, response) {
      if (version === 'ocpp1.6') {
        const { configurationKey = [], unknownKey = [] } = response as Ocpp16Responses['GetConfiguration'];
        return {
          values: [
            ...configurationKey.map(({ key, readonly, value }) => ({
              key,
              ...(value !== undefined && { value }),
              readonly,
              status: 'Accepted',
            })),
            ...unknownKey.map((key) => ({ key, status: 'UnknownVariable' })),
          ],
        };
      }
      const { getVariableResult } = response as unknown as Ocpp201Responses['GetVariables'];
      return {
        values: getVariableResult.map(({ component, variable, attributeValue, attributeStatus }) => ({
          key: `${component.name}.${variable.name}`,
          ...(attributeValue !== undefined && { value: attributeValue }),
          status: attributeStatus,
        })),
      };
    },
  }),

  'set-configuration': defineCommand({
    summary: 'Change one configuration value (1.6 ChangeConfiguration / 2.0.1 SetVariables)',
    schema: z.strictObject({ key: keySchema, value: z.string().max(1000) }),
    toCall(version, input) {
      if (version === 'ocpp1.6') return call16('ChangeConfiguration', { key: input.key, value: input.value });
      const names = componentVariable(input.key);
      if (!names) return refuse(notComponentVariable(input.key));
      return call201('SetVariables', { setVariableData: [{ ...names, attributeValue: input.value }] });
    },
    normalize(version, response) {
      if (version === 'ocpp1.6') return statusOf(version, response);
      const [first] = (response as unknown as Ocpp201Responses['SetVariables']).setVariableResult;
      return first ? { status: first.attributeStatus } : {};
    },
  }),
} satisfies Record<string, ChargerCommand>;

export type ChargerCommandName = keyof typeof chargerCommands;

export const chargerCommandNames = Object.keys(chargerCommands) as ChargerCommandName[];
