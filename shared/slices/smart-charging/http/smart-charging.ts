import { z } from 'zod';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import type { ChargingProfileReport } from '../model.ts';
import { type EvseSmartCharging, getSmartChargingView } from '../smart-charging-reads.ts';

/**
 * What an OCPP 2.0.1 charger told the CSMS of smart charging, per EVSE: the EV's charging needs and schedule,
 * external limits, and the profiles it reported. Read-only: the charger's messages write it.
 */

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });
const chargingLimitSource = z.enum(['EMS', 'Other', 'SO', 'CSO']);

const chargingSchedulePeriodSchema = z.object({
  startPeriod: z.number().int().meta({ description: 'Seconds from the schedule’s start' }),
  limit: z.number().meta({ description: 'In the schedule’s chargingRateUnit' }),
  numberPhases: z.number().int().optional(),
  phaseToUse: z.number().int().optional(),
});

const chargingScheduleSchema = z
  .object({
    id: z.number().int(),
    startSchedule: z.string().optional(),
    duration: z.number().int().optional(),
    chargingRateUnit: z.enum(['W', 'A']),
    chargingSchedulePeriod: z.array(chargingSchedulePeriodSchema),
    minChargingRate: z.number().optional(),
    salesTariff: z.record(z.string(), z.unknown()).optional().meta({ description: 'As the charger sent it' }),
  })
  .meta({
    id: 'OcppChargingSchedule',
    description: 'An OCPP 2.0.1 ChargingScheduleType, as the charger sent it',
  });

const chargingProfileSchema = z
  .object({
    id: z.number().int(),
    stackLevel: z.number().int(),
    chargingProfilePurpose: z.enum([
      'ChargingStationExternalConstraints',
      'ChargingStationMaxProfile',
      'TxDefaultProfile',
      'TxProfile',
    ]),
    chargingProfileKind: z.enum(['Absolute', 'Recurring', 'Relative']),
    recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    chargingSchedule: z.array(chargingScheduleSchema),
    transactionId: z.string().optional(),
  })
  .meta({
    id: 'OcppChargingProfile',
    description: 'An OCPP 2.0.1 ChargingProfileType, as the charger reported it',
  });

const acParametersSchema = z.object({
  energyAmount: z.number().meta({ description: 'Wh' }),
  evMinCurrent: z.number().meta({ description: 'A' }),
  evMaxCurrent: z.number().meta({ description: 'A' }),
  evMaxVoltage: z.number().meta({ description: 'V' }),
});

const dcParametersSchema = z.object({
  evMaxCurrent: z.number().meta({ description: 'A' }),
  evMaxVoltage: z.number().meta({ description: 'V' }),
  energyAmount: z.number().optional().meta({ description: 'Wh' }),
  evMaxPower: z.number().optional().meta({ description: 'W' }),
  stateOfCharge: z.number().int().optional(),
  evEnergyCapacity: z.number().optional().meta({ description: 'Wh' }),
  fullSoC: z.number().int().optional(),
  bulkSoC: z.number().int().optional(),
});

const chargingNeedsSchema = z.object({
  chargingNeeds: z.object({
    requestedEnergyTransfer: z.enum(['DC', 'AC_single_phase', 'AC_two_phase', 'AC_three_phase']),
    departureTime: z.string().optional(),
    acChargingParameters: acParametersSchema.optional(),
    dcChargingParameters: dcParametersSchema.optional(),
  }),
  maxScheduleTuples: z.number().int().optional(),
  receivedAt: z.string(),
});

const evChargingScheduleSchema = z.object({
  timeBase: z.string().meta({ description: 'The periods are relative to this time, UTC' }),
  chargingSchedule: chargingScheduleSchema,
  receivedAt: z.string(),
});

const externalLimitSchema = z.object({
  chargingLimitSource,
  isGridCritical: z.boolean().optional(),
  chargingSchedule: z.array(chargingScheduleSchema).optional(),
  receivedAt: z.string(),
});

