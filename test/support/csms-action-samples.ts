import type { OcppVersion } from '../../shared/ocpp/versions.ts';

/** A schema-valid request of one CSMS-initiated action and a schema-valid answer to it. */
export interface ActionSample {
  readonly request: Record<string, unknown>;
  readonly response: Record<string, unknown>;
}

const future = '2030-01-01T00:00:00.000Z';
const certificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const hashData = {
  hashAlgorithm: 'SHA256',
  issuerNameHash: 'a1b2c3',
  issuerKeyHash: 'd4e5f6',
  serialNumber: '01',
};

/** Every CSMS-initiated action of OCPP 1.6 (core + security extension), as a test table. */
export const ocpp16Samples: Record<string, ActionSample> = {
  CancelReservation: { request: { reservationId: 7 }, response: { status: 'Accepted' } },
  ChangeAvailability: { request: { connectorId: 1, type: 'Inoperative' }, response: { status: 'Scheduled' } },
  ChangeConfiguration: {
    request: { key: 'HeartbeatInterval', value: '120' },
    response: { status: 'RebootRequired' },
  },
  ClearCache: { request: {}, response: { status: 'Accepted' } },
  ClearChargingProfile: { request: { id: 3 }, response: { status: 'Unknown' } },
  DataTransfer: {
    request: { vendorId: 'com.example', messageId: 'ping', data: 'x' },
    response: { status: 'Accepted', data: 'pong' },
  },
  GetCompositeSchedule: {
    request: { connectorId: 1, duration: 3600, chargingRateUnit: 'W' },
    response: { status: 'Rejected' },
  },
  GetConfiguration: {
    request: { key: ['HeartbeatInterval', 'Nope'] },
    response: {
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['Nope'],
    },
  },
  GetDiagnostics: {
    request: { location: 'ftp://diag.example.com/upload' },
    response: { fileName: 'diag.zip' },
  },
  GetLocalListVersion: { request: {}, response: { listVersion: 4 } },
  RemoteStartTransaction: { request: { idTag: 'TAG-1', connectorId: 1 }, response: { status: 'Accepted' } },
  RemoteStopTransaction: { request: { transactionId: 42 }, response: { status: 'Rejected' } },
  ReserveNow: {
    request: { connectorId: 1, expiryDate: future, idTag: 'TAG-1', reservationId: 7 },
    response: { status: 'Occupied' },
  },
  Reset: { request: { type: 'Soft' }, response: { status: 'Accepted' } },
  SendLocalList: {
    request: {
      listVersion: 5,
      updateType: 'Full',
      localAuthorizationList: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }],
    },
    response: { status: 'Accepted' },
  },
  SetChargingProfile: {
    request: {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
      },
    },
    response: { status: 'Accepted' },
  },
  TriggerMessage: { request: { requestedMessage: 'Heartbeat' }, response: { status: 'Accepted' } },
  UnlockConnector: { request: { connectorId: 1 }, response: { status: 'Unlocked' } },
  UpdateFirmware: {
    request: { location: 'https://fw.example.com/1.2.bin', retrieveDate: future },
    response: {},
  },
  CertificateSigned: { request: { certificateChain: certificate }, response: { status: 'Accepted' } },
  DeleteCertificate: { request: { certificateHashData: hashData }, response: { status: 'NotFound' } },
  ExtendedTriggerMessage: {
    request: { requestedMessage: 'SignChargePointCertificate' },
    response: { status: 'Accepted' },
  },
  GetInstalledCertificateIds: {
    request: { certificateType: 'CentralSystemRootCertificate' },
    response: { status: 'Accepted', certificateHashData: [hashData] },
  },
  GetLog: {
    request: { log: { remoteLocation: 'https://logs.example.com/up' }, logType: 'SecurityLog', requestId: 1 },
    response: { status: 'Accepted', filename: 'security.log' },
  },
  InstallCertificate: {
    request: { certificateType: 'ManufacturerRootCertificate', certificate },
    response: { status: 'Accepted' },
  },
  SignedUpdateFirmware: {
    request: {
      requestId: 2,
      firmware: {
        location: 'https://fw.example.com/1.3.bin',
        retrieveDateTime: future,
        signingCertificate: certificate,
        signature: 'c2lnbmF0dXJl',
      },
    },
    response: { status: 'Accepted' },
  },
};

const component = { name: 'OCPPCommCtrlr' };
const variable = { name: 'HeartbeatInterval' };
const idToken = { idToken: 'TAG-1', type: 'ISO14443' };

