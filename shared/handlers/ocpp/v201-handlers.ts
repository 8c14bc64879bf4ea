import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import { authorizeIdToken } from '../../slices/authorization/id-tokens.ts';
import {
  recordConnectorStatus,
  recordHeartbeat,
  registerBoot,
} from '../../slices/chargers/charger-messages.ts';
import type { Dependencies } from '../../slices/dependencies.ts';
import { recordTransactionEvent201, toIdTokenInfo } from '../../slices/transactions/transactions-201.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createV201Handlers = (deps: Dependencies): V201 => ({
  Authorize: async (ctx, req) => {
    const authorization = await authorizeIdToken(deps, {
      tenantId: ctx.tenantId,
      idToken: req.idToken.idToken,
      type: req.idToken.type,
      now: deps.clock.now(),
    });
    return { idTokenInfo: toIdTokenInfo(authorization) };
  },

  BootNotification: async (ctx, req) => {
    const station = req.chargingStation;
    const result = await registerBoot(deps, ctx, {
      vendor: station.vendorName,
      model: station.model,
      ...(station.serialNumber && { serialNumber: station.serialNumber }),
      ...(station.firmwareVersion && { firmwareVersion: station.firmwareVersion }),
      reason: req.reason,
    });
    return { status: result.status, currentTime: result.currentTime, interval: result.intervalSeconds };
  },

  Heartbeat: async (ctx) => recordHeartbeat(deps, ctx),

  StatusNotification: async (ctx, req) => {
    await recordConnectorStatus(deps, ctx, {
      evseId: req.evseId,
      connectorId: req.connectorId,
      status: req.connectorStatus,
      statusAt: req.timestamp,
    });
    return {};
  },

  TransactionEvent: async (ctx, req) => recordTransactionEvent201(deps, ctx, req),
});
