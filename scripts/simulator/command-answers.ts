import { createRPCError } from 'ocpp-rpc';
import type { Protocol } from './ocpp-messages.ts';

/** What a CSMS command can do to a simulated charger. */
export interface ChargerControls {
  readonly protocol: Protocol;
  readonly heartbeatIntervalSeconds: number;
  /** Installs a SetChargingProfile's profile; false (Rejected) when it carries no usable schedule. */
  setProfile(params: Record<string, unknown>): boolean;
  /** ClearChargingProfile: the profile of the request's id, or every one. */
  clearProfiles(params: Record<string, unknown>): void;
  /** Starts a session when the connector is free; false when it is busy. */
  remoteStart(idToken: string, remoteStartId?: number): boolean;
  /** Ends the running session if it has this id; false otherwise. */
  remoteStop(transactionId: string | number): boolean;
  /** Sends the requested message soon (after the answer); false when the charger does not do that one. */
  trigger(message: string): boolean;
}

type Params = Record<string, unknown>;
type Item = { component: unknown; variable: { name?: string } };

const accepted = { status: 'Accepted' };
const status = (ok: boolean, refused = 'Rejected') => ({ status: ok ? 'Accepted' : refused });

/**
 * The charger's answer to a CSMS-initiated CALL: what a cooperative charger answers, with the effect applied.
 * Anything else is a CALLERROR NotSupported, as a real charger without the feature would answer.
 */
export const answerCommand = (charger: ChargerControls, action: string, params: Params): Params => {
  const v16 = charger.protocol === 'ocpp1.6';
  switch (action) {
    case 'SetChargingProfile': {
      return charger.setProfile(params) ? accepted : { status: 'Rejected' };
    }
    case 'ClearChargingProfile':
      charger.clearProfiles(params);
      return accepted;
    case 'GetCompositeSchedule':
      return { status: 'Rejected' };
    case 'Reset':
    case 'ChangeAvailability':
    case 'ClearCache':
    case 'ChangeConfiguration':
      return accepted;
    case 'UnlockConnector':
      return { status: 'Unlocked' };
    case 'TriggerMessage':
      return status(charger.trigger(String(params.requestedMessage)), 'NotImplemented');
    case 'RemoteStartTransaction':
      return status(charger.remoteStart(String(params.idTag)));
    case 'RequestStartTransaction': {
      const idToken = (params.idToken as { idToken?: string } | undefined)?.idToken ?? '';
      return status(charger.remoteStart(idToken, params.remoteStartId as number | undefined));
    }
    case 'RemoteStopTransaction':
    case 'RequestStopTransaction':
      return status(charger.remoteStop(params.transactionId as string | number));
    case 'GetConfiguration': {
      const keys = (params.key as string[] | undefined) ?? ['HeartbeatInterval'];
      const interval = {
        key: 'HeartbeatInterval',
        readonly: false,
        value: String(charger.heartbeatIntervalSeconds),
      };
      return {
        configurationKey: keys.includes('HeartbeatInterval') ? [interval] : [],
        unknownKey: keys.filter((key) => key !== 'HeartbeatInterval'),
      };
    }
    case 'GetVariables':
      return {
        getVariableResult: ((params.getVariableData as Item[]) ?? []).map(({ component, variable }) =>
          variable.name === 'HeartbeatInterval'
            ? {
                attributeStatus: 'Accepted',
                attributeValue: String(charger.heartbeatIntervalSeconds),
                component,
                variable,
              }
            : { attributeStatus: 'UnknownVariable', component, variable },
        ),
      };
    case 'SetVariables':
      return {
        setVariableResult: ((params.setVariableData as Item[]) ?? []).map(({ component, variable }) => ({
          attributeStatus: 'Accepted',
          component,
          variable,
        })),
      };
    case 'DataTransfer':
      return { status: 'UnknownVendorId' };
    default:
      throw createRPCError('NotSupported', `${v16 ? 'OCPP 1.6' : 'OCPP 2.0.1'} ${action} is not simulated`);
  }
};
