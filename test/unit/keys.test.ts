import { describe, expect, it } from 'vitest';
import { keys, platformTenantId } from '../../shared/adapters/dynamodb/keys.ts';

/** Every builder that takes a tenant, with the other ids fixed, returning its partition keys. */
const partitionKeysOf: Record<string, (tenantId: string) => string[]> = {
  tenant: (t) => [keys.tenant(t).PK],
  apiKey: (t) => [keys.apiKey(t, 'key-1').PK],
  apiKeyIndex: (t) => [keys.apiKeyIndex(t, 'key-1').GSI1PK, keys.apiKeyIndexPartition(t)],
  driverApiKeyIndex: (t) => [
    keys.driverApiKeyIndex(t, 'D1', 'key-1').GSI1PK,
    keys.driverApiKeyIndexPartition(t, 'D1'),
  ],
  adminKeyCount: (t) => [keys.adminKeyCount(t).PK],
  site: (t) => [keys.site(t, 'site-1').PK],
  loadManagement: (t) => [keys.loadManagement(t, 'site-1').PK],
  loadAllocation: (t) => [keys.loadAllocation(t, 'site-1').PK],
  loadRun: (t) => [keys.loadRun(t, 'site-1').PK],
  loadHistoryEntry: (t) => [keys.loadHistoryEntry(t, 'site-1', '2026-12-02T10:00:00.000Z', 'cp-1', 1).PK],
  siteIndex: (t) => [keys.siteIndex(t, 'site-1').GSI1PK, keys.siteIndexPartition(t)],
  rateWindow: (t) => [keys.rateWindow(t, 1_714_564_800).PK],
  auditEntry: (t) => [
    keys.auditEntry(t, '2024-05-01T12:00:00.000Z', 'e1').PK,
    keys.auditPartition(t, '2024-05'),
  ],
  chargerPartition: (t) => [keys.chargerPartition(t, 'cp-1')],
  charger: (t) => [keys.charger(t, 'cp-1').PK],
  connection: (t) => [keys.connection(t, 'cp-1').PK],
  connector: (t) => [keys.connector(t, 'cp-1', 1, 1).PK],
  chargerIndex: (t) => [
    keys.chargerIndex(t, 'cp-1', 'site-1').GSI1PK,
    keys.chargerIndex(t, 'cp-1', undefined).GSI1PK,
  ],
  chargerIndexPartition: (t) => [keys.chargerIndexPartition(t)],
  livenessIndex: (t) => [
    keys.livenessIndex(t, 'cp-1', '2026-12-03T12:00:00.000Z').GSI1PK,
    keys.livenessIndexPartition(t),
  ],
  session: (t) => [keys.session(t, 'S1').PK],
  billingLedger: (t) => [keys.billingLedger(t, 'S1').PK],
  cdr: (t) => [keys.cdr(t, 'S1', 1, 'DEBIT').PK, keys.cdr(t, 'S1', 1, 'CREDIT').PK],
  cdrIndex: (t) => [keys.cdrIndex(t, '2024-05-01T10:00:00.000Z', 'S1-1').GSI1PK, keys.cdrIndexPartition(t)],
  pendingCall: (t) => [keys.pendingCall(t, 'cp-1').PK],
  queuedCall: (t) => [keys.queuedCall(t, 'cp-1', '01J0000000000000000000000A').PK],
  command: (t) => [keys.command(t, 'cmd-1').PK],
  chargerConfiguration: (t) => [
    keys.chargerConfiguration(t, 'cp-1').PK,
    keys.chargerConfigurationPartition(t, 'cp-1'),
  ],
  firmwareStatus: (t) => [keys.firmwareStatus(t, 'cp-1').PK, keys.maintenancePartition(t, 'cp-1')],
  firmwarePublicationStatus: (t) => [keys.firmwarePublicationStatus(t, 'cp-1').PK],
  deviceModel: (t) => [
    keys.deviceModelPartition(t, 'cp-1'),
    keys.deviceModelVariable(t, 'cp-1', { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }).PK,
    keys.deviceModelReport(t, 'cp-1', 1).PK,
    keys.deviceModelRequestCounter(t, 'cp-1').PK,
    keys.deviceModelMonitor(t, 'cp-1', { component: 'EVSE', variable: 'Power' }, 1).PK,
    keys.deviceModelMonitoringReport(t, 'cp-1', 1).PK,
  ],
  displayMessage: (t) => [
    keys.displayMessagePartition(t, 'cp-1'),
    keys.displayMessage(t, 'cp-1', 1).PK,
    keys.displayMessagesReport(t, 'cp-1', 1).PK,
  ],
  customerInformation: (t) => [
    keys.customerInformationPartition(t, 'cp-1'),
    keys.customerInformation(t, 'cp-1', 1).PK,
    keys.customerInformationPart(t, 'cp-1', 1, 0).PK,
  ],
  deviceEvent: (t) => [
    keys.deviceEventPartition(t, 'cp-1'),
    keys.deviceEvent(t, 'cp-1', '2026-01-01T00:00:00.000Z', 1).PK,
  ],
  diagnosticsStatus: (t) => [keys.diagnosticsStatus(t, 'cp-1').PK],
  smartCharging: (t) => [
    keys.smartChargingPartition(t, 'cp-1'),
    keys.evChargingNeeds(t, 'cp-1', 1).PK,
    keys.evChargingSchedule(t, 'cp-1', 1).PK,
    keys.externalChargingLimit(t, 'cp-1', 0, 'EMS').PK,
    keys.chargingProfileReport(t, 'cp-1', 7).PK,
    keys.chargingProfileReportPart(t, 'cp-1', 7, 'msg-1').PK,
  ],
  localList: (t) => [
    keys.localList(t, 'cp-1').PK,
    keys.localListEntries(t, 'cp-1').PK,
    keys.localListPartition(t, 'cp-1'),
  ],
  reservation: (t) => [
    keys.reservation(t, 'cp-1', 1).PK,
    keys.reservationCounter(t, 'cp-1').PK,
    keys.reservationPartition(t, 'cp-1'),
  ],
  idToken: (t) => [keys.idToken(t, 'TAG-1').PK],
  idTokenIndex: (t) => [keys.idTokenIndex(t, 'TAG-1').GSI1PK],
  chargerTransaction: (t) => [keys.chargerTransaction(t, 'cp-1', 'tx-1').PK],
  sessionIndex: (t) => [keys.sessionIndex(t, '2024-05-01T10:00:00.000Z', 'S1').GSI1PK],
  meterValue: (t) => [keys.meterValue(t, 'S1', '2024-05-01T10:00:00.000Z', 1).PK],
  idTokenSession: (t) => [keys.idTokenSession(t, 'TAG-1', 'S1').PK],
  transactionCounter: (t) => [keys.transactionCounter(t, 'cp-1').PK],
  transactionStart: (t) => [keys.transactionStart(t, 'cp-1', '1/TAG/0/2024-05-01T10:00:00.000Z').PK],
  tariff: (t) => [keys.tariff(t, 'T-1').PK, keys.tariffPartition(t, 'T-1')],
  tariffVersion: (t) => [keys.tariffVersion(t, 'T-1', 1).PK],
  tariffIndex: (t) => [keys.tariffIndex(t, 'T-1').GSI1PK, keys.tariffIndexPartition(t)],
  defaultTariff: (t) => [keys.defaultTariff(t).PK],
  driver: (t) => [keys.driver(t, 'D1').PK, keys.driverPartition(t, 'D1')],
  driverVehicle: (t) => [keys.driverVehicle(t, 'D1', 'V1').PK],
  driverIdToken: (t) => [keys.driverIdToken(t, 'D1', 'TAG-1').PK],
  driverIndex: (t) => [keys.driverIndex(t, 'D1').GSI1PK, keys.driverIndexPartition(t)],
  driverExternalRef: (t) => [keys.driverExternalRef(t, 'crm-1').PK],
  sessionImport: (t) => [keys.sessionImport(t, 'legacy-1').PK],
  cohortDay: (t) => [keys.cohortDay(t, 'wave-1', '2026-12-03').PK, keys.cohortPartition(t, 'wave-1')],
  uptimeDay: (t) => [keys.uptimeDay(t, 'CP-1', '2026-12-03').PK, keys.uptimePartition(t, 'CP-1')],
  vehicle: (t) => [keys.vehicle(t, 'V1').PK],
  vehicleIndex: (t) => [keys.vehicleIndex(t, 'V1').GSI1PK, keys.vehicleIndexPartition(t)],
  fleet: (t) => [keys.fleet(t, 'F1').PK, keys.fleetPartition(t, 'F1')],
  fleetMember: (t) => [
    keys.fleetMember(t, 'F1', 'DRIVER', 'D1').PK,
    keys.fleetMember(t, 'F1', 'VEHICLE', 'V1').PK,
  ],
  fleetIndex: (t) => [keys.fleetIndex(t, 'F1').GSI1PK, keys.fleetIndexPartition(t)],
  fleetSession: (t) => [keys.fleetSession(t, 'S1').PK],
  fleetSessionIndex: (t) => [
    keys.fleetSessionIndex(t, 'F1', '2024-05-01T10:00:00.000Z', 'S1').GSI1PK,
    keys.fleetSessionIndexPartition(t, 'F1'),
  ],
  webhook: (t) => [keys.webhook(t, 'W1').PK, keys.webhookPartition(t, 'W1')],
  webhookIndex: (t) => [keys.webhookIndex(t, 'W1').GSI1PK, keys.webhookIndexPartition(t)],
  webhookDelivery: (t) => [keys.webhookDelivery(t, 'W1', 'D1').PK],
  webhookAttempt: (t) => [keys.webhookAttempt(t, 'W1', 'A1').PK],
  ghostCounter: (t) => [keys.ghostCounter(t, 'cp-1').PK],
};

