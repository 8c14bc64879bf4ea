import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordNotifiedEvents } from './device-events.ts';
import { recordReportPart } from './device-model-reports.ts';
import { recordMonitoringReportPart } from './device-monitoring.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createDeviceModelHandlers201 = (
  deps: Dependencies,
): Required<Pick<V201, 'NotifyReport' | 'NotifyEvent' | 'NotifyMonitoringReport'>> => ({
  NotifyReport: async (ctx, req) => {
    await recordReportPart(deps, ctx, req);
    return {};
  },

  NotifyEvent: async (ctx, req) => {
    await recordNotifiedEvents(deps, ctx, req);
    return {};
  },

  // Empty whatever happens (unknown request id, part after the end): the response has no fields.
  NotifyMonitoringReport: async (ctx, req) => {
    await recordMonitoringReportPart(deps, ctx, req);
    return {};
  },
});
