import type { Dependencies } from '../dependencies.ts';
import type { Session } from '../transactions/model.ts';
import { listFleetSessions } from '../transactions/sessions.ts';
import { aggregateFleetReport, type FleetReportRow, monthStart, nextMonth } from './fleet-report.ts';
import type { Fleet } from './model.ts';

type Deps<K extends keyof Dependencies> = Pick<Dependencies, K>;

/** Sessions read per page of the fleet's index while a report is built. */
const pageSize = 100;

export interface FleetMonthlyReport {
  readonly fleet: Fleet;
  readonly from: string;
  readonly to: string;
  readonly rows: readonly (FleetReportRow & { readonly licencePlate?: string })[];
}

/**
 * The fleet's sessions that started in the months `from` to `to` (`YYYY-MM`, UTC, both included), read through
 * the fleet's index, with what billing priced, aggregated per month, vehicle (else driver) and currency; each
 * vehicle's row names its licence plate as it is now. Undefined: no such fleet.
 */
export const fleetMonthlyReport = async (
  deps: Deps<'fleets' | 'sessions' | 'billing' | 'vehicles'>,
  input: { tenantId: string; fleetId: string; from: string; to: string },
): Promise<FleetMonthlyReport | undefined> => {
  const fleet = await deps.fleets.get(input.tenantId, input.fleetId);
  if (!fleet) return undefined;
  const sessions: Session[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFleetSessions(deps, {
      tenantId: input.tenantId,
      fleetId: input.fleetId,
      from: monthStart(input.from),
      to: monthStart(nextMonth(input.to)),
      limit: pageSize,
      ...(cursor && { cursor }),
    });
    sessions.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const reported = [];
  for (let i = 0; i < sessions.length; i += pageSize) {
    const chunk = sessions.slice(i, i + pageSize);
    const ledgers = await Promise.all(
      chunk.map((session) => deps.billing.getLedger(input.tenantId, session.sessionId)),
    );
    reported.push(
      ...chunk.map((session, j) => {
        const cost = ledgers[j]?.cost;
        return {
          startedAt: session.startedAt,
          energyWh: session.energyWh,
          ...(session.driverId !== undefined && { driverId: session.driverId }),
          ...(session.vehicleId !== undefined && { vehicleId: session.vehicleId }),
          ...(cost && { cost }),
        };
      }),
    );
  }
  const rows = aggregateFleetReport(reported);
  const vehicleIds = [...new Set(rows.flatMap((row) => (row.vehicleId ? [row.vehicleId] : [])))];
  const vehicles = await Promise.all(vehicleIds.map((id) => deps.vehicles.get(input.tenantId, id)));
  const plates = new Map(
    vehicles.flatMap((vehicle) =>
      vehicle?.licencePlate ? [[vehicle.vehicleId, vehicle.licencePlate] as const] : [],
    ),
  );
  return {
    fleet,
    from: input.from,
    to: input.to,
    rows: rows.map((row) => {
      const licencePlate = row.vehicleId && plates.get(row.vehicleId);
      return licencePlate ? { ...row, licencePlate } : row;
    }),
  };
};
