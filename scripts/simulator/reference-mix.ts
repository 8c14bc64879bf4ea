import { defaultHeartbeatIntervalSeconds } from '../../shared/config.ts';

/**
 * The reference mix: what one charger does on an ordinary day. The simulator behaves like this, the benchmark
 * runs it and the cost model prices it; this file is the one place that defines it.
 *
 * - Heartbeat at the interval the CSMS returns at boot (540 s, the default of `HEARTBEAT_INTERVAL_SECONDS`),
 *   sent also while other messages flow (allowed to skip in OCPP, but many chargers do not: the costlier case).
 * - 4 sessions a day of 45 minutes each (a 12.5 % duty cycle), each: Authorize, StatusNotification
 *   (Occupied / Charging), transaction start, meter values every 60 s, transaction end, StatusNotification
 *   (Available). 2.0.1: TransactionEvent Started / Updated / Ended; 1.6: StartTransaction / MeterValues /
 *   StopTransaction.
 * - API Gateway cuts every connection after 2 hours: 12 reconnects a day, without a BootNotification.
 * - 1 BootNotification a month (power cut, firmware update), with a StatusNotification per connector.
 * - 1 command a day from the operator through the tenant API (SetChargingProfile), answered by the charger.
 */
export interface ReferenceMix {
  readonly heartbeatIntervalSeconds: number;
  readonly sessionsPerDay: number;
  readonly sessionMinutes: number;
  readonly meterValueIntervalSeconds: number;
  readonly connectionHours: number;
  readonly bootsPerMonth: number;
  readonly connectorsPerCharger: number;
  readonly commandsPerDay: number;
}

export const referenceMix: ReferenceMix = {
  heartbeatIntervalSeconds: defaultHeartbeatIntervalSeconds,
  sessionsPerDay: 4,
  sessionMinutes: 45,
  meterValueIntervalSeconds: 60,
  connectionHours: 2,
  bootsPerMonth: 1,
  connectorsPerCharger: 1,
  commandsPerDay: 1,
};

/** Average month: 365.25 / 12 days. */
export const daysPerMonth = 30.4375;

/**
 * Version-neutral kinds of work the CSMS does for a charger. The benchmark measures the cost of one of each;
 * the cost model multiplies by how many the mix has.
 */
export const messageKinds = [
  'Heartbeat',
  'StatusNotification',
  'Authorize',
  'TransactionStarted',
  'MeterValues',
  'TransactionEnded',
  'BootNotification',
  'Connect',
  'Disconnect',
  'Command',
] as const;

export type MessageKind = (typeof messageKinds)[number];

/** Connect and Disconnect are connection events, Command an API request with the charger's answer. */
export const ocppMessageKinds: readonly MessageKind[] = messageKinds.filter(
  (kind) => kind !== 'Connect' && kind !== 'Disconnect' && kind !== 'Command',
);

/** How many of each kind one charger causes per day at `mix`. */
export const perChargerDay = (mix: ReferenceMix = referenceMix): Record<MessageKind, number> => {
  const meterValuesPerSession = Math.max(0, (mix.sessionMinutes * 60) / mix.meterValueIntervalSeconds - 1);
  const bootsPerDay = mix.bootsPerMonth / daysPerMonth;
  return {
    Heartbeat: 86_400 / mix.heartbeatIntervalSeconds,
    StatusNotification: mix.sessionsPerDay * 2 + bootsPerDay * mix.connectorsPerCharger,
    Authorize: mix.sessionsPerDay,
    TransactionStarted: mix.sessionsPerDay,
    MeterValues: mix.sessionsPerDay * meterValuesPerSession,
    TransactionEnded: mix.sessionsPerDay,
    BootNotification: bootsPerDay,
    Connect: 24 / mix.connectionHours,
    Disconnect: 24 / mix.connectionHours,
    Command: mix.commandsPerDay,
  };
};

/** OCPP messages the charger sends per day (a command adds its answer, a CALLRESULT). */
export const ocppMessagesPerChargerDay = (mix: ReferenceMix = referenceMix): number => {
  const counts = perChargerDay(mix);
  return ocppMessageKinds.reduce((sum, kind) => sum + counts[kind], 0) + counts.Command;
};

/** Share of the time a charger is charging. */
export const dutyCycle = (mix: ReferenceMix = referenceMix): number =>
  Math.min(1, (mix.sessionsPerDay * mix.sessionMinutes) / (24 * 60));
