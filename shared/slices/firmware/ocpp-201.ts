import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import { OcppOccurrenceConstraintViolation } from '../../ocpp/errors.ts';
import type { PublishFirmwareStatusNotificationRequest } from '../../ocpp/generated/ocpp201.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordMaintenanceStatus } from './maintenance.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

/**
 * The locations of a PublishFirmwareStatusNotification. OCPP 2.0.1 requires them with `Published` (the schema
 * cannot say so): without them it is an OccurrenceConstraintViolation and nothing is stored.
 */
export const publishedLocationsOf = (
  request: PublishFirmwareStatusNotificationRequest,
): readonly string[] | undefined => {
  if (request.status === 'Published' && !request.location?.length)
    throw new OcppOccurrenceConstraintViolation('location is required when status is Published', {
      field: 'location',
    });
  return request.location;
};

/**
 * OCPP 2.0.1 firmware and log notifications (functional blocks L and N): the same use case as the 1.6 ones; each
 * status is stored on the charger with the request id it names, and published. A local controller's
 * PublishFirmwareStatusNotification is a kind of its own (`firmwarePublication`), with the locations it serves the
 * firmware at. Registered by the firmware slice.
 */
export const createV201MaintenanceHandlers = (
  deps: Pick<Dependencies, 'maintenance' | 'events' | 'clock'>,
): Required<
  Pick<V201, 'FirmwareStatusNotification' | 'PublishFirmwareStatusNotification' | 'LogStatusNotification'>
> => ({
  FirmwareStatusNotification: async (ctx, req) => {
    await recordMaintenanceStatus(deps, ctx, {
      kind: 'firmware',
      status: req.status,
      ...(req.requestId !== undefined && { requestId: req.requestId }),
    });
    return {};
  },

  PublishFirmwareStatusNotification: async (ctx, req) => {
    const locations = publishedLocationsOf(req);
    await recordMaintenanceStatus(deps, ctx, {
      kind: 'firmwarePublication',
      status: req.status,
      ...(req.requestId !== undefined && { requestId: req.requestId }),
      ...(locations && { locations }),
    });
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
