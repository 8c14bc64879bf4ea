/** One configuration key as the charger last reported it (OCPP 1.6 GetConfiguration) or accepted a change. */
export interface ReportedConfigurationKey {
  readonly value?: string;
  readonly readonly: boolean;
  readonly reportedAt: string;
}

/** What a charger told about its configuration, merged by key over its answers. */
export interface ChargerConfiguration {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly keys: Readonly<Record<string, ReportedConfigurationKey>>;
  /** Keys the charger said it does not know (GetConfiguration `unknownKey`), sorted. */
  readonly unknownKeys: readonly string[];
  readonly updatedAt: string;
  /** Optimistic-locking counter: each stored change increments it (1: created). */
  readonly revision: number;
}
