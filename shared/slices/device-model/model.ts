/**
 * A charger's OCPP 2.0.1 device model as the CSMS knows it: what NotifyReport parts said, updated by accepted
 * SetVariables and GetVariables answers. One record per (component, variable); reports are tracked by the
 * request id of the GetBaseReport / GetReport that asked for them.
 */

export type AttributeType = 'Actual' | 'Target' | 'MinSet' | 'MaxSet';

/** Which variable: the component (with its instance and EVSE / connector) and the variable (with its instance). */
export interface VariableRef {
  readonly component: {
    readonly name: string;
    readonly instance?: string;
    readonly evseId?: number;
    readonly connectorId?: number;
  };
  readonly variable: { readonly name: string; readonly instance?: string };
}

export interface VariableAttribute {
  readonly type: AttributeType;
  /** A secret's value (e.g. SecurityCtrlr.BasicAuthPassword) is `***`: never stored. */
  readonly value?: string;
  readonly mutability?: 'ReadOnly' | 'WriteOnly' | 'ReadWrite';
  readonly persistent?: boolean;
  readonly constant?: boolean;
}

export interface VariableCharacteristics {
  readonly unit?: string;
  readonly dataType: string;
  readonly minLimit?: number;
  readonly maxLimit?: number;
  readonly valuesList?: string;
  readonly supportsMonitoring: boolean;
}

export interface DeviceModelVariable extends VariableRef {
  readonly tenantId: string;
  readonly chargerId: string;
  /** One per attribute type, in report order. */
  readonly attributes: readonly VariableAttribute[];
  readonly characteristics?: VariableCharacteristics;
  /** The report that last said what it is (absent: known only from Get/SetVariables answers). */
  readonly requestId?: number;
  readonly updatedAt: string;
}

/**
 * - `requested`: asked for (GetBaseReport / GetReport accepted or still unanswered), no part yet;
 * - `inProgress`: parts received, the last one (`tbc: false`) not yet;
 * - `complete`: every part from seqNo 0 to the last one received;
 * - `incomplete`: the last part came with parts missing, or the charger disconnected before it;
 * - `rejected`: the charger refused the request (Rejected, NotSupported, EmptyResultSet).
 */
export type ReportStatus = 'requested' | 'inProgress' | 'complete' | 'incomplete' | 'rejected';

/**
 * What any multi-part report of a charger tracks (NotifyReport, NotifyMonitoringReport, NotifyDisplayMessages,
 * NotifyCustomerInformation: `requestId`, `seqNo`, `tbc`), whatever its parts carry.
 */
export interface PartsProgress {
  readonly status: ReportStatus;
  /** The seqNos received, sorted, each once. */
  readonly seqNos: readonly number[];
  /** The seqNo of the `tbc: false` part, once received. */
  readonly lastSeqNo?: number;
  /** The connection the parts came over: a disconnect of it leaves the report incomplete. */
  readonly connectionId?: string;
  readonly generatedAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly incompleteReason?: 'partsMissing' | 'disconnected';
  readonly answerStatus?: string;
  readonly updatedAt: string;
}

export interface DeviceModelReport {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  /** GetBaseReport, GetReport, or none: the charger sent it unasked (some do after boot). */
  readonly request: 'GetBaseReport' | 'GetReport' | 'unsolicited';
  readonly reportBase?: string;
  readonly commandId?: string;
  readonly requestedAt?: string;
  /** The charger's answer to the request (Accepted, Rejected, NotSupported, EmptyResultSet). */
  readonly answerStatus?: string;
  readonly status: ReportStatus;
  /** The seqNos received, sorted, each once. */
  readonly seqNos: readonly number[];
  /** The seqNo of the `tbc: false` part, once received. */
  readonly lastSeqNo?: number;
  /** Variables the parts reported. */
  readonly variables: number;
  /** The connection the parts came over: a disconnect of it leaves the report incomplete. */
  readonly connectionId?: string;
  readonly generatedAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Why incomplete: seqNos missing at the last part, or the connection closed before it. */
  readonly incompleteReason?: 'partsMissing' | 'disconnected';
  readonly updatedAt: string;
  readonly revision: number;
}

/** The limits a charger announced for the CSMS's messages (DeviceDataCtrlr), per action. */
export interface MessageLimits {
  readonly itemsPerMessage?: number;
  readonly bytesPerMessage?: number;
}

/** An event a charger notified (OCPP 2.0.1 NotifyEvent), as stored. */
export interface DeviceEvent extends VariableRef {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly eventId: number;
  /** The charger's time of the event, UTC. */
  readonly timestamp: string;
  readonly trigger: 'Alerting' | 'Delta' | 'Periodic';
  /** A secret variable's value is `***`. */
  readonly actualValue: string;
  readonly cause?: number;
  readonly techCode?: string;
  readonly techInfo?: string;
  readonly cleared?: boolean;
  readonly transactionId?: string;
  readonly variableMonitoringId?: number;
  readonly eventNotificationType: string;
  readonly receivedAt: string;
}

/** One monitor of a variable, as the charger reported it (OCPP 2.0.1 VariableMonitoringType). */
export interface VariableMonitor {
  readonly id: number;
  /** Active only while a transaction runs on a component it concerns. */
  readonly transaction: boolean;
  /** Threshold or delta; for Periodic / PeriodicClockAligned the interval in seconds. */
  readonly value: number;
  readonly type: 'UpperThreshold' | 'LowerThreshold' | 'Delta' | 'Periodic' | 'PeriodicClockAligned';
  /** 0 (danger) to 9 (debug). */
  readonly severity: number;
}

/** A monitor as stored: one record per (component, variable, monitor id), from NotifyMonitoringReport. */
export interface DeviceMonitor extends VariableRef, VariableMonitor {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The monitoring report that last said what it is. */
  readonly requestId: number;
  readonly updatedAt: string;
}

/** One GetMonitoringReport and the progress of its NotifyMonitoringReport parts. */
export interface MonitoringReport extends PartsProgress {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  /** What it asked for; neither: every monitor (then a complete report replaces the stored ones). */
  readonly monitoringCriteria?: readonly string[];
  readonly componentVariables?: number;
  readonly commandId?: string;
  readonly requestedAt?: string;
  /** Monitors the parts reported. */
  readonly monitors: number;
  readonly revision: number;
}
