import { type ChargerView, silentAfter } from '../chargers/model.ts';

/** What a driver or an operator can expect of a charger or a connector right now. */
export const availabilityStates = ['Available', 'Occupied', 'Faulted', 'Unavailable', 'Offline'] as const;
export type AvailabilityState = (typeof availabilityStates)[number];

/**
 * Why an offline charger is offline: no connection record (`disconnected`), never connected at all (`never-connected`),
 * or a connection record whose charger stopped sending (`silent`: no message within `silentAfter`).
 */
export type OfflineReason = 'never-connected' | 'disconnected' | 'silent';

/** Volts per phase the power figure assumes (a European low-voltage grid, as load management does). */
export const nominalVoltageV = 230;

export interface ConnectorAvailability {
  readonly evseId: number;
  readonly connectorId: number;
  readonly state: AvailabilityState;
  /** The status as the charger last reported it (OCPP 1.6 or 2.0.1 wording). */
  readonly status: string;
  readonly errorCode?: string;
  readonly statusAt: string;
  /** The charger's rated power: a connector of it can draw no more (unknown per connector). */
  readonly maxPowerW?: number;
}

export interface ChargerAvailability {
  readonly chargerId: string;
  readonly siteId?: string;
  readonly state: AvailabilityState;
  readonly online: boolean;
  readonly offlineReason?: OfflineReason;
  /** Last time the charger was heard from, as stored (a connected charger's lags by up to the write interval). */
  readonly lastSeenAt?: string;
  /** maxCurrentA × phases × 230 V, when both are known. */
  readonly maxPowerW?: number;
  /** Connectors that can take a car (EVSE ≥ 1); OCPP 1.6's connector 0 (the charger itself) is folded in. */
  readonly connectors: readonly ConnectorAvailability[];
}

/** An OCPP connector status (1.6: ChargePointStatus; 2.0.1: ConnectorStatusEnumType) as an availability. */
export const connectorState = (status: string): AvailabilityState => {
  switch (status) {
    case 'Available':
      return 'Available';
    // 1.6 splits "in use" into the phases of a session; 2.0.1 says Occupied. A reserved connector is promised to
    // someone: taken for anyone else, and it frees up later, like an occupied one.
    case 'Occupied':
    case 'Preparing':
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Finishing':
    case 'Reserved':
      return 'Occupied';
    case 'Faulted':
      return 'Faulted';
    default:
      // Unavailable, and anything a charger invents: nobody should drive there for it.
      return 'Unavailable';
  }
};

/** Rated power, when the wiring says both current and phases. */
export const maxPowerW = (wiring: { maxCurrentA?: number; phases?: number }): number | undefined =>
  wiring.maxCurrentA === undefined || wiring.phases === undefined
    ? undefined
    : Math.round(wiring.maxCurrentA * wiring.phases * nominalVoltageV);

const offlineReasonOf = (
  view: ChargerView,
  now: Date,
  heartbeatIntervalSeconds: number,
): OfflineReason | undefined => {
  const { connection, charger } = view;
  if (!connection) return charger.lastSeenAt || charger.bootedAt ? 'disconnected' : 'never-connected';
  const deadline = silentAfter(connection.lastSeenAt, heartbeatIntervalSeconds);
  return deadline === undefined || Date.parse(deadline) <= now.getTime() ? 'silent' : undefined;
};

/**
 * The charger as a whole: Offline when it is; otherwise the best any connector offers (one Available connector
 * makes it Available, else one Occupied makes it Occupied, else Faulted if one is); Unavailable when none can
 * take a car or none is known yet.
 */
const chargerState = (connectors: readonly ConnectorAvailability[]): AvailabilityState => {
  for (const state of ['Available', 'Occupied', 'Faulted'] as const)
    if (connectors.some((connector) => connector.state === state)) return state;
  return 'Unavailable';
};

/**
 * Availability of a charger and of each of its connectors, from its record, its connection and its connector
 * statuses (pure: `now` and the heartbeat interval are inputs).
 *
 * - Offline (no connection, or a silent one: see `silentAfter`) makes every connector Offline.
 * - OCPP 1.6's connector 0 is the charger itself: Faulted or Unavailable there makes every connector that would
 *   be Available take that state (a running session keeps its connector Occupied).
 */
export const chargerAvailability = (
  view: ChargerView,
  now: Date,
  heartbeatIntervalSeconds: number,
): ChargerAvailability => {
  const { charger, connection } = view;
  const power = maxPowerW(charger);
  const offlineReason = offlineReasonOf(view, now, heartbeatIntervalSeconds);
  const whole = view.connectors.find((c) => c.evseId === 0);
  const wholeState = whole && connectorState(whole.status);
  const override = wholeState === 'Faulted' || wholeState === 'Unavailable' ? wholeState : undefined;
  const connectors = view.connectors
    .filter((c) => c.evseId > 0)
    .map((c): ConnectorAvailability => {
      const own = connectorState(c.status);
      const state: AvailabilityState = offlineReason
        ? 'Offline'
        : override && own === 'Available'
          ? override
          : own;
      return {
        evseId: c.evseId,
        connectorId: c.connectorId,
        state,
        status: c.status,
        ...(c.errorCode && c.errorCode !== 'NoError' && { errorCode: c.errorCode }),
        statusAt: c.statusAt,
        ...(power !== undefined && { maxPowerW: power }),
      };
    });
  const lastSeenAt = connection?.lastSeenAt ?? charger.lastSeenAt;
  return {
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    state: offlineReason ? 'Offline' : (override ?? chargerState(connectors)),
    online: offlineReason === undefined,
    ...(offlineReason && { offlineReason }),
    ...(lastSeenAt && { lastSeenAt }),
    ...(power !== undefined && { maxPowerW: power }),
    connectors,
  };
};

export type StateCounts = Readonly<Record<AvailabilityState, number>> & { readonly total: number };

export interface AvailabilitySummary {
  readonly chargers: StateCounts;
  readonly connectors: StateCounts;
  /** Summed rated power of the Available connectors' chargers, once per charger (W; chargers of known wiring). */
  readonly availablePowerW: number;
}

const countStates = (states: readonly AvailabilityState[]): StateCounts => {
  const counts = Object.fromEntries(availabilityStates.map((state) => [state, 0])) as Record<
    AvailabilityState,
    number
  >;
  for (const state of states) counts[state] += 1;
  return { total: states.length, ...counts };
};

/** Counts of chargers and connectors per state. */
export const summarizeAvailability = (chargers: readonly ChargerAvailability[]): AvailabilitySummary => ({
  chargers: countStates(chargers.map((charger) => charger.state)),
  connectors: countStates(chargers.flatMap((charger) => charger.connectors.map((c) => c.state))),
  availablePowerW: chargers
    .filter((charger) => charger.state === 'Available')
    .reduce((sum, charger) => sum + (charger.maxPowerW ?? 0), 0),
});
