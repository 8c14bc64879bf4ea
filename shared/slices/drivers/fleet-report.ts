import { Decimal as BaseDecimal } from 'decimal.js';

/** A decimal of its own configuration: other users of decimal.js cannot change ours. */
const Decimal = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_UP });
type Decimal = InstanceType<typeof Decimal>;

/** What the monthly fleet report reads of one session. */
export interface ReportedSession {
  /** UTC ISO-8601; the session counts in the month it started in (UTC). */
  readonly startedAt: string;
  readonly driverId?: string;
  readonly vehicleId?: string;
  readonly energyWh: number;
  /** What billing priced, in integer minor units; absent while not billed. */
  readonly cost?: {
    readonly currency: string;
    readonly totalExclVat: number;
    readonly totalVat: number;
    readonly totalInclVat: number;
  };
}

/**
 * One row of the report: a month, a vehicle (or, for sessions without a vehicle, the driver; neither for a
 * session of nobody known) and a currency (none for the sessions not billed yet).
 */
export interface FleetReportRow {
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly vehicleId?: string;
  /** Only on rows without a vehicle: the driver whose sessions had none. */
  readonly driverId?: string;
  readonly sessions: number;
  /** Exact sum of the sessions' energy, in kWh to the Wh. */
  readonly energyKwh: number;
  readonly currency?: string;
  /** Integer minor units of `currency`: sums of the billed costs, exact. */
  readonly totalExclVat?: number;
  readonly totalVat?: number;
  readonly totalInclVat?: number;
}

/** The first instant of `month` (`YYYY-MM`), UTC ISO-8601 as sessions' start times are written. */
export const monthStart = (month: string): string => `${month}-01T00:00:00.000Z`;

/** The month after `month` (`YYYY-MM`). */
export const nextMonth = (month: string): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12
    ? `${String(year + 1).padStart(4, '0')}-01`
    : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
};

const exactSum = (a: number, b: number): number => {
  const sum = a + b;
  // Minor units are integers; above 2^53 a sum of them would no longer be exact.
  if (!Number.isSafeInteger(sum)) throw new RangeError(`amount sum ${a} + ${b} is not a safe integer`);
  return sum;
};

interface Group {
  month: string;
  vehicleId?: string;
  driverId?: string;
  currency?: string;
  sessions: number;
  energyWh: Decimal;
  totalExclVat: number;
  totalVat: number;
  totalInclVat: number;
}

const compare = (a: string | undefined, b: string | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1;

/**
 * The monthly report of a fleet's sessions: a row per month, vehicle (else driver) and currency, in that order
 * (rows without a vehicle, driver or currency last in their group). Energy is summed as decimals, money as
 * integers of minor units: never floating-point sums.
 */
export const aggregateFleetReport = (sessions: readonly ReportedSession[]): FleetReportRow[] => {
  const groups = new Map<string, Group>();
  for (const session of sessions) {
    const month = session.startedAt.slice(0, 7);
    const vehicleId = session.vehicleId;
    const driverId = vehicleId === undefined ? session.driverId : undefined;
    const currency = session.cost?.currency;
    const key = JSON.stringify([month, vehicleId ?? null, driverId ?? null, currency ?? null]);
    const group = groups.get(key) ?? {
      month,
      ...(vehicleId !== undefined && { vehicleId }),
      ...(driverId !== undefined && { driverId }),
      ...(currency !== undefined && { currency }),
      sessions: 0,
      energyWh: new Decimal(0),
      totalExclVat: 0,
      totalVat: 0,
      totalInclVat: 0,
    };
    group.sessions += 1;
    group.energyWh = group.energyWh.plus(session.energyWh);
    if (session.cost) {
      group.totalExclVat = exactSum(group.totalExclVat, session.cost.totalExclVat);
      group.totalVat = exactSum(group.totalVat, session.cost.totalVat);
      group.totalInclVat = exactSum(group.totalInclVat, session.cost.totalInclVat);
    }
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        compare(a.month, b.month) ||
        compare(a.vehicleId, b.vehicleId) ||
        compare(a.driverId, b.driverId) ||
        compare(a.currency, b.currency),
    )
    .map((group) => ({
      month: group.month,
      ...(group.vehicleId !== undefined && { vehicleId: group.vehicleId }),
      ...(group.driverId !== undefined && { driverId: group.driverId }),
      sessions: group.sessions,
      energyKwh: group.energyWh.div(1000).toDecimalPlaces(3).toNumber(),
      ...(group.currency !== undefined && {
        currency: group.currency,
        totalExclVat: group.totalExclVat,
        totalVat: group.totalVat,
        totalInclVat: group.totalInclVat,
      }),
    }));
};