const evseSchema = z
  .object({
    evseId: z.number().int().meta({ description: '0: the charger as a whole (limits and profiles only)' }),
    chargingNeeds: chargingNeedsSchema.optional().meta({
      description: 'The EV’s latest charging needs (NotifyEVChargingNeeds)',
    }),
    evChargingSchedule: evChargingScheduleSchema.optional().meta({
      description: 'The EV’s latest charging schedule (NotifyEVChargingSchedule)',
    }),
    externalLimits: z.array(externalLimitSchema).meta({
      description:
        'Limits of sources outside the CSMS in force, one per source (NotifyChargingLimit until ClearedChargingLimit)',
    }),
    reportedProfiles: z
      .array(z.object({ chargingLimitSource, chargingProfile: chargingProfileSchema }))
      .meta({ description: 'The profiles of the latest complete report (ReportChargingProfiles)' }),
  })
  .meta({ id: 'EvseSmartCharging' });

const reportSchema = z.object({
  requestId: z.number().int(),
  status: z.enum(['inProgress', 'complete']),
  parts: z.number().int(),
  profiles: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});

const smartChargingResponseSchema = z
  .object({
    chargerId: z.string(),
    evses: z.array(evseSchema).meta({ description: 'EVSEs the charger said anything of, by id' }),
    profileReport: reportSchema.optional().meta({
      description: 'The complete charging-profile report the reported profiles come from',
    }),
    reportInProgress: reportSchema.optional().meta({
      description:
        'A charging-profile report whose parts are still arriving (abandoned after an hour without one)',
    }),
  })
  .meta({ id: 'ChargerSmartCharging' });

const toReport = (report: ChargingProfileReport): z.infer<typeof reportSchema> => ({
  requestId: report.requestId,
  status: report.status,
  parts: report.messageIds.length,
  profiles: report.profiles,
  startedAt: report.startedAt,
  updatedAt: report.updatedAt,
  ...(report.finishedAt && { finishedAt: report.finishedAt }),
});

const toEvse = (evse: EvseSmartCharging) => {
  const {
    evseId,
    chargingNeeds: needs,
    evChargingSchedule: schedule,
    externalLimits,
    reportedProfiles,
  } = evse;
  return {
    evseId,
    ...(needs && {
      chargingNeeds: {
        chargingNeeds: needs.chargingNeeds,
        ...(needs.maxScheduleTuples !== undefined && { maxScheduleTuples: needs.maxScheduleTuples }),
        receivedAt: needs.receivedAt,
      },
    }),
    ...(schedule && {
      evChargingSchedule: {
        timeBase: schedule.timeBase,
        chargingSchedule: schedule.chargingSchedule,
        receivedAt: schedule.receivedAt,
      },
    }),
    externalLimits: externalLimits.map((limit) => ({
      chargingLimitSource: limit.chargingLimitSource,
      ...(limit.isGridCritical !== undefined && { isGridCritical: limit.isGridCritical }),
      ...(limit.chargingSchedule && { chargingSchedule: limit.chargingSchedule }),
      receivedAt: limit.receivedAt,
    })),
    reportedProfiles,
  };
};

export const smartChargingOperations = {
  getChargerSmartCharging: defineOperation({
    summary:
      'What the OCPP 2.0.1 charger said of smart charging, per EVSE: the EV’s charging needs and schedule, ' +
      'external limits in force, and the profiles of its latest charging-profile report',
    request: { path: chargerPathSchema },
    responses: {
      200: {
        description: 'Per EVSE (empty until the charger sent any of it)',
        schema: smartChargingResponseSchema,
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const view = await getSmartChargingView(deps, { tenantId: tenant.tenantId, chargerId: path.chargerId });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          evses: view.evses.map(toEvse),
          ...(view.profileReport && { profileReport: toReport(view.profileReport) }),
          ...(view.reportInProgress && { reportInProgress: toReport(view.reportInProgress) }),
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
