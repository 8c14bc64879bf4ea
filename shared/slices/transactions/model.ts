import type { AuditFields } from '../../kernel/model.ts';

export type SessionStatus = 'Active' | 'Completed';

/** One sampled value of a meter reading, version-neutral (1.6 and 2.0.1 share these fields). */
export interface SampledValue {
  readonly value: number;
  /** Absent: `Energy.Active.Import.Register`, as in OCPP. */
  readonly measurand?: string;
  /** Absent: `Wh` for energy measurands, as in OCPP. */
  readonly unit?: string;
  /** Power of ten the value is multiplied by (2.0.1 `unitOfMeasure.multiplier`). */
  readonly multiplier?: number;
  readonly phase?: string;
  readonly location?: string;
  readonly context?: string;
}

/** The values a charger sampled at one moment during a session, from the event numbered `seqNo`. */
export interface SessionMeterValue {
  readonly at: string;
  readonly seqNo: number;
  readonly sampledValues: readonly SampledValue[];
}

/** A register reading of active import energy, in Wh, and the event it came from. */
export interface EnergyReading {
  readonly at: string;
  readonly seqNo: number;
  readonly wh: number;
}

/**
 * What the charger said the EV is doing: 2.0.1 `chargingState`, and the 1.6 connector statuses of a running
 * transaction (`Finishing`: the charging ended, the EV is still plugged in).
 */
export const chargingStates = [
  'Charging',
  'EVConnected',
  'SuspendedEV',
  'SuspendedEVSE',
  'Idle',
  'Finishing',
] as const;
export type ChargingState = (typeof chargingStates)[number];

/** A change of the charging state, at the charger's time. */
export interface ChargingStateChange {
  readonly at: string;
  readonly state: ChargingState;
}

/**
 * What a session keeps of one of its events (the meter values are stored apart): its Started and Ended, and
 * the Updated events that carried news (a token, an EVSE…). Periodic samples are only their meter values.
 */
export interface EventHead {
  readonly eventType: 'Started' | 'Updated' | 'Ended';
  /** The charger's time of the event, UTC ISO-8601 (bounded: never far ahead of the server). */
  readonly at: string;
  readonly seqNo: number;
  readonly evseId?: number;
  readonly connectorId?: number;
  readonly idToken?: string;
  readonly idTokenType?: string;
  readonly stoppedReason?: string;
  readonly remoteStartId?: number;
  readonly chargingState?: ChargingState;
  /** Started: its earliest reading's time (the window includes the readings the Started carried). */
  readonly readingsFrom?: string;
  /** Ended: its latest reading's time (the window includes the readings the Ended carried). */
  readonly readingsTo?: string;
  /** Ended: the identity of its content, to tell a repeat (the same) from a discrepancy (another one). */
  readonly fingerprint?: string;
}

/** A charging session: one transaction of one charger, under a tenant-unique id. */
export interface Session extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS on first sight of the transaction; the charger's id is only unique per charger. */
  readonly sessionId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** The charger's migration cohort when the session began: its billing adds to the cohort's daily totals. */
  readonly cohort?: string;
  /** The charger's transaction id (1.6: the integer the CSMS gave it, as a string; 2.0.1: the charger's own). */
  readonly chargerTransactionId: string;
  readonly status: SessionStatus;
  /** Time of the `Started` event; without one (yet), of the earliest event. */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly stoppedReason?: string;
  readonly evseId?: number;
  readonly connectorId?: number;
  /** The token of the earliest event (by seqNo) that carried one, as the charger sent it. */
  readonly idToken?: string;
  readonly idTokenType?: string;
  readonly remoteStartId?: number;
  /** The id token's driver when the session got its token (see `attributeSession`): kept, whatever changes later. */
  readonly driverId?: string;
  /** The vehicle the session was of, as known when it got its token. */
  readonly vehicleId?: string;
  /** The fleet of that vehicle (else of the driver) then: the fleet whose sessions and reports count it. */
  readonly fleetId?: string;
  /** Last minus first register reading of active import energy, in the session's window. */
  readonly energyWh: number;
  readonly meterStart?: EnergyReading;
  readonly meterStop?: EnergyReading;
  /**
   * The charging state's changes in the window, in time order, each a change from the one before (a repeat of
   * the state adds nothing); absent while the charger reported none. Billing reads parking time from it.
   */
  readonly chargingStates?: readonly ChargingStateChange[];
  /** The events the session is folded from (see `session-fold.ts`); absent on sessions stored before them. */
  readonly heads?: readonly EventHead[];
  /**
   * 1, and one more each time late data changed the session after it ended (a `sessionCorrected` event says
   * so): billing bills the latest.
   */
  readonly version: number;
  /** Optimistic-locking counter: each stored change increments it (1: created). */
  readonly revision: number;
  /**
   * Brought from another CSMS (a migration): history only. It came with no OCPP events, so nothing reacted to it
   * (no billing, no CDR, no load balancing); its cost is the one the other CSMS billed.
   */
  readonly imported?: true;
  /** The imported session's id in the other CSMS (unique per tenant: a re-run imports it once). */
  readonly externalId?: string;
  /** What the other CSMS billed for the imported session, in integer minor units of its currency. */
  readonly importedCost?: { readonly currency: string; readonly total: number };
}
