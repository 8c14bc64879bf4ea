import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import {
  type ChargerMessageContext,
  recordConnectorStatus,
  recordHeartbeat,
  registerBoot,
} from '../../slices/chargers/charger-messages.ts';
import type { Dependencies } from '../../slices/dependencies.ts';
import { recordSecurityEvent, requestCertificateSigning } from '../../slices/security/charger-security.ts';
import {
  authorize16,
  evseOf16,
  recordMeterValues16,
  startTransaction16,
  stopTransaction16,
} from '../../slices/transactions/transactions-16.ts';
import { logger } from '../logger.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;

const logAttributes = (ctx: ChargerMessageContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  messageId: ctx.messageId,
  correlationId: ctx.correlationId,
});

export const createV16Handlers = (deps: Dependencies): V16 => ({
  Authorize: async (ctx, req) => authorize16(deps, ctx, req.idTag),

  BootNotification: async (ctx, req) => {
    const result = await registerBoot(deps, ctx, {
      vendor: req.chargePointVendor,
      model: req.chargePointModel,
      ...(req.chargePointSerialNumber && { serialNumber: req.chargePointSerialNumber }),
      ...(req.firmwareVersion && { firmwareVersion: req.firmwareVersion }),
    });
    return { status: result.status, currentTime: result.currentTime, interval: result.intervalSeconds };
  },

  /**
   * No vendor extension is implemented, so every vendor is unknown (as OCPP asks); logged, not published: an
   * event would make a contract of payloads nobody here understands.
   */
  DataTransfer: async (ctx, req) => {
    logger.info('DataTransfer of an unknown vendor', {
      ...logAttributes(ctx),
      vendorId: req.vendorId,
      ...(req.messageId !== undefined && { dataTransferMessageId: req.messageId }),
      dataLength: req.data?.length ?? 0,
    });
    return { status: 'UnknownVendorId' };
  },

  Heartbeat: async (ctx) => recordHeartbeat(deps, ctx),

  MeterValues: async (ctx, req) => {
    const { sessionId } = await recordMeterValues16(deps, ctx, req);
    if (!sessionId && req.transactionId !== undefined)
      logger.warn('MeterValues of a transaction without a session; not kept', {
        ...logAttributes(ctx),
        transactionId: req.transactionId,
      });
    return {};
  },

  SecurityEventNotification: async (ctx, req) => {
    await recordSecurityEvent(deps, ctx, req);
    return {};
  },

  SignCertificate: async (ctx, req) => requestCertificateSigning(deps, ctx, { csr: req.csr }),

  StartTransaction: async (ctx, req) => {
    const { sessionId: _, ...response } = await startTransaction16(deps, ctx, req);
    return response;
  },

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

  StopTransaction: async (ctx, req) => {
    const { sessionId, ...response } = await stopTransaction16(deps, ctx, req);
    if (!sessionId)
      logger.warn('StopTransaction of a transaction without a session; not kept', {
        ...logAttributes(ctx),
        transactionId: req.transactionId,
      });
    return response;
  },
});
