/* Generated from the OCA JSON schemas shipped with ocpp-rpc — do not modify.
 * Regenerate with `npm run gen:ocpp-types` (scripts/generate-ocpp-types.ts). */

export type HashAlgorithmEnumType = 'SHA256' | 'SHA384' | 'SHA512';
export type MessageTriggerEnumType =
  | 'BootNotification'
  | 'LogStatusNotification'
  | 'FirmwareStatusNotification'
  | 'Heartbeat'
  | 'MeterValues'
  | 'SignChargePointCertificate'
  | 'StatusNotification';
export type CertificateUseEnumType = 'CentralSystemRootCertificate' | 'ManufacturerRootCertificate';
export type LogEnumType = 'DiagnosticsLog' | 'SecurityLog';
export type UploadLogStatusEnumType =
  | 'BadMessage'
  | 'Idle'
  | 'NotSupportedOperation'
  | 'PermissionDenied'
  | 'Uploaded'
  | 'UploadFailure'
  | 'Uploading';
export type FirmwareStatusEnumType =
  | 'Downloaded'
  | 'DownloadFailed'
  | 'Downloading'
  | 'DownloadScheduled'
  | 'DownloadPaused'
  | 'Idle'
  | 'InstallationFailed'
  | 'Installing'
  | 'Installed'
  | 'InstallRebooting'
  | 'InstallScheduled'
  | 'InstallVerificationFailed'
  | 'InvalidSignature'
  | 'SignatureVerified';
export type CertificateSignedStatusEnumType = 'Accepted' | 'Rejected';
export type DeleteCertificateStatusEnumType = 'Accepted' | 'Failed' | 'NotFound';
export type TriggerMessageStatusEnumType = 'Accepted' | 'Rejected' | 'NotImplemented';
export type GetInstalledCertificateStatusEnumType = 'Accepted' | 'NotFound';
export type LogStatusEnumType = 'Accepted' | 'Rejected' | 'AcceptedCanceled';
export type InstallCertificateStatusEnumType = 'Accepted' | 'Failed' | 'Rejected';
export type GenericStatusEnumType = 'Accepted' | 'Rejected';
export type UpdateFirmwareStatusEnumType =
  'Accepted' | 'Rejected' | 'AcceptedCanceled' | 'InvalidCertificate' | 'RevokedCertificate';

/**
 * Request payload of every ocpp1.6 action, by action name.
 */
export interface Ocpp16Requests {
  Authorize: AuthorizeRequest;
  BootNotification: BootNotificationRequest;
  CancelReservation: CancelReservationRequest;
  CertificateSigned: CertificateSignedRequest;
  ChangeAvailability: ChangeAvailabilityRequest;
  ChangeConfiguration: ChangeConfigurationRequest;
  ClearCache: ClearCacheRequest;
  ClearChargingProfile: ClearChargingProfileRequest;
  DataTransfer: DataTransferRequest;
  DeleteCertificate: DeleteCertificateRequest;
  DiagnosticsStatusNotification: DiagnosticsStatusNotificationRequest;
  ExtendedTriggerMessage: ExtendedTriggerMessageRequest;
  FirmwareStatusNotification: FirmwareStatusNotificationRequest;
  GetCompositeSchedule: GetCompositeScheduleRequest;
  GetConfiguration: GetConfigurationRequest;
  GetDiagnostics: GetDiagnosticsRequest;
  GetInstalledCertificateIds: GetInstalledCertificateIdsRequest;
  GetLocalListVersion: GetLocalListVersionRequest;
  GetLog: GetLogRequest;
  Heartbeat: HeartbeatRequest;
  InstallCertificate: InstallCertificateRequest;
  LogStatusNotification: LogStatusNotificationRequest;
  MeterValues: MeterValuesRequest;
  RemoteStartTransaction: RemoteStartTransactionRequest;
  RemoteStopTransaction: RemoteStopTransactionRequest;
  ReserveNow: ReserveNowRequest;
  Reset: ResetRequest;
  SecurityEventNotification: SecurityEventNotificationRequest;
  SendLocalList: SendLocalListRequest;
  SetChargingProfile: SetChargingProfileRequest;
  SignCertificate: SignCertificateRequest;
  SignedFirmwareStatusNotification: SignedFirmwareStatusNotificationRequest;
  SignedUpdateFirmware: SignedUpdateFirmwareRequest;
  StartTransaction: StartTransactionRequest;
  StatusNotification: StatusNotificationRequest;
  StopTransaction: StopTransactionRequest;
  TriggerMessage: TriggerMessageRequest;
  UnlockConnector: UnlockConnectorRequest;
  UpdateFirmware: UpdateFirmwareRequest;
}
export interface AuthorizeRequest {
  idTag: string;
}
export interface BootNotificationRequest {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}
export interface CancelReservationRequest {
  reservationId: number;
}
export interface CertificateSignedRequest {
  certificateChain: string;
}
export interface ChangeAvailabilityRequest {
  connectorId: number;
  type: 'Inoperative' | 'Operative';
}
export interface ChangeConfigurationRequest {
  key: string;
  value: string;
}
export interface ClearCacheRequest {}
export interface ClearChargingProfileRequest {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  stackLevel?: number;
}
export interface DataTransferRequest {
  vendorId: string;
  messageId?: string;
  data?: string;
}
export interface DeleteCertificateRequest {
  certificateHashData: CertificateHashDataType;
}
export interface CertificateHashDataType {
  hashAlgorithm: HashAlgorithmEnumType;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}
