import { defineSlice, none } from '../slice.ts';
import { recordReportAnswer, storeReadVariables, storeSetVariables } from './device-model-answers.ts';
import { recordMonitoringReportAnswer } from './device-monitoring.ts';
import { deviceModelOperations } from './http/device-model.ts';
import { deviceModelManifest } from './manifest.ts';
import { createDeviceModelHandlers201 } from './ocpp-handlers.ts';

export const deviceModelSlice = defineSlice({
  ...none,
  manifest: deviceModelManifest,
  ocpp: { ...none.ocpp, 'ocpp2.0.1': createDeviceModelHandlers201 },
  operations: deviceModelOperations,
  reactions: {
    ...none.reactions,
    'ocpp2.0.1': {
      GetBaseReport: [recordReportAnswer],
      GetReport: [recordReportAnswer],
      GetVariables: [storeReadVariables],
      SetVariables: [storeSetVariables],
      GetMonitoringReport: [recordMonitoringReportAnswer],
    },
  },
});
