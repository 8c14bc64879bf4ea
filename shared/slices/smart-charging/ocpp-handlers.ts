import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  clearChargingLimit,
  recordChargingLimit,
  recordEvChargingNeeds,
  recordEvChargingSchedule,
} from './charger-inputs.ts';
import { recordChargingProfilesPart } from './charging-profile-reports.ts';

type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createSmartChargingHandlers201 = (
  deps: Dependencies,
): Required<
  Pick<
    V201,
    | 'NotifyEVChargingNeeds'
    | 'NotifyEVChargingSchedule'
    | 'NotifyChargingLimit'
    | 'ClearedChargingLimit'
    | 'ReportChargingProfiles'
  >
> => ({
  NotifyEVChargingNeeds: (ctx, req) => recordEvChargingNeeds(deps, ctx, req),

  NotifyEVChargingSchedule: (ctx, req) => recordEvChargingSchedule(deps, ctx, req),

  NotifyChargingLimit: async (ctx, req) => {
    await recordChargingLimit(deps, ctx, req);
    return {};
  },

  ClearedChargingLimit: async (ctx, req) => {
    await clearChargingLimit(deps, ctx, req);
    return {};
  },

  ReportChargingProfiles: async (ctx, req) => {
    await recordChargingProfilesPart(deps, ctx, req);
    return {};
  },
});
