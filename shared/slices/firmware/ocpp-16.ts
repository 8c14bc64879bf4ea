import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordMaintenanceStatus } from './maintenance.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;

/**
 * OCPP 1.6 firmware and diagnostics notifications (core FirmwareStatusNotification and
 * DiagnosticsStatusNotification, security extension SignedFirmwareStatusNotification and LogStatusNotification):
 * each status is stored on the charger and published. Merged into the 1.6 handler map by `ws-default`.
 */
export const createV16MaintenanceHandlers = (
  deps: Pick<Dependencies, 'maintenance' | 'events' | 'clock'>,
): V16 => ({
  FirmwareStatusNotification: async (ctx, req) => {
    await recordMaintenanceStatus(deps, ctx, { kind: 'firmware', status: req.status });
    return {};
  },

  SignedFirmwareStatusNotification: async (ctx, req) => {
    await recordMaintenanceStatus(deps, ctx, {
      kind: 'firmware',
      status: req.status,
      ...(req.requestId !== undefined && { requestId: req.requestId }),
    });
    return {};
  },

  DiagnosticsStatusNotification: async (ctx, req) => {
    await recordMaintenanceStatus(deps, ctx, { kind: 'diagnostics', status: req.status });
    return {};
  },

  LogStatusNotification: async (ctx, req) => {
    await recordMaintenanceStatus(deps, ctx, {
      kind: 'diagnostics',
      status: req.status,
      ...(req.requestId !== undefined && { requestId: req.requestId }),
    });
    return {};
  },
});
