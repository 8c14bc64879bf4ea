import type { OcppVersion } from '../../ocpp/versions.ts';
import { listChargers } from '../chargers/chargers.ts';
import type { ChargerView } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';

/** One charger in the fleet audit: what it told us at boot, and whether it ever came. */
export interface FleetCharger {
  readonly chargerId: string;
  readonly siteId?: string;
  readonly cohort?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly firmwareVersion?: string;
  readonly ocppVersion?: OcppVersion;
  /**
   * The OCPP security profile the charger connects with: 1 (Basic auth over ws://) or 2 (Basic auth over TLS,
   * wss://), from the endpoint the CSMS serves; profile 3 (client certificates) is not offered.
   */
  readonly securityProfile: 1 | 2;
  readonly online: boolean;
  readonly lastBootAt?: string;
  readonly lastSeenAt?: string;
  /** Provisioned but never connected: no boot, never seen. */
  readonly neverConnected: boolean;
}

/** How many chargers have each value (`unknown`: not reported yet). */
export type Counts = Record<string, number>;

export interface FleetSummary {
  readonly chargers: number;
  readonly online: number;
  readonly neverConnected: number;
  readonly byVendor: Counts;
  readonly byModel: Counts;
  readonly byFirmwareVersion: Counts;
  readonly byOcppVersion: Counts;
}

export const securityProfileOf = (ocppBaseUrl: string): 1 | 2 => (/^wss:/i.test(ocppBaseUrl) ? 2 : 1);

export const fleetChargerOf = (view: ChargerView, securityProfile: 1 | 2): FleetCharger => {
  const { charger, connection } = view;
  const lastSeenAt = connection?.lastSeenAt ?? charger.lastSeenAt;
  const ocppVersion = connection?.ocppVersion ?? charger.ocppVersion;
  return {
    chargerId: charger.chargerId,
    ...(charger.siteId && { siteId: charger.siteId }),
    ...(charger.cohort && { cohort: charger.cohort }),
    ...(charger.vendor && { vendor: charger.vendor }),
    ...(charger.model && { model: charger.model }),
    ...(charger.firmwareVersion && { firmwareVersion: charger.firmwareVersion }),
    ...(ocppVersion && { ocppVersion }),
    securityProfile,
    online: connection !== undefined,
    ...(charger.bootedAt && { lastBootAt: charger.bootedAt }),
    ...(lastSeenAt && { lastSeenAt }),
    neverConnected: connection === undefined && !charger.bootedAt && !lastSeenAt,
  };
};

const countBy = (chargers: readonly FleetCharger[], value: (charger: FleetCharger) => string | undefined) => {
  const counts: Counts = {};
  for (const charger of chargers) {
    const key = value(charger) ?? 'unknown';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

/** The counts of a set of chargers; models are counted as `vendor model` (two vendors may name one alike). */
export const summarizeFleet = (chargers: readonly FleetCharger[]): FleetSummary => ({
  chargers: chargers.length,
  online: chargers.filter((charger) => charger.online).length,
  neverConnected: chargers.filter((charger) => charger.neverConnected).length,
  byVendor: countBy(chargers, (charger) => charger.vendor),
  byModel: countBy(chargers, (charger) =>
    charger.model ? `${charger.vendor ?? 'unknown'} ${charger.model}` : undefined,
  ),
  byFirmwareVersion: countBy(chargers, (charger) => charger.firmwareVersion),
  byOcppVersion: countBy(chargers, (charger) => charger.ocppVersion),
});

/**
 * A page of the fleet audit, over the charger list (a site-limited caller: its sites' chargers): each charger's
 * boot data and connection, and the counts of the page. The pages' counts add up to the fleet's.
 */
export const getFleetReport = async (
  deps: Pick<Dependencies, 'chargers' | 'clock' | 'settings'>,
  input: { tenantId: string; siteIds?: readonly string[]; limit: number; cursor?: string },
) => {
  const page = await listChargers(deps, input);
  const profile = securityProfileOf(deps.settings.ocppBaseUrl);
  const items = page.items.map((view) => fleetChargerOf(view, profile));
  return { items, summary: summarizeFleet(items), ...(page.cursor && { cursor: page.cursor }) };
};
