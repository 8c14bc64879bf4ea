import { defineSlice, none } from '../slice.ts';
import { maintenanceOperations } from './http/maintenance.ts';
import { recordMaintenanceAnswer } from './maintenance.ts';
import { firmwareManifest } from './manifest.ts';
import { createV16MaintenanceHandlers } from './ocpp-16.ts';
import { createV201MaintenanceHandlers } from './ocpp-201.ts';

export const firmwareSlice = defineSlice({
  ...none,
  manifest: firmwareManifest,
  ocpp: { 'ocpp1.6': createV16MaintenanceHandlers, 'ocpp2.0.1': createV201MaintenanceHandlers },
  operations: maintenanceOperations,
  reactions: {
    'ocpp1.6': {
      UpdateFirmware: [recordMaintenanceAnswer],
      SignedUpdateFirmware: [recordMaintenanceAnswer],
      GetDiagnostics: [recordMaintenanceAnswer],
      GetLog: [recordMaintenanceAnswer],
    },
    'ocpp2.0.1': {
      UpdateFirmware: [recordMaintenanceAnswer],
      GetLog: [recordMaintenanceAnswer],
      PublishFirmware: [recordMaintenanceAnswer],
    },
  },
});
