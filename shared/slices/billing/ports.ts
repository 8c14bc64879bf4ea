export interface BillingRepository {
  /**
   * Records a finished session awaiting pricing; returns false if it was already recorded. With a
   * `sessionVersion`, a record of an older version still awaiting pricing is replaced (a correction came before
   * pricing); a priced one is left to billing's credit and rebill.
   */
  recordPending(record: {
    tenantId: string;
    sessionId: string;
    chargerId: string;
    energyWh: number;
    endedAt: string;
    recordedAt: string;
    sessionVersion?: number;
  }): Promise<boolean>;
}

/** What the billing slice adds to the dependencies. */
export interface BillingDependencies {
  readonly billing: BillingRepository;
}
