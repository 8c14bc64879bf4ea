import type { Dependencies } from '../../domain/dependencies.ts';
import {
  recordConnectorStatus,
  recordHeartbeat,
  registerBoot,
} from '../../domain/use-cases/charger-messages.ts';
import type { OcppHandlers } from '../../ocpp/dispatcher.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;

/** OCPP 1.6 has no EVSE level: connector n is EVSE n with one connector, connector 0 the charger itself. */
const evseOf16 = (connectorId: number) => ({ evseId: connectorId, connectorId: connectorId === 0 ? 0 : 1 });

export const createV16Handlers = (deps: Dependencies): V16 => ({
  BootNotification: async (ctx, req) => {
    const result = await registerBoot(deps, ctx, {
      vendor: req.chargePointVendor,
      model: req.chargePointModel,
      ...(req.chargePointSerialNumber && { serialNumber: req.chargePointSerialNumber }),
      ...(req.firmwareVersion && { firmwareVersion: req.firmwareVersion }),
    });
    return { status: result.status, currentTime: result.currentTime, interval: result.intervalSeconds };
  },

  Heartbeat: async (ctx) => recordHeartbeat(deps, ctx),

  StatusNotification: async (ctx, req) => {
    await recordConnectorStatus(deps, ctx, {
      ...evseOf16(req.connectorId),
      status: req.status,
      ...(req.errorCode !== 'NoError' && { errorCode: req.errorCode }),
      ...(req.info && { info: req.info }),
      ...(req.timestamp && { statusAt: req.timestamp }),
    });
    return {};
  },
});