describe('keys', () => {
  it.each([
    ['tenant', () => keys.tenant('t1'), { PK: 'TENANT#t1', SK: 'TENANT' }],
    ['apiKey', () => keys.apiKey('t1', 'k1'), { PK: 'TENANT#t1#APIKEY#k1', SK: 'APIKEY' }],
    [
      'driverApiKeyIndex',
      () => keys.driverApiKeyIndex('t1', 'D1', 'k1'),
      { GSI1PK: 'TENANT#t1#DRIVER#D1#APIKEYS', GSI1SK: 'APIKEY#k1' },
    ],
    ['charger', () => keys.charger('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1', SK: 'CS' }],
    ['connection', () => keys.connection('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1', SK: 'CONN' }],
    ['chargerLastSeen', () => keys.chargerLastSeen('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1', SK: 'CS#SEEN' }],
    [
      'chargerActiveSession',
      () => keys.chargerActiveSession('t1', 'cp1', 'S1'),
      { PK: 'TENANT#t1#CS#cp1', SK: 'TXACTIVE#S1' },
    ],
    ['connector', () => keys.connector('t1', 'cp1', 1, 1), { PK: 'TENANT#t1#CS#cp1', SK: 'EVSE#1#CONN#1' }],
    ['connector 0', () => keys.connector('t1', 'cp1', 0, 0), { PK: 'TENANT#t1#CS#cp1', SK: 'EVSE#0#CONN#0' }],
    [
      'connector 12/3',
      () => keys.connector('t1', 'cp1', 12, 3),
      { PK: 'TENANT#t1#CS#cp1', SK: 'EVSE#12#CONN#3' },
    ],
    [
      'chargerIndex with a site',
      () => keys.chargerIndex('t1', 'cp1', 's1'),
      { GSI1PK: 'TENANT#t1#CHARGERS', GSI1SK: 'SITE#s1#CS#cp1' },
    ],
    [
      'chargerIndex without a site',
      () => keys.chargerIndex('t1', 'cp1', undefined),
      { GSI1PK: 'TENANT#t1#CHARGERS', GSI1SK: 'CS#cp1' },
    ],
    [
      'livenessIndex',
      () => keys.livenessIndex('t1', 'cp1', '2026-12-03T12:50:00.000Z'),
      { GSI1PK: 'TENANT#t1#LIVENESS', GSI1SK: '2026-12-03T12:50:00.000Z#CS#cp1' },
    ],
    ['session', () => keys.session('t1', 'S1'), { PK: 'TENANT#t1#TX#S1', SK: 'TX' }],
    ['billingLedger', () => keys.billingLedger('t1', 'S1'), { PK: 'TENANT#t1#TX#S1', SK: 'LEDGER' }],
    ['cdr', () => keys.cdr('t1', 'S1', 2, 'DEBIT'), { PK: 'TENANT#t1#TX#S1', SK: 'CDR#0000000002#DEBIT' }],
    [
      'cdr credit',
      () => keys.cdr('t1', 'S1', 12, 'CREDIT'),
      { PK: 'TENANT#t1#TX#S1', SK: 'CDR#0000000012#CREDIT' },
    ],
    [
      'cdrIndex',
      () => keys.cdrIndex('t1', '2024-05-01T10:00:00.000Z', 'S1-2'),
      { GSI1PK: 'TENANT#t1#CDRS', GSI1SK: '2024-05-01T10:00:00.000Z#S1-2' },
    ],
    ['pendingCall', () => keys.pendingCall('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1', SK: 'CALL' }],
    [
      'queuedCall',
      () => keys.queuedCall('t1', 'cp1', '01J0000000000000000000000A'),
      { PK: 'TENANT#t1#CS#cp1', SK: 'CALLQ#01J0000000000000000000000A' },
    ],
    ['command', () => keys.command('t1', 'cmd1'), { PK: 'TENANT#t1#CMD#cmd1', SK: 'CMD' }],
    [
      'chargerConfiguration',
      () => keys.chargerConfiguration('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#CFG', SK: 'CONFIG' },
    ],
    ['firmwareStatus', () => keys.firmwareStatus('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1#MAINT', SK: 'FW' }],
    [
      'diagnosticsStatus',
      () => keys.diagnosticsStatus('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#MAINT', SK: 'DIAG' },
    ],
    [
      'firmwarePublicationStatus',
      () => keys.firmwarePublicationStatus('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#MAINT', SK: 'PUBFW' },
    ],
    ['localList', () => keys.localList('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1#LOCALLIST', SK: 'SUMMARY' }],
    [
      'localListEntries',
      () => keys.localListEntries('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#LOCALLIST', SK: 'ENTRIES' },
    ],
    [
      'reservation',
      () => keys.reservation('t1', 'cp1', 42),
      { PK: 'TENANT#t1#CS#cp1#RES', SK: 'RES#0000000042' },
    ],
    [
      'reservationCounter',
      () => keys.reservationCounter('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#RES', SK: 'SEQ' },
    ],
    [
      'deviceModelVariable (names lower-cased and URI-encoded, absent parts empty)',
      () =>
        keys.deviceModelVariable('t1', 'cp1', {
          component: 'EVSE',
          evseId: 2,
          variable: 'Power#Max',
          variableInstance: 'A B',
        }),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'VAR#evse##0000000002##power%23max#a%20b' },
    ],
    [
      'deviceModelVariable with every part',
      () =>
        keys.deviceModelVariable('t1', 'cp1', {
          component: 'Connector',
          componentInstance: 'Left',
          evseId: 1,
          connectorId: 2,
          variable: 'Available',
          variableInstance: 'x',
        }),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'VAR#connector#left#0000000001#0000000002#available#x' },
    ],
    [
      'deviceModelReport',
      () => keys.deviceModelReport('t1', 'cp1', 42),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'REPORT#0000000042' },
    ],
    [
      'deviceModelRequestCounter',
      () => keys.deviceModelRequestCounter('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'SEQ' },
    ],
    [
      'deviceModelMonitor (after the variable segments, the monitor id)',
      () =>
        keys.deviceModelMonitor(
          't1',
          'cp1',
          { component: 'EVSE', evseId: 1, variable: 'Power', variableInstance: 'Max' },
          12,
        ),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'MON#evse##0000000001##power#max#0000000012' },
    ],
    [
      'deviceModelMonitoringReport (apart from the REPORT# items of NotifyReport)',
      () => keys.deviceModelMonitoringReport('t1', 'cp1', 42),
      { PK: 'TENANT#t1#CS#cp1#DM', SK: 'MONREPORT#0000000042' },
    ],
    [
      'displayMessage',
      () => keys.displayMessage('t1', 'cp1', 7),
      { PK: 'TENANT#t1#CS#cp1#DISPLAY', SK: 'MSG#0000000007' },
    ],
    [
      'displayMessagesReport',
      () => keys.displayMessagesReport('t1', 'cp1', 3),
      { PK: 'TENANT#t1#CS#cp1#DISPLAY', SK: 'REPORT#0000000003' },
    ],
    [
      'customerInformation',
      () => keys.customerInformation('t1', 'cp1', 3),
      { PK: 'TENANT#t1#CS#cp1#CUSTINFO', SK: 'REQ#0000000003' },
    ],
    [
      'customerInformationPart (under its request, seqNo sorted as a number)',
      () => keys.customerInformationPart('t1', 'cp1', 3, 11),
      { PK: 'TENANT#t1#CS#cp1#CUSTINFO', SK: 'REQ#0000000003#PART#0000000011' },
    ],
    [
      'deviceEvent',
      () => keys.deviceEvent('t1', 'cp1', '2026-01-01T00:00:00.000Z', 7),
      { PK: 'TENANT#t1#CS#cp1#DMEVENT', SK: 'EV#2026-01-01T00:00:00.000Z#0000000007' },
    ],
    [
      'evChargingNeeds',
      () => keys.evChargingNeeds('t1', 'cp1', 2),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'NEEDS#0000000002' },
    ],
    [
      'evChargingSchedule',
      () => keys.evChargingSchedule('t1', 'cp1', 2),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'EVSCHED#0000000002' },
    ],
    [
      'externalChargingLimit (EVSE 0: the charger as a whole)',
      () => keys.externalChargingLimit('t1', 'cp1', 0, 'SO'),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'LIMIT#0000000000#SO' },
    ],
    [
      'chargingProfileReport',
      () => keys.chargingProfileReport('t1', 'cp1', 42),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'PROFREPORT#42' },
    ],
    [
      'chargingProfileReport of a negative request id',
      () => keys.chargingProfileReport('t1', 'cp1', -3),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'PROFREPORT#-3' },
    ],
    [
      'chargingProfileReportPart (message id URI-encoded)',
      () => keys.chargingProfileReportPart('t1', 'cp1', 42, 'm#1 x'),
      { PK: 'TENANT#t1#CS#cp1#SC', SK: 'PROFREPORT#42#PART#m%231%20x' },
    ],
    ['webhook', () => keys.webhook('t1', 'W1'), { PK: 'TENANT#t1#WEBHOOK#W1', SK: 'WEBHOOK' }],
    [
      'webhookIndex',
      () => keys.webhookIndex('t1', 'W1'),
      { GSI1PK: 'TENANT#t1#WEBHOOKS', GSI1SK: 'WEBHOOK#W1' },
    ],
    [
      'webhookDelivery',
      () => keys.webhookDelivery('t1', 'W1', 'D1'),
      { PK: 'TENANT#t1#WEBHOOK#W1', SK: 'DELIVERY#D1' },
    ],
    [
      'webhookAttempt',
      () => keys.webhookAttempt('t1', 'W1', '01J0000000000000000000000A'),
      { PK: 'TENANT#t1#WEBHOOK#W1', SK: 'ATTEMPT#01J0000000000000000000000A' },
    ],
    ['idToken', () => keys.idToken('t1', 'TAG1'), { PK: 'TENANT#t1#IDTOKEN#TAG1', SK: 'IDTOKEN' }],
    ['ghostCounter', () => keys.ghostCounter('t1', 'cp1'), { PK: 'TENANT#t1#CS#cp1#GHOST', SK: 'GHOST' }],
    [
      'idTokenIndex',
      () => keys.idTokenIndex('t1', 'TAG1'),
      { GSI1PK: 'TENANT#t1#IDTOKENS', GSI1SK: 'IDTOKEN#TAG1' },
    ],
    [
      'chargerTransaction (the charger’s id URI-encoded)',
      () => keys.chargerTransaction('t1', 'cp1', 'a#b/c d'),
      { PK: 'TENANT#t1#CS#cp1#TX#a%23b%2Fc%20d', SK: 'TXID' },
    ],
    [
      'sessionIndex',
      () => keys.sessionIndex('t1', '2024-05-01T10:00:00.000Z', 'S1'),
      { GSI1PK: 'TENANT#t1#SESSIONS', GSI1SK: '2024-05-01T10:00:00.000Z#S1' },
    ],
    [
      'meterValue',
      () => keys.meterValue('t1', 'S1', '2024-05-01T10:00:00.000Z', 42),
      { PK: 'TENANT#t1#TX#S1', SK: 'MV#2024-05-01T10:00:00.000Z#0000000042' },
    ],
    [
      'idTokenSession',
      () => keys.idTokenSession('t1', 'TAG1', 'S1'),
      { PK: 'TENANT#t1#IDTOKEN#TAG1', SK: 'SESSION#S1' },
    ],
    [
      'transactionCounter',
      () => keys.transactionCounter('t1', 'cp1'),
      { PK: 'TENANT#t1#CS#cp1#TXSEQ', SK: 'TXSEQ' },
    ],
    [
      'transactionStart (the start key URI-encoded)',
      () => keys.transactionStart('t1', 'cp1', '1/a#b/0/2024-05-01T10:00:00.000Z'),
      { PK: 'TENANT#t1#CS#cp1#TXSTART#1%2Fa%23b%2F0%2F2024-05-01T10%3A00%3A00.000Z', SK: 'TXSTART' },
    ],
    ['the platform tenant', () => keys.tenant(platformTenantId), { PK: 'TENANT#_platform', SK: 'TENANT' }],
    ['apiKeyIndex', () => keys.apiKeyIndex('t1', 'k1'), { GSI1PK: 'TENANT#t1#APIKEYS', GSI1SK: 'APIKEY#k1' }],
    ['adminKeyCount', () => keys.adminKeyCount('t1'), { PK: 'TENANT#t1', SK: 'ADMINKEYS' }],
    [
      'tenantIndex',
      () => keys.tenantIndex('t1'),
      { GSI1PK: 'TENANT#_platform#TENANTS', GSI1SK: 'TENANT#t1' },
    ],
    ['site', () => keys.site('t1', 's1'), { PK: 'TENANT#t1#SITE#s1', SK: 'SITE' }],
    ['loadManagement', () => keys.loadManagement('t1', 's1'), { PK: 'TENANT#t1#SITE#s1', SK: 'LOADMGMT' }],
    ['loadAllocation', () => keys.loadAllocation('t1', 's1'), { PK: 'TENANT#t1#SITE#s1', SK: 'LOADALLOC' }],
    ['loadRun', () => keys.loadRun('t1', 's1'), { PK: 'TENANT#t1#SITE#s1', SK: 'LOADRUN' }],
    [
      'loadHistoryEntry',
      () => keys.loadHistoryEntry('t1', 's1', '2026-12-02T10:00:00.000Z', 'cp1', 2),
      { PK: 'TENANT#t1#SITE#s1', SK: 'LOADHIST#2026-12-02T10:00:00.000Z#cp1#2' },
    ],
    ['siteIndex', () => keys.siteIndex('t1', 's1'), { GSI1PK: 'TENANT#t1#SITES', GSI1SK: 'SITE#s1' }],
    [
      'rateWindow',
      () => keys.rateWindow('t1', 1_714_564_800.75),
      { PK: 'TENANT#t1#RATE#1714564800', SK: 'RATE' },
    ],
    [
      'auditEntry',
      () => keys.auditEntry('t1', '2024-05-01T12:00:00.000Z', 'E1'),
      { PK: 'TENANT#t1#AUDIT#2024-05', SK: '2024-05-01T12:00:00.000Z#E1' },
    ],
    ['tariff', () => keys.tariff('t1', 'T1'), { PK: 'TENANT#t1#TARIFF#T1', SK: 'TARIFF' }],
    [
      'tariffVersion',
      () => keys.tariffVersion('t1', 'T1', 7),
      { PK: 'TENANT#t1#TARIFF#T1', SK: 'V#0000000007' },
    ],
    ['tariffIndex', () => keys.tariffIndex('t1', 'T1'), { GSI1PK: 'TENANT#t1#TARIFFS', GSI1SK: 'TARIFF#T1' }],
    ['defaultTariff', () => keys.defaultTariff('t1'), { PK: 'TENANT#t1#TARIFFDEFAULT', SK: 'TARIFFDEFAULT' }],
    ['driver', () => keys.driver('t1', 'D1'), { PK: 'TENANT#t1#DRIVER#D1', SK: 'DRIVER' }],
    [
      'driverVehicle',
      () => keys.driverVehicle('t1', 'D1', 'V1'),
      { PK: 'TENANT#t1#DRIVER#D1', SK: 'VEHICLE#V1' },
    ],
    [
      'driverIdToken',
      () => keys.driverIdToken('t1', 'D1', 'TAG-1'),
      { PK: 'TENANT#t1#DRIVER#D1', SK: 'IDTOKEN#TAG-1' },
    ],
    ['driverIndex', () => keys.driverIndex('t1', 'D1'), { GSI1PK: 'TENANT#t1#DRIVERS', GSI1SK: 'DRIVER#D1' }],
    [
      'driverExternalRef (URI-encoded)',
      () => keys.driverExternalRef('t1', 'crm#42 x'),
      { PK: 'TENANT#t1#DRIVERREF#crm%2342%20x', SK: 'DRIVERREF' },
    ],
    [
      'sessionImport (URI-encoded)',
      () => keys.sessionImport('t1', 'old/1#2'),
      { PK: 'TENANT#t1#TXIMPORT#old%2F1%232', SK: 'TXIMPORT' },
    ],
    [
      'cohortDay',
      () => keys.cohortDay('t1', 'wave 1', '2026-12-03'),
      { PK: 'TENANT#t1#COHORT#wave%201', SK: 'DAY#2026-12-03' },
    ],
    [
      'uptimeDay',
      () => keys.uptimeDay('t1', 'CP-1', '2026-12-03'),
      { PK: 'TENANT#t1#UPTIME#CP-1', SK: 'DAY#2026-12-03' },
    ],
    ['vehicle', () => keys.vehicle('t1', 'V1'), { PK: 'TENANT#t1#VEHICLE#V1', SK: 'VEHICLE' }],
    [
      'vehicleIndex',
      () => keys.vehicleIndex('t1', 'V1'),
      { GSI1PK: 'TENANT#t1#VEHICLES', GSI1SK: 'VEHICLE#V1' },
    ],
    ['fleet', () => keys.fleet('t1', 'F1'), { PK: 'TENANT#t1#FLEET#F1', SK: 'FLEET' }],
    [
      'fleetMember driver',
      () => keys.fleetMember('t1', 'F1', 'DRIVER', 'D1'),
      { PK: 'TENANT#t1#FLEET#F1', SK: 'DRIVER#D1' },
    ],
    [
      'fleetMember vehicle',
      () => keys.fleetMember('t1', 'F1', 'VEHICLE', 'V1'),
      { PK: 'TENANT#t1#FLEET#F1', SK: 'VEHICLE#V1' },
    ],
    ['fleetIndex', () => keys.fleetIndex('t1', 'F1'), { GSI1PK: 'TENANT#t1#FLEETS', GSI1SK: 'FLEET#F1' }],
    ['fleetSession', () => keys.fleetSession('t1', 'S1'), { PK: 'TENANT#t1#TX#S1', SK: 'FLEET' }],
    [
      'fleetSessionIndex',
      () => keys.fleetSessionIndex('t1', 'F1', '2024-05-01T10:00:00.000Z', 'S1'),
      { GSI1PK: 'TENANT#t1#FLEET#F1#SESSIONS', GSI1SK: '2024-05-01T10:00:00.000Z#S1' },
    ],
  ])('builds the %s key', (_, build, expected) => {
    // Act
    const key = build();

    // Assess
    expect(key).toEqual(expected);
  });

  it.each([
    ['chargerPartition', () => keys.chargerPartition('t1', 'cp1'), 'TENANT#t1#CS#cp1'],
    ['chargerIndexPartition', () => keys.chargerIndexPartition('t1'), 'TENANT#t1#CHARGERS'],
    ['siteIndexPrefix', () => keys.siteIndexPrefix('s1'), 'SITE#s1#'],
    ['connectorPrefix', () => keys.connectorPrefix, 'EVSE#'],
    ['loadHistoryPrefix', () => keys.loadHistoryPrefix, 'LOADHIST#'],
  ])('builds the %s string', (_, build, expected) => {
    // Act
    const value = build();

    // Assess
    expect(value).toBe(expected);
  });

  it('puts every charger item in the charger partition', () => {
    // Act
    const partitions = [
      keys.charger('t1', 'cp1').PK,
      keys.connection('t1', 'cp1').PK,
      keys.connector('t1', 'cp1', 2, 1).PK,
      keys.pendingCall('t1', 'cp1').PK,
      keys.queuedCall('t1', 'cp1', 'c1').PK,
    ];

    // Assess
    expect(new Set(partitions)).toEqual(new Set([keys.chargerPartition('t1', 'cp1')]));
  });

  it('orders queued calls by command id, apart from the call slot', () => {
    // Prepare: ULIDs of increasing time
    const ids = ['01J00000000000000000000002', '01J00000000000000000000010', '01J0000000000000000000000Z'];

    // Act
    const sortKeys = ids.map((id) => keys.queuedCall('t1', 'cp1', id).SK);

    // Assess
    expect([...sortKeys].sort()).toEqual([sortKeys[0], sortKeys[2], sortKeys[1]]);
    expect(sortKeys.every((sk) => sk.startsWith(keys.queuedCallPrefix))).toBe(true);
    expect(keys.pendingCall('t1', 'cp1').SK.startsWith(keys.queuedCallPrefix)).toBe(false);
  });

  it('makes a site a prefix of its chargers index sort keys only', () => {
    // Prepare
    const prefix = keys.siteIndexPrefix('s1');

    // Act
    const inSite = keys.chargerIndex('t1', 'cp1', 's1').GSI1SK;
    const inOtherSite = keys.chargerIndex('t1', 'cp1', 's10').GSI1SK;
    const withoutSite = keys.chargerIndex('t1', 'cp1', undefined).GSI1SK;

    // Assess
    expect(inSite.startsWith(prefix)).toBe(true);
    expect(inOtherSite.startsWith(prefix)).toBe(false);
    expect(withoutSite.startsWith(prefix)).toBe(false);
  });

  it.each(Object.entries(partitionKeysOf))('puts the tenant first in every %s partition key', (_, build) => {
    // Act
    const partitions = build('t1');

    // Assess
    for (const pk of partitions) expect(pk === 'TENANT#t1' || pk.startsWith('TENANT#t1#')).toBe(true);
  });

  it.each(Object.entries(partitionKeysOf))(
    'never gives two tenants the same %s partition key',
    (_, build) => {
      // Act
      const first = build('t1');
      const second = build('t2');

      // Assess
      for (const pk of first) expect(second).not.toContain(pk);
    },
  );

  it('gives two tenants with the same charger id distinct keys everywhere', () => {
    // Prepare
    const all = (tenantId: string) => [
      keys.charger(tenantId, 'cp1'),
      keys.connection(tenantId, 'cp1'),
      keys.connector(tenantId, 'cp1', 1, 1),
    ];

    // Act
    const first = all('tenant-a').map((key) => `${key.PK}|${key.SK}`);
    const second = all('tenant-b').map((key) => `${key.PK}|${key.SK}`);

    // Assess
    expect(first.filter((key) => second.includes(key))).toEqual([]);
  });

  it.each([
    ['tenant: tenantId', () => keys.tenant('a#b')],
    ['apiKey: tenantId', () => keys.apiKey('a#b', 'k1')],
    ['apiKey: keyId', () => keys.apiKey('t1', 'k#1')],
    ['chargerPartition: tenantId', () => keys.chargerPartition('t#1', 'cp1')],
    ['chargerPartition: chargerId', () => keys.chargerPartition('t1', 'cp#1')],
    ['charger: tenantId', () => keys.charger('t#1', 'cp1')],
    ['charger: chargerId', () => keys.charger('t1', 'x#CS#cp1')],
    ['connection: chargerId', () => keys.connection('t1', 'cp#')],
    ['connector: chargerId', () => keys.connector('t1', '#cp', 1, 1)],
    ['chargerIndex: tenantId', () => keys.chargerIndex('t#1', 'cp1', 's1')],
    ['chargerIndex: chargerId with a site', () => keys.chargerIndex('t1', 'cp#1', 's1')],
    ['chargerIndex: chargerId without a site', () => keys.chargerIndex('t1', 'cp#1', undefined)],
    ['chargerIndex: siteId', () => keys.chargerIndex('t1', 'cp1', 's#1')],
    ['chargerIndexPartition: tenantId', () => keys.chargerIndexPartition('t#1')],
    ['siteIndexPrefix: siteId', () => keys.siteIndexPrefix('s#1')],
    ['session: sessionId', () => keys.session('t1', 'S#1')],
    ['billingLedger: sessionId', () => keys.billingLedger('t1', 'S#1')],
    ['cdr: sessionId', () => keys.cdr('t1', 'S#1', 1, 'DEBIT')],
    ['cdrIndex: cdrId', () => keys.cdrIndex('t1', '2024-05-01T10:00:00.000Z', 'S#1')],
    ['cdrIndexPartition: tenantId', () => keys.cdrIndexPartition('t#1')],
    ['apiKeyIndex: keyId', () => keys.apiKeyIndex('t1', 'k#1')],
    ['tenantIndex: tenantId', () => keys.tenantIndex('t#1')],
    ['site: siteId', () => keys.site('t1', 's#1')],
    ['loadManagement: siteId', () => keys.loadManagement('t1', 's#1')],
    [
      'loadHistoryEntry: chargerId',
      () => keys.loadHistoryEntry('t1', 's1', '2026-12-02T10:00:00.000Z', 'c#1', 1),
    ],
    ['siteIndex: siteId', () => keys.siteIndex('t1', 's#1')],
    ['rateWindow: tenantId', () => keys.rateWindow('t#1', 1)],
    ['auditEntry: entryId', () => keys.auditEntry('t1', '2024-05-01T12:00:00.000Z', 'e#1')],
    ['pendingCall: chargerId', () => keys.pendingCall('t1', 'cp#1')],
    ['queuedCall: commandId', () => keys.queuedCall('t1', 'cp1', 'c#1')],
    ['command: commandId', () => keys.command('t1', 'cmd#1')],
    ['chargerConfiguration: chargerId', () => keys.chargerConfiguration('t1', 'cp#1')],
    ['firmwareStatus: chargerId', () => keys.firmwareStatus('t1', 'cp#1')],
    ['diagnosticsStatus: chargerId', () => keys.diagnosticsStatus('t1', 'cp#1')],
    ['localListEntries: chargerId', () => keys.localListEntries('t1', 'cp#1')],
    [
      'deviceModelVariable: chargerId',
      () => keys.deviceModelVariable('t1', 'cp#1', { component: 'a', variable: 'b' }),
    ],
    ['deviceModelReport: chargerId', () => keys.deviceModelReport('t1', 'cp#1', 1)],
    ['deviceEvent: chargerId', () => keys.deviceEvent('t1', 'cp#1', '2026-01-01T00:00:00.000Z', 1)],
    ['reservation: chargerId', () => keys.reservation('t1', 'cp#1', 1)],
    ['evChargingNeeds: chargerId', () => keys.evChargingNeeds('t1', 'cp#1', 1)],
    ['externalChargingLimit: chargingLimitSource', () => keys.externalChargingLimit('t1', 'cp1', 1, 'E#S')],
    ['chargingProfileReport: chargerId', () => keys.chargingProfileReport('t1', 'cp#1', 1)],
    ['idToken: idToken', () => keys.idToken('t1', 'TAG#1')],
    ['idTokenIndex: idToken', () => keys.idTokenIndex('t1', 'TAG#1')],
    ['chargerTransaction: chargerId', () => keys.chargerTransaction('t1', 'cp#1', 'tx1')],
    ['sessionIndex: sessionId', () => keys.sessionIndex('t1', '2024-05-01T10:00:00.000Z', 'S#1')],
    ['meterValue: sessionId', () => keys.meterValue('t1', 'S#1', '2024-05-01T10:00:00.000Z', 1)],
    ['idTokenSession: idToken', () => keys.idTokenSession('t1', 'TAG#1', 'S1')],
    ['idTokenSession: sessionId', () => keys.idTokenSession('t1', 'TAG1', 'S#1')],
    ['transactionCounter: chargerId', () => keys.transactionCounter('t1', 'cp#1')],
    ['transactionStart: chargerId', () => keys.transactionStart('t1', 'cp#1', 'k1')],
    ['tariff: tariffId', () => keys.tariff('t1', 'T#1')],
    ['tariffVersion: tariffId', () => keys.tariffVersion('t1', 'T#1', 1)],
    ['tariffIndex: tariffId', () => keys.tariffIndex('t1', 'T#1')],
    ['defaultTariff: tenantId', () => keys.defaultTariff('t#1')],
    ['driver: driverId', () => keys.driver('t1', 'D#1')],
    ['driverVehicle: vehicleId', () => keys.driverVehicle('t1', 'D1', 'V#1')],
    ['driverIdToken: idToken', () => keys.driverIdToken('t1', 'D1', 'TAG#1')],
    ['vehicle: vehicleId', () => keys.vehicle('t1', 'V#1')],
    ['fleet: fleetId', () => keys.fleet('t1', 'F#1')],
    ['fleetMember: memberId', () => keys.fleetMember('t1', 'F1', 'VEHICLE', 'V#1')],
    ['fleetIndex: fleetId', () => keys.fleetIndex('t1', 'F#1')],
    [
      'fleetSessionIndex: fleetId',
      () => keys.fleetSessionIndex('t1', 'F#1', '2024-05-01T10:00:00.000Z', 'S1'),
    ],
    [
      'fleetSessionIndex: sessionId',
      () => keys.fleetSessionIndex('t1', 'F1', '2024-05-01T10:00:00.000Z', 'S#1'),
    ],
  ])('refuses an id containing # (%s)', (_, build) => {
    // Act & Assess
    expect(build).toThrow(/invalid .* for a key/);
  });

  it.each([
    ['tenant: tenantId', () => keys.tenant('')],
    ['apiKey: keyId', () => keys.apiKey('t1', '')],
    ['charger: tenantId', () => keys.charger('', 'cp1')],
    ['charger: chargerId', () => keys.charger('t1', '')],
    ['connector: chargerId', () => keys.connector('t1', '', 1, 1)],
    ['chargerIndex: chargerId', () => keys.chargerIndex('t1', '', undefined)],
    ['chargerIndexPartition: tenantId', () => keys.chargerIndexPartition('')],
    ['siteIndexPrefix: siteId', () => keys.siteIndexPrefix('')],
    ['session: tenantId', () => keys.session('', 'S1')],
    ['site: siteId', () => keys.site('t1', '')],
    ['auditPartition: month', () => keys.auditPartition('t1', '')],
    ['command: commandId', () => keys.command('t1', '')],
    ['idToken: idToken', () => keys.idToken('t1', '')],
    ['chargerTransaction: chargerTransactionId', () => keys.chargerTransaction('t1', 'cp1', '')],
    ['transactionStart: startKey', () => keys.transactionStart('t1', 'cp1', '')],
  ])('refuses an empty id (%s)', (_, build) => {
    // Act & Assess
    expect(build).toThrow(/invalid .* for a key/);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['above 2^31 - 1', 2 ** 31],
  ])('refuses a %s reservation id', (_, reservationId) => {
    // Act & Assess
    expect(() => keys.reservation('t1', 'cp1', reservationId)).toThrow('invalid reservationId for a key');
  });

  it.each([
    ['zero', 0],
    ['fractional', 1.5],
    ['above 2^31 - 1', 2 ** 31],
  ])('refuses a %s tariff version', (_, version) => {
    // Act & Assess
    expect(() => keys.tariffVersion('t1', 'T1', version)).toThrow('invalid tariff version for a key');
  });

  it('sorts tariff versions as numbers, after the prefix and apart from the tariff item', () => {
    // Act
    const sortKeys = [10, 9, 100].map((version) => keys.tariffVersion('t1', 'T1', version).SK).sort();

    // Assess
    expect(sortKeys).toEqual(['V#0000000009', 'V#0000000010', 'V#0000000100']);
    expect(sortKeys.every((key) => key.startsWith(keys.tariffVersionPrefix))).toBe(true);
    expect(keys.tariff('t1', 'T1').SK.startsWith(keys.tariffVersionPrefix)).toBe(false);
  });

  it('keeps a component prefix a prefix of its variables’ sort keys, and reports apart from variables', () => {
    // Act
    const variable = keys.deviceModelVariable('t1', 'cp1', { component: 'EVSE#1', variable: 'Power' }).SK;

    // Assess
    expect(variable.startsWith(keys.deviceModelComponentPrefix('Evse#'))).toBe(true);
    expect(variable.startsWith(keys.deviceModelComponentPrefix('Evse#2'))).toBe(false);
    expect(variable.startsWith(keys.deviceModelVariablePrefix)).toBe(true);
    expect(keys.deviceModelReport('t1', 'cp1', 1).SK.startsWith(keys.deviceModelVariablePrefix)).toBe(false);
    expect(keys.deviceModelRequestCounter('t1', 'cp1').SK.startsWith(keys.deviceModelReportPrefix)).toBe(
      false,
    );
  });

  it('keeps monitors, monitoring reports, variables and reports apart in the device-model partition', () => {
    // Act
    const monitor = keys.deviceModelMonitor('t1', 'cp1', { component: 'EVSE#1', variable: 'Power' }, 3).SK;
    const monitoringReport = keys.deviceModelMonitoringReport('t1', 'cp1', 1).SK;

    // Assess
    expect(monitor.startsWith(keys.deviceModelMonitorComponentPrefix('Evse#'))).toBe(true);
    expect(monitor.startsWith(keys.deviceModelMonitorComponentPrefix('Evse#2'))).toBe(false);
    expect(monitor.startsWith(keys.deviceModelMonitorPrefix)).toBe(true);
    expect(monitor.startsWith(keys.deviceModelVariablePrefix)).toBe(false);
    expect(monitoringReport.startsWith(keys.deviceModelMonitorPrefix)).toBe(false);
    expect(monitoringReport.startsWith(keys.deviceModelReportPrefix)).toBe(false);
    expect(keys.deviceModelReport('t1', 'cp1', 1).SK.startsWith(keys.deviceModelMonitoringReportPrefix)).toBe(
      false,
    );
  });

  it('keeps display messages apart from their reports, and customer information parts under their request', () => {
    // Act
    const message = keys.displayMessage('t1', 'cp1', 1).SK;
    const report = keys.displayMessagesReport('t1', 'cp1', 1).SK;
    const parts = [10, 9].map((seqNo) => keys.customerInformationPart('t1', 'cp1', 4, seqNo).SK).sort();

    // Assess
    expect(message.startsWith(keys.displayMessagePrefix)).toBe(true);
    expect(report.startsWith(keys.displayMessagePrefix)).toBe(false);
    expect(report.startsWith(keys.displayMessagesReportPrefix)).toBe(true);
    expect(parts).toEqual(['REQ#0000000004#PART#0000000009', 'REQ#0000000004#PART#0000000010']);
    expect(parts.every((sk) => sk.startsWith(keys.customerInformationPartPrefix(4)))).toBe(true);
    expect(parts.every((sk) => sk.startsWith(keys.customerInformationPrefix))).toBe(true);
    const request = keys.customerInformation('t1', 'cp1', 4).SK;
    expect(request.startsWith(keys.customerInformationPartPrefix(4))).toBe(false);
    const otherRequestPart = keys.customerInformationPart('t1', 'cp1', 40, 0).SK;
    expect(otherRequestPart.startsWith(keys.customerInformationPartPrefix(4))).toBe(false);
  });

  it.each([
    ['monitor id', () => keys.deviceModelMonitor('t1', 'cp1', { component: 'EVSE', variable: 'Power' }, -1)],
    ['display message id', () => keys.displayMessage('t1', 'cp1', 2 ** 31)],
    ['customer information request id', () => keys.customerInformation('t1', 'cp1', 1.5)],
  ])('refuses an invalid %s', (_, build) => {
    // Act & Assess
    expect(build).toThrow('for a key');
  });

  it.each([
    ['evseId', { component: 'EVSE', evseId: -1, variable: 'Power' }],
    ['connectorId', { component: 'EVSE', evseId: 1, connectorId: 1.5, variable: 'Power' }],
  ])('refuses a device-model key with an invalid %s', (_, ref) => {
    // Act & Assess
    expect(() => keys.deviceModelVariable('t1', 'cp1', ref)).toThrow('for a key');
  });

  it.each([
    ['zero', 0],
    ['fractional', 1.5],
    ['above 2^31 - 1', 2 ** 31],
  ])('refuses a %s session version in a CDR key', (_, version) => {
    // Act & Assess
    expect(() => keys.cdr('t1', 'S1', version, 'DEBIT')).toThrow('invalid session version for a key');
  });

  it('keeps CDRs and the ledger apart from the session and its meter values, CDRs sorted by version', () => {
    // Act
    const cdrKeys = [10, 9].map((version) => keys.cdr('t1', 'S1', version, 'DEBIT').SK).sort();
    const others = [
      keys.session('t1', 'S1').SK,
      keys.billingLedger('t1', 'S1').SK,
      keys.meterValue('t1', 'S1', '2024-05-01T10:00:00.000Z', 1).SK,
    ];

    // Assess
    expect(cdrKeys).toEqual(['CDR#0000000009#DEBIT', 'CDR#0000000010#DEBIT']);
    expect(others.some((key) => key.startsWith(keys.cdrPrefix))).toBe(false);
    expect(new Set(others).size).toBe(others.length);
  });

  it('sorts the CDR index by issue time, so a from/to range is one key condition', () => {
    // Act
    const sortKeys = [
      keys.cdrIndex('t1', '2024-05-02T00:00:00.000Z', 'A-1').GSI1SK,
      keys.cdrIndex('t1', '2024-05-01T10:00:00.000Z', 'Z-1').GSI1SK,
    ].sort();

    // Assess
    expect(sortKeys).toEqual(['2024-05-01T10:00:00.000Z#Z-1', '2024-05-02T00:00:00.000Z#A-1']);
  });

  it.each([
    ['negative', -1],
    ['above 2^31 - 1', 2 ** 31],
    ['fractional', 1.5],
  ])('refuses a %s EVSE id in smart-charging keys', (_, evseId) => {
    // Act & Assess
    expect(() => keys.evChargingNeeds('t1', 'cp1', evseId)).toThrow('invalid evseId for a key');
    expect(() => keys.externalChargingLimit('t1', 'cp1', evseId, 'EMS')).toThrow('invalid evseId for a key');
  });

  it('refuses a request id that is no safe integer', () => {
    // Act & Assess
    expect(() => keys.chargingProfileReport('t1', 'cp1', 1.5)).toThrow('invalid requestId for a key');
    expect(() => keys.chargingProfileReportPart('t1', 'cp1', 2 ** 53, 'm1')).toThrow(
      'invalid requestId for a key',
    );
  });

  it("keeps a report's parts apart from its progress item and from other request ids' parts", () => {
    // Prepare
    const prefix = keys.chargingProfileReportPartPrefix(1);

    // Act
    const part = keys.chargingProfileReportPart('t1', 'cp1', 1, 'm1').SK;
    const others = [
      keys.chargingProfileReport('t1', 'cp1', 1).SK,
      keys.chargingProfileReportPart('t1', 'cp1', 12, 'm1').SK,
      keys.chargingProfileReportPart('t1', 'cp1', -1, 'm1').SK,
    ];

    // Assess
    expect(part.startsWith(prefix)).toBe(true);
    expect(others.filter((sk) => sk.startsWith(prefix))).toEqual([]);
    expect([part, ...others].every((sk) => sk.startsWith(keys.chargingProfileReportPrefix))).toBe(true);
  });

  it('sorts the liveness index by deadline, so that the overdue connections are one range before now', () => {
    // Prepare
    const earlier = keys.livenessIndex('t1', 'cp-z', '2026-12-03T12:00:00.000Z').GSI1SK;
    const later = keys.livenessIndex('t1', 'cp-a', '2026-12-03T12:00:01.000Z').GSI1SK;
    const now = '2026-12-03T12:00:00.500Z';
    // Assess
    expect(earlier < now && now < later).toBe(true);
    expect(keys.livenessIndexPartition('t1')).not.toBe(keys.chargerIndexPartition('t1'));
    expect(() => keys.livenessIndex('t1', 'cp#1', now)).toThrow('invalid chargerId for a key');
    expect(() => keys.livenessIndex('t1', 'cp1', '')).toThrow('invalid silentAfter for a key');
  });

  it('sorts reservation ids as numbers', () => {
    // Act
    const sortKeys = [10, 9, 100].map((id) => keys.reservation('t1', 'cp1', id).SK).sort();

    // Assess
    expect(sortKeys).toEqual(['RES#0000000009', 'RES#0000000010', 'RES#0000000100']);
  });

  it('keeps only what a view shows and the CALL slot in the charger partition, growing state apart', () => {
    // Prepare
    const chargerPartition = keys.chargerPartition('t1', 'cp1');

    // Act
    const apart = [
      keys.chargerConfiguration('t1', 'cp1'),
      keys.firmwareStatus('t1', 'cp1'),
      keys.diagnosticsStatus('t1', 'cp1'),
      keys.localList('t1', 'cp1'),
      keys.localListEntries('t1', 'cp1'),
      keys.reservation('t1', 'cp1', 1),
      keys.reservationCounter('t1', 'cp1'),
      keys.deviceModelVariable('t1', 'cp1', { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }),
      keys.deviceModelReport('t1', 'cp1', 1),
      keys.deviceEvent('t1', 'cp1', '2026-01-01T00:00:00.000Z', 1),
      keys.evChargingNeeds('t1', 'cp1', 1),
      keys.evChargingSchedule('t1', 'cp1', 1),
      keys.externalChargingLimit('t1', 'cp1', 1, 'EMS'),
      keys.chargingProfileReport('t1', 'cp1', 1),
      keys.chargingProfileReportPart('t1', 'cp1', 1, 'm1'),
      keys.ghostCounter('t1', 'cp1'),
    ].map((key) => key.PK);

    // Assess
    expect(apart.filter((pk) => pk === chargerPartition)).toEqual([]);
    expect(apart.every((pk) => pk.startsWith(`${chargerPartition}#`))).toBe(true);
  });

  it("bounds a charger view's range to the items it shows", () => {
    // Prepare
    const { from, to } = keys.chargerViewRange;
    const inRange = (sk: string) => sk >= from && sk <= to;
    const shown = [
      keys.charger('t1', 'cp1'),
      keys.connection('t1', 'cp1'),
      keys.chargerLastSeen('t1', 'cp1'),
      keys.connector('t1', 'cp1', 0, 0),
      keys.connector('t1', 'cp1', 1, 1),
      keys.connector('t1', 'cp1', 999, 99),
    ].map((key) => key.SK);
    // The CALL slot, and the sort keys the state kept apart had in the charger partition before.
    const notShown = [
      keys.pendingCall('t1', 'cp1').SK,
      keys.chargerActiveSession('t1', 'cp1', 'S1').SK,
      'CONFIG',
      'FW',
      'LOCALLIST',
    ];

    // Act & Assess
    expect(shown.filter((sk) => !inRange(sk))).toEqual([]);
    expect(notShown.filter(inRange)).toEqual([]);
  });

  it('names the offending field in the refusal', () => {
    // Act & Assess
    expect(() => keys.charger('t1', 'cp#1')).toThrow('invalid chargerId for a key: "cp#1"');
  });
});

describe('keys of the platform tenant index', () => {
  it('keeps the tenant listing under the reserved platform tenant, which no tenant id can name', () => {
    // Act
    const index = keys.tenantIndex('t1');

    // Assess
    expect(index.GSI1PK.startsWith(`${keys.tenant(platformTenantId).PK}#`)).toBe(true);
    expect(index.GSI1PK).toBe(keys.tenantIndexPartition());
    expect(/^[0-9A-HJKMNP-TV-Z]{26}$/.test(platformTenantId)).toBe(false);
  });

  it('sorts audit entries of a month by time', () => {
    // Act
    const earlier = keys.auditEntry('t1', '2024-05-01T12:00:00.000Z', 'ZZZ').SK;
    const later = keys.auditEntry('t1', '2024-05-01T12:00:00.001Z', 'AAA').SK;

    // Assess
    expect(earlier < later).toBe(true);
  });
});
