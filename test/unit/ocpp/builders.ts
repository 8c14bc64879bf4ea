import type { IncomingResponseSink, OcppContext, OcppLogger } from '../../../shared/ocpp/dispatcher.ts';
import type { BootNotificationRequest as BootNotification16 } from '../../../shared/ocpp/generated/ocpp16.ts';
import type { BootNotificationRequest as BootNotification201 } from '../../../shared/ocpp/generated/ocpp201.ts';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';

export const aBootNotification16 = (overrides: Partial<BootNotification16> = {}): BootNotification16 => ({
  chargePointVendor: 'Acme',
  chargePointModel: 'Wallbox-22',
  chargePointSerialNumber: 'SN-0001',
  firmwareVersion: '1.4.2',
  ...overrides,
});

export const aBootNotification201 = (overrides: Partial<BootNotification201> = {}): BootNotification201 => ({
  reason: 'PowerUp',
  chargingStation: {
    vendorName: 'Acme',
    model: 'Wallbox-22',
    serialNumber: 'SN-0001',
    firmwareVersion: '1.4.2',
  },
  ...overrides,
});

export const aConnection = (
  overrides: Partial<Omit<OcppContext, 'messageId'>> = {},
): Omit<OcppContext, 'messageId'> => ({
  tenantId: 'tenant-a',
  chargerId: 'cp-1',
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  receivedAt: '2024-05-01T12:00:00.000Z',
  correlationId: 'corr-1',
  ...overrides,
});

export const aCall = (action: string, payload: unknown, messageId = 'msg-1'): string =>
  JSON.stringify([2, messageId, action, payload]);

/** The boot notification of a version, as a CALL frame. */
export const aBootCall = (version: OcppVersion, messageId = 'msg-1'): string =>
  aCall(
    'BootNotification',
    version === 'ocpp1.6' ? aBootNotification16() : aBootNotification201(),
    messageId,
  );

/** Records what the dispatcher forwards of answers to our own calls. */
export const aRecordingSink = () => {
  const results: { ctx: OcppContext; payload: Record<string, unknown> }[] = [];
  const errors: { ctx: OcppContext; error: { code: string; description: string; details: unknown } }[] = [];
  const sink: IncomingResponseSink = {
    onCallResult: async (ctx, payload) => {
      results.push({ ctx, payload });
    },
    onCallError: async (ctx, error) => {
      errors.push({ ctx, error });
    },
  };
  return { sink, results, errors };
};

export const aRecordingLogger = () => {
  const entries: { level: 'warn' | 'error'; message: string; attributes?: Record<string, unknown> }[] = [];
  const logger: OcppLogger = {
    warn: (message, attributes) => entries.push({ level: 'warn', message, attributes }),
    error: (message, attributes) => entries.push({ level: 'error', message, attributes }),
  };
  return { logger, entries };
};
