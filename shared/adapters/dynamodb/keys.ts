/**
 * Every DynamoDB key of the single table. Tenant first, always — in GSI keys too — so that an IAM
 * `dynamodb:LeadingKeys` condition can confine a tenant, and partitions are per charger, never per tenant.
 */
const SEP = '#';

/** Ids become key segments; a separator inside one would let it forge another tenant's key. */
const segment = (name: string, value: string): string => {
  if (value.length === 0 || value.includes(SEP)) {
    throw new Error(`invalid ${name} for a key: ${JSON.stringify(value)}`);
  }
  return value;
};

const tenantPrefix = (tenantId: string): string => `TENANT${SEP}${segment('tenantId', tenantId)}`;

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** Reserved tenant holding platform-level records; ULID tenant ids can never contain `_`. */
export const platformTenantId = '_platform';

export const keys = {
  tenant: (tenantId: string): ItemKey => ({ PK: tenantPrefix(tenantId), SK: 'TENANT' }),

  apiKey: (tenantId: string, keyId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}APIKEY${SEP}${segment('keyId', keyId)}`,
    SK: 'APIKEY',
  }),

  chargerPartition: (tenantId: string, chargerId: string): string =>
    `${tenantPrefix(tenantId)}${SEP}CS${SEP}${segment('chargerId', chargerId)}`,

  charger: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'CS',
  }),

  /** The charger's current WebSocket connection; expires by TTL if `$disconnect` never arrives. */
  connection: (tenantId: string, chargerId: string): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: 'CONN',
  }),

  connector: (tenantId: string, chargerId: string, evseId: number, connectorId: number): ItemKey => ({
    PK: keys.chargerPartition(tenantId, chargerId),
    SK: `${keys.connectorPrefix}${evseId}${SEP}CONN${SEP}${connectorId}`,
  }),

  connectorPrefix: `EVSE${SEP}`,

  /** Charger listing index: all chargers of a tenant, sorted by site so one site is a range query. */
  chargerIndex: (tenantId: string, chargerId: string, siteId: string | undefined) => ({
    GSI1PK: keys.chargerIndexPartition(tenantId),
    GSI1SK: siteId
      ? `${keys.siteIndexPrefix(siteId)}CS${SEP}${segment('chargerId', chargerId)}`
      : `CS${SEP}${segment('chargerId', chargerId)}`,
  }),

  chargerIndexPartition: (tenantId: string): string => `${tenantPrefix(tenantId)}${SEP}CHARGERS`,

  siteIndexPrefix: (siteId: string): string => `SITE${SEP}${segment('siteId', siteId)}${SEP}`,

  transaction: (tenantId: string, transactionId: string): ItemKey => ({
    PK: `${tenantPrefix(tenantId)}${SEP}TX${SEP}${segment('transactionId', transactionId)}`,
    SK: 'TX',
  }),

  /** Marks a finished transaction as waiting for the billing workflow to price it. */
  pendingBilling: (tenantId: string, transactionId: string): ItemKey => ({
    PK: keys.transaction(tenantId, transactionId).PK,
    SK: 'BILLING',
  }),
} as const;
