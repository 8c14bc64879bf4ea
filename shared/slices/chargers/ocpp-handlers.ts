import { requireConnectorId } from '../../ocpp/charger-numbers.ts';
import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { installFailSafeAtBoot } from '../load-management/fail-safe.ts';
import { evseOf16, recordChargingStatus16 } from '../transactions/transactions-16.ts';
import {
  receiveDataTransfer,
  recordConnectorStatus,
  recordHeartbeat,
  registerBoot,
} from './charger-messages.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;
type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createChargerHandlers16 = (
  deps: Dependencies,
): Required<Pick<V16, 'BootNotification' | 'DataTransfer' | 'Heartbeat' | 'StatusNotification'>> => ({
  BootNotification: async (ctx, req) => {
    const result = await registerBoot(deps, ctx, {
      vendor: req.chargePointVendor,
      model: req.chargePointModel,
      ...(req.chargePointSerialNumber && { serialNumber: req.chargePointSerialNumber }),
      ...(req.firmwareVersion && { firmwareVersion: req.firmwareVersion }),
    });
    installFailSafeAtBoot(deps, ctx, result);
    return { status: result.status, currentTime: result.currentTime, interval: result.intervalSeconds };
  },

  DataTransfer: async (ctx, req) => receiveDataTransfer(ctx, req),

  Heartbeat: async (ctx) => recordHeartbeat(deps, ctx),

  StatusNotification: async (ctx, req) => {
    const connectorId = requireConnectorId('connectorId', req.connectorId);
    const { statusAt, repeated } = await recordConnectorStatus(deps, ctx, {
      ...evseOf16(connectorId),
      status: req.status,
      ...(req.errorCode !== 'NoError' && { errorCode: req.errorCode }),
      ...(req.info && { info: req.info }),
      ...(req.timestamp && { statusAt: req.timestamp }),
    });
    // 1.6 says whether the EV charges only here: the session keeps it (billing's parking time).
    if (!repeated) await recordChargingStatus16(deps, ctx, { connectorId, status: req.status, at: statusAt });
    return {};
  },
});

export const createChargerHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'BootNotification' | 'DataTransfer' | 'Heartbeat' | 'StatusNotification'>> => ({
  BootNotification: async (ctx, req) => {
    const station = req.chargingStation;
    const result = await registerBoot(deps, ctx, {
      vendor: station.vendorName,
      model: station.model,
      ...(station.serialNumber && { serialNumber: station.serialNumber }),
      ...(station.firmwareVersion && { firmwareVersion: station.firmwareVersion }),
      reason: req.reason,
    });
    installFailSafeAtBoot(deps, ctx, result);
    return { status: result.status, currentTime: result.currentTime, interval: result.intervalSeconds };
  },

  DataTransfer: async (ctx, req) => receiveDataTransfer(ctx, req),

  Heartbeat: async (ctx) => recordHeartbeat(deps, ctx),

  StatusNotification: async (ctx, req) => {
    await recordConnectorStatus(deps, ctx, {
      evseId: requireConnectorId('evseId', req.evseId),
      connectorId: requireConnectorId('connectorId', req.connectorId),
      status: req.connectorStatus,
      statusAt: req.timestamp,
    });
    return {};
  },
});