export interface DiagnosticsStatusNotificationRequest {
  status: 'Idle' | 'Uploaded' | 'UploadFailed' | 'Uploading';
}
export interface ExtendedTriggerMessageRequest {
  requestedMessage: MessageTriggerEnumType;
  connectorId?: number;
}
export interface FirmwareStatusNotificationRequest {
  status:
    | 'Downloaded'
    | 'DownloadFailed'
    | 'Downloading'
    | 'Idle'
    | 'InstallationFailed'
    | 'Installing'
    | 'Installed';
}
export interface GetCompositeScheduleRequest {
  connectorId: number;
  duration: number;
  chargingRateUnit?: 'A' | 'W';
}
export interface GetConfigurationRequest {
  key?: string[];
}
export interface GetDiagnosticsRequest {
  location: string;
  retries?: number;
  retryInterval?: number;
  startTime?: string;
  stopTime?: string;
}
export interface GetInstalledCertificateIdsRequest {
  certificateType: CertificateUseEnumType;
}
export interface GetLocalListVersionRequest {}
export interface GetLogRequest {
  log: LogParametersType;
  logType: LogEnumType;
  requestId: number;
  retries?: number;
  retryInterval?: number;
}
export interface LogParametersType {
  remoteLocation: string;
  oldestTimestamp?: string;
  latestTimestamp?: string;
}
export interface HeartbeatRequest {}
export interface InstallCertificateRequest {
  certificateType: CertificateUseEnumType;
  certificate: string;
}
export interface LogStatusNotificationRequest {
  status: UploadLogStatusEnumType;
  requestId?: number;
}
export interface MeterValuesRequest {
  connectorId: number;
  transactionId?: number;
  meterValue: {
    timestamp: string;
    sampledValue: {
      value: string;
      context?:
        | 'Interruption.Begin'
        | 'Interruption.End'
        | 'Sample.Clock'
        | 'Sample.Periodic'
        | 'Transaction.Begin'
        | 'Transaction.End'
        | 'Trigger'
        | 'Other';
      format?: 'Raw' | 'SignedData';
      measurand?:
        | 'Energy.Active.Export.Register'
        | 'Energy.Active.Import.Register'
        | 'Energy.Reactive.Export.Register'
        | 'Energy.Reactive.Import.Register'
        | 'Energy.Active.Export.Interval'
        | 'Energy.Active.Import.Interval'
        | 'Energy.Reactive.Export.Interval'
        | 'Energy.Reactive.Import.Interval'
        | 'Power.Active.Export'
        | 'Power.Active.Import'
        | 'Power.Offered'
        | 'Power.Reactive.Export'
        | 'Power.Reactive.Import'
        | 'Power.Factor'
        | 'Current.Import'
        | 'Current.Export'
        | 'Current.Offered'
        | 'Voltage'
        | 'Frequency'
        | 'Temperature'
        | 'SoC'
        | 'RPM';
      phase?: 'L1' | 'L2' | 'L3' | 'N' | 'L1-N' | 'L2-N' | 'L3-N' | 'L1-L2' | 'L2-L3' | 'L3-L1';
      location?: 'Cable' | 'EV' | 'Inlet' | 'Outlet' | 'Body';
      unit?:
        | 'Wh'
        | 'kWh'
        | 'varh'
        | 'kvarh'
        | 'W'
        | 'kW'
        | 'VA'
        | 'kVA'
        | 'var'
        | 'kvar'
        | 'A'
        | 'V'
        | 'K'
        | 'Celcius'
        | 'Celsius'
        | 'Fahrenheit'
        | 'Percent';
    }[];
  }[];
}
export interface RemoteStartTransactionRequest {
  connectorId?: number;
  idTag: string;
  chargingProfile?: {
    chargingProfileId: number;
    transactionId?: number;
    stackLevel: number;
    chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
    chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
    recurrencyKind?: 'Daily' | 'Weekly';
    validFrom?: string;
    validTo?: string;
    chargingSchedule: {
      duration?: number;
      startSchedule?: string;
      chargingRateUnit: 'A' | 'W';
      chargingSchedulePeriod: {
        startPeriod: number;
        limit: number;
        numberPhases?: number;
      }[];
      minChargingRate?: number;
    };
  };
}
export interface RemoteStopTransactionRequest {
  transactionId: number;
}
export interface ReserveNowRequest {
  connectorId: number;
  expiryDate: string;
  idTag: string;
  parentIdTag?: string;
  reservationId: number;
}
export interface ResetRequest {
  type: 'Hard' | 'Soft';
}
export interface SecurityEventNotificationRequest {
  type: string;
  timestamp: string;
  techInfo?: string;
}
export interface SendLocalListRequest {
  listVersion: number;
  localAuthorizationList?: {
    idTag: string;
    idTagInfo?: {
      expiryDate?: string;
      parentIdTag?: string;
      status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
    };
  }[];
  updateType: 'Differential' | 'Full';
}
export interface SetChargingProfileRequest {
  connectorId: number;
  csChargingProfiles: {
    chargingProfileId: number;
    transactionId?: number;
    stackLevel: number;
    chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
    chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
    recurrencyKind?: 'Daily' | 'Weekly';
    validFrom?: string;
    validTo?: string;
    chargingSchedule: {
      duration?: number;
      startSchedule?: string;
      chargingRateUnit: 'A' | 'W';
      chargingSchedulePeriod: {
        startPeriod: number;
        limit: number;
        numberPhases?: number;
      }[];
      minChargingRate?: number;
    };
  };
}
export interface SignCertificateRequest {
  csr: string;
}
export interface SignedFirmwareStatusNotificationRequest {
  status: FirmwareStatusEnumType;
  requestId?: number;
}
export interface SignedUpdateFirmwareRequest {
  retries?: number;
  retryInterval?: number;
  requestId: number;
  firmware: FirmwareType;
}
export interface FirmwareType {
  location: string;
  retrieveDateTime: string;
  installDateTime?: string;
  signingCertificate: string;
  signature: string;
}
export interface StartTransactionRequest {
  connectorId: number;
  idTag: string;
  meterStart: number;
  reservationId?: number;
  timestamp: string;
}
export interface StatusNotificationRequest {
  connectorId: number;
  errorCode:
    | 'ConnectorLockFailure'
    | 'EVCommunicationError'
    | 'GroundFailure'
    | 'HighTemperature'
    | 'InternalError'
    | 'LocalListConflict'
    | 'NoError'
    | 'OtherError'
    | 'OverCurrentFailure'
    | 'PowerMeterFailure'
    | 'PowerSwitchFailure'
    | 'ReaderFailure'
    | 'ResetFailure'
    | 'UnderVoltage'
    | 'OverVoltage'
    | 'WeakSignal';
  info?: string;
  status:
    | 'Available'
    | 'Preparing'
    | 'Charging'
    | 'SuspendedEVSE'
    | 'SuspendedEV'
    | 'Finishing'
    | 'Reserved'
    | 'Unavailable'
    | 'Faulted';
  timestamp?: string;
  vendorId?: string;
  vendorErrorCode?: string;
}
export interface StopTransactionRequest {
  idTag?: string;
  meterStop: number;
  timestamp: string;
  transactionId: number;
  reason?:
    | 'EmergencyStop'
    | 'EVDisconnected'
    | 'HardReset'
    | 'Local'
    | 'Other'
    | 'PowerLoss'
    | 'Reboot'
    | 'Remote'
    | 'SoftReset'
    | 'UnlockCommand'
    | 'DeAuthorized';
  transactionData?: {
    timestamp: string;
    sampledValue: {
      value: string;
      context?:
        | 'Interruption.Begin'
        | 'Interruption.End'
        | 'Sample.Clock'
        | 'Sample.Periodic'
        | 'Transaction.Begin'
        | 'Transaction.End'
        | 'Trigger'
        | 'Other';
      format?: 'Raw' | 'SignedData';
      measurand?:
        | 'Energy.Active.Export.Register'
        | 'Energy.Active.Import.Register'
        | 'Energy.Reactive.Export.Register'
        | 'Energy.Reactive.Import.Register'
        | 'Energy.Active.Export.Interval'
        | 'Energy.Active.Import.Interval'
        | 'Energy.Reactive.Export.Interval'
        | 'Energy.Reactive.Import.Interval'
        | 'Power.Active.Export'
        | 'Power.Active.Import'
        | 'Power.Offered'
        | 'Power.Reactive.Export'
        | 'Power.Reactive.Import'
        | 'Power.Factor'
        | 'Current.Import'
        | 'Current.Export'
        | 'Current.Offered'
        | 'Voltage'
        | 'Frequency'
        | 'Temperature'
        | 'SoC'
        | 'RPM';
      phase?: 'L1' | 'L2' | 'L3' | 'N' | 'L1-N' | 'L2-N' | 'L3-N' | 'L1-L2' | 'L2-L3' | 'L3-L1';
      location?: 'Cable' | 'EV' | 'Inlet' | 'Outlet' | 'Body';
      unit?:
        | 'Wh'
        | 'kWh'
        | 'varh'
        | 'kvarh'
        | 'W'
        | 'kW'
        | 'VA'
        | 'kVA'
        | 'var'
        | 'kvar'
        | 'A'
        | 'V'
        | 'K'
        | 'Celcius'
        | 'Celsius'
        | 'Fahrenheit'
        | 'Percent';
    }[];
  }[];
}
export interface TriggerMessageRequest {
  requestedMessage:
    | 'BootNotification'
    | 'DiagnosticsStatusNotification'
    | 'FirmwareStatusNotification'
    | 'Heartbeat'
    | 'MeterValues'
    | 'StatusNotification';
  connectorId?: number;
}
export interface UnlockConnectorRequest {
  connectorId: number;
}
export interface UpdateFirmwareRequest {
  location: string;
  retries?: number;
  retrieveDate: string;
  retryInterval?: number;
}
export interface AuthorizeResponse {
  idTagInfo: {
    expiryDate?: string;
    parentIdTag?: string;
    status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  };
}
export interface BootNotificationResponse {
  status: 'Accepted' | 'Pending' | 'Rejected';
  currentTime: string;
  interval: number;
}
export interface CancelReservationResponse {
  status: 'Accepted' | 'Rejected';
}
export interface CertificateSignedResponse {
  status: CertificateSignedStatusEnumType;
}
export interface ChangeAvailabilityResponse {
  status: 'Accepted' | 'Rejected' | 'Scheduled';
}
export interface ChangeConfigurationResponse {
  status: 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';
}
export interface ClearCacheResponse {
  status: 'Accepted' | 'Rejected';
}
export interface ClearChargingProfileResponse {
  status: 'Accepted' | 'Unknown';
}
export interface DataTransferResponse {
  status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';
  data?: string;
}
export interface DeleteCertificateResponse {
  status: DeleteCertificateStatusEnumType;
}
export interface DiagnosticsStatusNotificationResponse {}
export interface ExtendedTriggerMessageResponse {
  status: TriggerMessageStatusEnumType;
}
export interface FirmwareStatusNotificationResponse {}
export interface GetCompositeScheduleResponse {
  status: 'Accepted' | 'Rejected';
  connectorId?: number;
  scheduleStart?: string;
  chargingSchedule?: {
    duration?: number;
    startSchedule?: string;
    chargingRateUnit: 'A' | 'W';
    chargingSchedulePeriod: {
      startPeriod: number;
      limit: number;
      numberPhases?: number;
    }[];
    minChargingRate?: number;
  };
}
export interface GetConfigurationResponse {
  configurationKey?: {
    key: string;
    readonly: boolean;
    value?: string;
  }[];
  unknownKey?: string[];
}
export interface GetDiagnosticsResponse {
  fileName?: string;
}
export interface GetInstalledCertificateIdsResponse {
  /**
   * @minItems 1
   */
  certificateHashData?: CertificateHashDataType[];
  status: GetInstalledCertificateStatusEnumType;
}
export interface GetLocalListVersionResponse {
  listVersion: number;
}
export interface GetLogResponse {
  status: LogStatusEnumType;
  filename?: string;
}
export interface HeartbeatResponse {
  currentTime: string;
}
export interface InstallCertificateResponse {
  status: InstallCertificateStatusEnumType;
}
export interface LogStatusNotificationResponse {}
export interface MeterValuesResponse {}
export interface RemoteStartTransactionResponse {
  status: 'Accepted' | 'Rejected';
}
export interface RemoteStopTransactionResponse {
  status: 'Accepted' | 'Rejected';
}
export interface ReserveNowResponse {
  status: 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';
}
export interface ResetResponse {
  status: 'Accepted' | 'Rejected';
}
export interface SecurityEventNotificationResponse {}
export interface SendLocalListResponse {
  status: 'Accepted' | 'Failed' | 'NotSupported' | 'VersionMismatch';
}
export interface SetChargingProfileResponse {
  status: 'Accepted' | 'Rejected' | 'NotSupported';
}
export interface SignCertificateResponse {
  status: GenericStatusEnumType;
}
export interface SignedFirmwareStatusNotificationResponse {}
export interface SignedUpdateFirmwareResponse {
  status: UpdateFirmwareStatusEnumType;
}
export interface StartTransactionResponse {
  idTagInfo: {
    expiryDate?: string;
    parentIdTag?: string;
    status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  };
  transactionId: number;
}
export interface StatusNotificationResponse {}
export interface StopTransactionResponse {
  idTagInfo?: {
    expiryDate?: string;
    parentIdTag?: string;
    status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  };
}
export interface TriggerMessageResponse {
  status: 'Accepted' | 'Rejected' | 'NotImplemented';
}
export interface UnlockConnectorResponse {
  status: 'Unlocked' | 'UnlockFailed' | 'NotSupported';
}
export interface UpdateFirmwareResponse {}
/**
 * Response (.conf) payload of every ocpp1.6 action, by action name.
 */
