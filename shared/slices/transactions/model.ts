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

/** Where an event stands in a transaction: by the charger's timestamp, then by its sequence number. */
export interface EventPosition {
  readonly at: string;
  readonly seqNo: number;
}

/** A charging session: one transaction of one charger, under a tenant-unique id. */
export interface Session extends AuditFields {
  readonly tenantId: string;
  /** ULID given by the CSMS on first sight of the transaction; the charger's id is only unique per charger. */
  readonly sessionId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** The charger's transaction id (1.6: the integer the CSMS gave it, as a string; 2.0.1: the charger's own). */
  readonly chargerTransactionId: string;
  readonly status: SessionStatus;
  /** Time of the earliest event of the transaction (the `Started` one, when the charger follows OCPP). */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly stoppedReason?: string;
  readonly evseId?: number;
  readonly connectorId?: number;
  /** The token of the earliest event that carried one, as the charger sent it. */
  readonly idToken?: string;
  readonly idTokenType?: string;
  /** Which event `idToken` came from, so that a late earlier event can replace it. */
  readonly idTokenFrom?: EventPosition;
  readonly remoteStartId?: number;
  /** Last minus first register reading of active import energy. */
  readonly energyWh: number;
  readonly meterStart?: EnergyReading;
  readonly meterStop?: EnergyReading;
  /** Optimistic-locking counter: each stored change increments it (1: created). */
  readonly revision: number;
}