/** Every CSMS-initiated action of OCPP 2.0.1, as a test table. */
export const ocpp201Samples: Record<string, ActionSample> = {
  CancelReservation: { request: { reservationId: 7 }, response: { status: 'Rejected' } },
  CertificateSigned: {
    request: { certificateChain: certificate, certificateType: 'ChargingStationCertificate' },
    response: { status: 'Accepted' },
  },
  ChangeAvailability: {
    request: { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } },
    response: { status: 'Scheduled' },
  },
  ClearCache: { request: {}, response: { status: 'Accepted' } },
  ClearChargingProfile: { request: { chargingProfileId: 3 }, response: { status: 'Unknown' } },
  ClearDisplayMessage: { request: { id: 1 }, response: { status: 'Accepted' } },
  ClearVariableMonitoring: {
    request: { id: [1, 2] },
    response: {
      clearMonitoringResult: [
        { id: 1, status: 'Accepted' },
        { id: 2, status: 'NotFound' },
      ],
    },
  },
  CostUpdated: { request: { totalCost: 12.34, transactionId: 'tx-1' }, response: {} },
  CustomerInformation: {
    request: { requestId: 1, report: true, clear: false, idToken },
    response: { status: 'Accepted' },
  },
  DataTransfer: {
    request: { vendorId: 'com.example', messageId: 'ping', data: { any: ['json'] } },
    response: { status: 'Accepted', data: 'pong' },
  },
  DeleteCertificate: { request: { certificateHashData: hashData }, response: { status: 'Accepted' } },
  GetBaseReport: {
    request: { requestId: 1, reportBase: 'SummaryInventory' },
    response: { status: 'Accepted' },
  },
  GetChargingProfiles: {
    request: { requestId: 1, evseId: 1, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } },
    response: { status: 'NoProfiles' },
  },
  GetCompositeSchedule: {
    request: { duration: 3600, evseId: 1, chargingRateUnit: 'W' },
    response: {
      status: 'Accepted',
      schedule: {
        evseId: 1,
        duration: 3600,
        scheduleStart: future,
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }],
      },
    },
  },
  GetDisplayMessages: { request: { requestId: 1 }, response: { status: 'Unknown' } },
  GetInstalledCertificateIds: {
    request: { certificateType: ['CSMSRootCertificate'] },
    response: {
      status: 'Accepted',
      certificateHashDataChain: [{ certificateType: 'CSMSRootCertificate', certificateHashData: hashData }],
    },
  },
  GetLocalListVersion: { request: {}, response: { versionNumber: 4 } },
  GetLog: {
    request: {
      log: { remoteLocation: 'https://logs.example.com/up' },
      logType: 'DiagnosticsLog',
      requestId: 1,
    },
    response: { status: 'Accepted', filename: 'diag.log' },
  },
  GetMonitoringReport: { request: { requestId: 1 }, response: { status: 'EmptyResultSet' } },
  GetReport: {
    request: { requestId: 1, componentCriteria: ['Active'] },
    response: { status: 'Accepted' },
  },
  GetTransactionStatus: {
    request: { transactionId: 'tx-1' },
    response: { messagesInQueue: false, ongoingIndicator: true },
  },
  GetVariables: {
    request: { getVariableData: [{ component, variable }] },
    response: {
      getVariableResult: [{ attributeStatus: 'Accepted', component, variable, attributeValue: '300' }],
    },
  },
  InstallCertificate: {
    request: { certificateType: 'CSMSRootCertificate', certificate },
    response: { status: 'Accepted' },
  },
  PublishFirmware: {
    request: {
      location: 'https://fw.example.com/2.0.bin',
      checksum: '0123456789abcdef0123456789abcdef',
      requestId: 1,
    },
    response: { status: 'Accepted' },
  },
  RequestStartTransaction: {
    request: { idToken, remoteStartId: 1, evseId: 1 },
    response: { status: 'Accepted', transactionId: 'tx-9' },
  },
  RequestStopTransaction: { request: { transactionId: 'tx-9' }, response: { status: 'Accepted' } },
  ReserveNow: {
    request: { id: 7, expiryDateTime: future, idToken, evseId: 1 },
    response: { status: 'Accepted' },
  },
  Reset: { request: { type: 'OnIdle' }, response: { status: 'Scheduled' } },
  SendLocalList: {
    request: {
      versionNumber: 5,
      updateType: 'Full',
      localAuthorizationList: [{ idToken, idTokenInfo: { status: 'Accepted' } }],
    },
    response: { status: 'Accepted' },
  },
  SetChargingProfile: {
    request: {
      evseId: 1,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
        ],
      },
    },
    response: { status: 'Accepted' },
  },
  SetDisplayMessage: {
    request: { message: { id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Hello' } } },
    response: { status: 'Accepted' },
  },
  SetMonitoringBase: { request: { monitoringBase: 'FactoryDefault' }, response: { status: 'Accepted' } },
  SetMonitoringLevel: { request: { severity: 5 }, response: { status: 'Accepted' } },
  SetNetworkProfile: {
    request: {
      configurationSlot: 1,
      connectionData: {
        ocppVersion: 'OCPP20',
        ocppTransport: 'JSON',
        ocppCsmsUrl: 'wss://csms.example.com/ocpp',
        messageTimeout: 30,
        securityProfile: 2,
        ocppInterface: 'Wired0',
      },
    },
    response: { status: 'Accepted' },
  },
  SetVariableMonitoring: {
    request: {
      setMonitoringData: [{ value: 600, type: 'UpperThreshold', severity: 5, component, variable }],
    },
    response: {
      setMonitoringResult: [
        { id: 1, status: 'Accepted', type: 'UpperThreshold', severity: 5, component, variable },
      ],
    },
  },
  SetVariables: {
    request: { setVariableData: [{ attributeValue: '120', component, variable }] },
    response: { setVariableResult: [{ attributeStatus: 'Accepted', component, variable }] },
  },
  TriggerMessage: {
    request: { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } },
    response: { status: 'Accepted' },
  },
  UnlockConnector: { request: { evseId: 1, connectorId: 1 }, response: { status: 'UnlockFailed' } },
  UnpublishFirmware: {
    request: { checksum: '0123456789abcdef0123456789abcdef' },
    response: { status: 'Unpublished' },
  },
  UpdateFirmware: {
    request: {
      requestId: 3,
      firmware: { location: 'https://fw.example.com/2.1.bin', retrieveDateTime: future },
    },
    response: { status: 'Accepted' },
  },
};

export const csmsActionSamples: Record<OcppVersion, Record<string, ActionSample>> = {
  'ocpp1.6': ocpp16Samples,
  'ocpp2.0.1': ocpp201Samples,
};