export interface Ocpp16Responses {
  Authorize: AuthorizeResponse;
  BootNotification: BootNotificationResponse;
  CancelReservation: CancelReservationResponse;
  CertificateSigned: CertificateSignedResponse;
  ChangeAvailability: ChangeAvailabilityResponse;
  ChangeConfiguration: ChangeConfigurationResponse;
  ClearCache: ClearCacheResponse;
  ClearChargingProfile: ClearChargingProfileResponse;
  DataTransfer: DataTransferResponse;
  DeleteCertificate: DeleteCertificateResponse;
  DiagnosticsStatusNotification: DiagnosticsStatusNotificationResponse;
  ExtendedTriggerMessage: ExtendedTriggerMessageResponse;
  FirmwareStatusNotification: FirmwareStatusNotificationResponse;
  GetCompositeSchedule: GetCompositeScheduleResponse;
  GetConfiguration: GetConfigurationResponse;
  GetDiagnostics: GetDiagnosticsResponse;
  GetInstalledCertificateIds: GetInstalledCertificateIdsResponse;
  GetLocalListVersion: GetLocalListVersionResponse;
  GetLog: GetLogResponse;
  Heartbeat: HeartbeatResponse;
  InstallCertificate: InstallCertificateResponse;
  LogStatusNotification: LogStatusNotificationResponse;
  MeterValues: MeterValuesResponse;
  RemoteStartTransaction: RemoteStartTransactionResponse;
  RemoteStopTransaction: RemoteStopTransactionResponse;
  ReserveNow: ReserveNowResponse;
  Reset: ResetResponse;
  SecurityEventNotification: SecurityEventNotificationResponse;
  SendLocalList: SendLocalListResponse;
  SetChargingProfile: SetChargingProfileResponse;
  SignCertificate: SignCertificateResponse;
  SignedFirmwareStatusNotification: SignedFirmwareStatusNotificationResponse;
  SignedUpdateFirmware: SignedUpdateFirmwareResponse;
  StartTransaction: StartTransactionResponse;
  StatusNotification: StatusNotificationResponse;
  StopTransaction: StopTransactionResponse;
  TriggerMessage: TriggerMessageResponse;
  UnlockConnector: UnlockConnectorResponse;
  UpdateFirmware: UpdateFirmwareResponse;
}
