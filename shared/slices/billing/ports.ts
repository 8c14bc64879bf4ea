export interface BillingRepository {
  /** Records a finished session awaiting pricing; returns false if it was already recorded. */
  recordPending(record: {
    tenantId: string;
    sessionId: string;
    chargerId: string;
    energyWh: number;
    endedAt: string;
    recordedAt: string;
  }): Promise<boolean>;
}

/** What the billing slice adds to the dependencies. */
export interface BillingDependencies {
  readonly billing: BillingRepository;
}
