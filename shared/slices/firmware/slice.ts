import { defineSlice, none } from '../slice.ts';
import { maintenanceOperations } from './http/maintenance.ts';
import { recordMaintenanceAnswer } from './maintenance.ts';
import { firmwareManifest } from './manifest.ts';
import { createV16MaintenanceHandlers } from './ocpp-16.ts';

export const firmwareSlice = defineSlice({
  ...none,
  manifest: firmwareManifest,
  ocpp: { ...none.ocpp, 'ocpp1.6': createV16MaintenanceHandlers },
  operations: maintenanceOperations,
  reactions: {
    ...none.reactions,
    'ocpp1.6': {
      UpdateFirmware: [recordMaintenanceAnswer],
      SignedUpdateFirmware: [recordMaintenanceAnswer],
      GetDiagnostics: [recordMaintenanceAnswer],
      GetLog: [recordMaintenanceAnswer],
    },
  },
});
