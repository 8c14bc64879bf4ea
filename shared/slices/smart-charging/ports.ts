import type {
  ChargingProfileReport,
  ChargingProfileReportPart,
  EvChargingNeeds,
  EvChargingSchedule,
  ExternalChargingLimit,
  SmartChargingInputs,
} from './model.ts';

/** A charger's smart-charging inputs (OCPP 2.0.1 block K), in a partition per charger. */
export interface SmartChargingInputRepository {
  /** Replaces the needs stored for its EVSE. */
  putChargingNeeds(needs: EvChargingNeeds): Promise<void>;
  /** The needs last stored for the EVSE (one read: load balancing asks per running session). */
  getChargingNeeds(tenantId: string, chargerId: string, evseId: number): Promise<EvChargingNeeds | undefined>;
  /** Replaces the EV schedule stored for its EVSE. */
  putEvChargingSchedule(schedule: EvChargingSchedule): Promise<void>;
  /** Replaces the limit stored for its EVSE and source. */
  putChargingLimit(limit: ExternalChargingLimit): Promise<void>;
  /** Removes the limit of the source on the EVSE (0: the charger); the one removed, if there was one. */
  deleteChargingLimit(
    tenantId: string,
    chargerId: string,
    evseId: number,
    source: string,
  ): Promise<ExternalChargingLimit | undefined>;
  getReport(
    tenantId: string,
    chargerId: string,
    requestId: number,
  ): Promise<ChargingProfileReport | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  saveReport(report: ChargingProfileReport): Promise<boolean>;
  /** Stores the part (a part with the same request and message id is replaced). */
  putReportPart(part: ChargingProfileReportPart): Promise<void>;
  /** Removes the report and its parts. */
  deleteReport(tenantId: string, chargerId: string, requestId: number): Promise<void>;
  /** Everything stored for the charger. */
  getInputs(tenantId: string, chargerId: string): Promise<SmartChargingInputs>;
}

/** What the smart-charging slice adds to the dependencies. */
export interface SmartChargingDependencies {
  readonly smartChargingInputs: SmartChargingInputRepository;
}
