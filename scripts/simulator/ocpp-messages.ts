import { randomUUID } from 'node:crypto';

export type Protocol = 'ocpp1.6' | 'ocpp2.0.1';

/** A charger-initiated CALL; `label` names it in the statistics (2.0.1 TransactionEvent by event type). */
export interface OutgoingCall {
  readonly action: string;
  readonly label: string;
  readonly payload: Record<string, unknown>;
}

/** A transaction as the charger knows it. 1.6 numbers come from the CSMS, 2.0.1 ids from the charger. */
export interface Transaction {
  transactionId?: string | number;
  seqNo: number;
  readonly idToken: string;
  readonly remoteStartId?: number;
}

const now = () => new Date().toISOString();
const energy = (wh: number) => Math.round(wh);

export const bootNotification = (protocol: Protocol, serial: string): OutgoingCall =>
  protocol === 'ocpp1.6'
    ? {
        action: 'BootNotification',
        label: 'BootNotification',
        payload: {
          chargePointVendor: 'SimCharge',
          chargePointModel: 'Sim-22',
          chargePointSerialNumber: serial.slice(0, 25),
          firmwareVersion: '1.0.0-sim',
        },
      }
    : {
        action: 'BootNotification',
        label: 'BootNotification',
        payload: {
          reason: 'PowerUp',
          chargingStation: {
            vendorName: 'SimCharge',
            model: 'Sim-22',
            serialNumber: serial.slice(0, 25),
            firmwareVersion: '1.0.0-sim',
          },
        },
      };

export const heartbeat = (): OutgoingCall => ({ action: 'Heartbeat', label: 'Heartbeat', payload: {} });

/** `charging`: 1.6 reports Charging, 2.0.1 Occupied (connector states only). */
export const statusNotification = (
  protocol: Protocol,
  connectorId: number,
  charging: boolean,
): OutgoingCall =>
  protocol === 'ocpp1.6'
    ? {
        action: 'StatusNotification',
        label: 'StatusNotification',
        payload: {
          connectorId,
          errorCode: 'NoError',
          status: charging ? 'Charging' : 'Available',
          timestamp: now(),
        },
      }
    : {
        action: 'StatusNotification',
        label: 'StatusNotification',
        payload: {
          timestamp: now(),
          connectorStatus: charging ? 'Occupied' : 'Available',
          evseId: connectorId,
          connectorId: 1,
        },
      };

export const authorize = (protocol: Protocol, idToken: string): OutgoingCall => ({
  action: 'Authorize',
  label: 'Authorize',
  payload: protocol === 'ocpp1.6' ? { idTag: idToken } : { idToken: { idToken, type: 'ISO14443' } },
});

/** Whether an Authorize (or transaction) answer accepts the token. */
export const isAccepted = (protocol: Protocol, answer: Record<string, unknown> | undefined): boolean => {
  const info = (protocol === 'ocpp1.6' ? answer?.idTagInfo : answer?.idTokenInfo) as
    | { status?: string }
    | undefined;
  return info?.status === 'Accepted';
};

const energyValue201 = (wh: number, powerW?: number) => ({
  timestamp: now(),
  sampledValue: [
    { value: energy(wh), measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
    ...(powerW === undefined
      ? []
      : [{ value: Math.round(powerW), measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } }]),
  ],
});

const energyValue16 = (wh: number, powerW?: number) => ({
  timestamp: now(),
  sampledValue: [
    { value: String(energy(wh)), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
    ...(powerW === undefined
      ? []
      : [{ value: String(Math.round(powerW)), measurand: 'Power.Active.Import', unit: 'W' }]),
  ],
});

const transactionEvent = (
  eventType: 'Started' | 'Updated' | 'Ended',
  tx: Transaction,
  fields: Record<string, unknown>,
): OutgoingCall => {
  const payload = {
    eventType,
    timestamp: now(),
    seqNo: tx.seqNo,
    ...fields,
  };
  tx.seqNo += 1;
  return { action: 'TransactionEvent', label: `TransactionEvent.${eventType}`, payload };
};

export const newTransaction = (protocol: Protocol, idToken: string, remoteStartId?: number): Transaction => ({
  ...(protocol === 'ocpp2.0.1' && { transactionId: randomUUID() }),
  seqNo: 0,
  idToken,
  ...(remoteStartId !== undefined && { remoteStartId }),
});

export const transactionStarted = (
  protocol: Protocol,
  tx: Transaction,
  connectorId: number,
  meterWh: number,
): OutgoingCall =>
  protocol === 'ocpp1.6'
    ? {
        action: 'StartTransaction',
        label: 'StartTransaction',
        payload: { connectorId, idTag: tx.idToken, meterStart: energy(meterWh), timestamp: now() },
      }
    : transactionEvent('Started', tx, {
        triggerReason: tx.remoteStartId === undefined ? 'Authorized' : 'RemoteStart',
        transactionInfo: {
          transactionId: String(tx.transactionId),
          chargingState: 'Charging',
          ...(tx.remoteStartId !== undefined && { remoteStartId: tx.remoteStartId }),
        },
        idToken: { idToken: tx.idToken, type: 'ISO14443' },
        evse: { id: connectorId, connectorId: 1 },
        meterValue: [energyValue201(meterWh)],
      });

export const meterValues = (
  protocol: Protocol,
  tx: Transaction,
  connectorId: number,
  meterWh: number,
  powerW: number,
): OutgoingCall =>
  protocol === 'ocpp1.6'
    ? {
        action: 'MeterValues',
        label: 'MeterValues',
        payload: {
          connectorId,
          ...(typeof tx.transactionId === 'number' && { transactionId: tx.transactionId }),
          meterValue: [energyValue16(meterWh, powerW)],
        },
      }
    : transactionEvent('Updated', tx, {
        triggerReason: 'MeterValuePeriodic',
        transactionInfo: { transactionId: String(tx.transactionId), chargingState: 'Charging' },
        meterValue: [energyValue201(meterWh, powerW)],
      });

/** 1.6 needs the CSMS's transaction id to stop; without one (start refused) there is nothing to send. */
export const transactionEnded = (
  protocol: Protocol,
  tx: Transaction,
  meterWh: number,
  remote: boolean,
): OutgoingCall | undefined => {
  if (protocol === 'ocpp1.6') {
    if (typeof tx.transactionId !== 'number') return undefined;
    return {
      action: 'StopTransaction',
      label: 'StopTransaction',
      payload: {
        transactionId: tx.transactionId,
        meterStop: energy(meterWh),
        timestamp: now(),
        reason: remote ? 'Remote' : 'EVDisconnected',
        transactionData: [energyValue16(meterWh)],
      },
    };
  }
  return transactionEvent('Ended', tx, {
    triggerReason: remote ? 'RemoteStop' : 'EVDeparted',
    transactionInfo: {
      transactionId: String(tx.transactionId),
      chargingState: 'Idle',
      stoppedReason: remote ? 'Remote' : 'EVDisconnected',
    },
    meterValue: [energyValue201(meterWh)],
  });
};
