import type { Page } from '../../kernel/ports.ts';
import type {
  DeviceEvent,
  DeviceModelReport,
  DeviceModelVariable,
  DeviceMonitor,
  MonitoringReport,
  VariableRef,
} from './model.ts';

export interface VariableQuery {
  /** Components whose name starts with it (case-insensitive). */
  readonly componentPrefix?: string;
  /** Variables whose name starts with it (case-insensitive). */
  readonly variablePrefix?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A charger's device model: a record per variable, a record per report, in a partition per charger. */
export interface DeviceModelRepository {
  /** Stores the variables, each replacing the one of its (component, variable); in batches. */
  putVariables(variables: readonly DeviceModelVariable[]): Promise<void>;
  getVariable(
    tenantId: string,
    chargerId: string,
    ref: VariableRef,
  ): Promise<DeviceModelVariable | undefined>;
  /** Variables in component order. */
  listVariables(
    tenantId: string,
    chargerId: string,
    query: VariableQuery,
  ): Promise<Page<DeviceModelVariable>>;
  getReport(tenantId: string, chargerId: string, requestId: number): Promise<DeviceModelReport | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  saveReport(report: DeviceModelReport): Promise<boolean>;
  /** Newest request id first. */
  listReports(
    tenantId: string,
    chargerId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<DeviceModelReport>>;
  /** Reports of the charger not finished yet (requested, in progress). */
  openReports(tenantId: string, chargerId: string): Promise<DeviceModelReport[]>;
  /** The next request id of the charger's counter (1, 2, …). */
  nextRequestId(tenantId: string, chargerId: string): Promise<number>;
  /** Stores the monitors, each replacing the one of its (component, variable, monitor id); in batches. */
  putMonitors(monitors: readonly DeviceMonitor[]): Promise<void>;
  /** Monitors in component order (then variable, then monitor id); the query filters as for variables. */
  listMonitors(tenantId: string, chargerId: string, query: VariableQuery): Promise<Page<DeviceMonitor>>;
  /** Deletes the charger's monitors that the report `requestId` did not report; returns how many. */
  deleteMonitorsNotOf(tenantId: string, chargerId: string, requestId: number): Promise<number>;
  getMonitoringReport(
    tenantId: string,
    chargerId: string,
    requestId: number,
  ): Promise<MonitoringReport | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  saveMonitoringReport(report: MonitoringReport): Promise<boolean>;
  /** Monitoring reports of the charger not finished yet (requested, in progress). */
  openMonitoringReports(tenantId: string, chargerId: string): Promise<MonitoringReport[]>;
}

/** The events chargers notified, per charger, kept `deviceEventRetentionDays`. */
export interface DeviceEventRepository {
  putEvents(events: readonly DeviceEvent[]): Promise<void>;
  /** Newest first. */
  listEvents(
    tenantId: string,
    chargerId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<DeviceEvent>>;
}

/** What the device-model slice adds to the dependencies. */
export interface DeviceModelDependencies {
  readonly deviceModels: DeviceModelRepository;
  readonly deviceEvents: DeviceEventRepository;
}
