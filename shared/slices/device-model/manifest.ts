import { defineManifest } from '../../topology/manifest.ts';

export const deviceModelManifest = defineManifest({
  slice: 'device-model',
  summary:
    'The OCPP 2.0.1 device model of each charger: NotifyReport parts stored a variable an item, the reports by ' +
    'request id, Get/SetVariables answers, notified events, monitors (NotifyMonitoringReport); requests split ' +
    'to the limits the charger announced',
  ocpp: { 'ocpp2.0.1': ['NotifyReport', 'NotifyEvent', 'NotifyMonitoringReport'] },
  routes: {
    tenant: [
      ['GET', '/v1/chargers/{chargerId}/device-model', 'getDeviceModel'],
      ['GET', '/v1/chargers/{chargerId}/device-model/reports', 'listDeviceModelReports'],
      ['GET', '/v1/chargers/{chargerId}/device-model/events', 'listDeviceEvents'],
      ['GET', '/v1/chargers/{chargerId}/device-model/monitors', 'listDeviceMonitors'],
      ['POST', '/v1/chargers/{chargerId}/device-model/base-report', 'requestBaseReport'],
      ['POST', '/v1/chargers/{chargerId}/device-model/report', 'requestCustomReport'],
      ['POST', '/v1/chargers/{chargerId}/device-model/variables/get', 'getDeviceModelVariables'],
      ['POST', '/v1/chargers/{chargerId}/device-model/variables/set', 'setDeviceModelVariables'],
    ],
  },
  reactions: {
    'ocpp2.0.1': ['GetBaseReport', 'GetReport', 'GetVariables', 'SetVariables', 'GetMonitoringReport'],
  },
  events: ['deviceModelReported', 'deviceEventReported', 'deviceMonitoringReported'],
});
