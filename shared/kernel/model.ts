/** Who made a change: an API key id, or the charger itself for OCPP-driven changes. */
export type Actor = string;

export interface AuditFields {
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly updatedAt: string;
  readonly updatedBy: Actor;
}
