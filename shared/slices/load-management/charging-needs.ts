/**
 * What the allocation's urgency weight (`AllocationSession.needs`) takes from an EV's charging needs
 * (OCPP 2.0.1 NotifyEVChargingNeeds, ISO 15118): its departure time and the energy it still wants.
 */

/** The fields of a stored NotifyEVChargingNeeds this reads. */
export interface ReportedChargingNeeds {
  readonly evseId: number;
  readonly receivedAt: string;
  readonly chargingNeeds: {
    readonly departureTime?: string;
    readonly acChargingParameters?: { readonly energyAmount: number };
    readonly dcChargingParameters?: { readonly energyAmount?: number };
  };
}

/**
 * Needs reported this long before a session's start still belong to it: with `TxStartPoint` Authorized or
 * later, the EV's ISO 15118 handshake (and its needs) comes before the transaction starts.
 */
export const needsBeforeStartSeconds = 300;

/**
 * The session's needs for the allocation, or undefined when there are none to go by: no departure time or
 * energy, reported for another EVSE, or before the session (a previous EV's, left on the EVSE). The energy the
 * EV asked for counts from the session's start: what it wants still is the request less what the session
 * delivered so far; once delivered, the session is not urgent any more.
 */
export const allocationNeedsOf = (
  reported: ReportedChargingNeeds | undefined,
  session: { readonly evseId: number; readonly startedAt: string; readonly energyWh: number },
): { departureAt: string; energyWh: number } | undefined => {
  if (!reported || reported.evseId !== session.evseId) return undefined;
  const { departureTime, acChargingParameters, dcChargingParameters } = reported.chargingNeeds;
  if (departureTime === undefined || Number.isNaN(Date.parse(departureTime))) return undefined;
  if (Date.parse(reported.receivedAt) < Date.parse(session.startedAt) - needsBeforeStartSeconds * 1000)
    return undefined;
  const requestedWh = acChargingParameters?.energyAmount ?? dcChargingParameters?.energyAmount;
  if (requestedWh === undefined) return undefined;
  const stillWh = requestedWh - Math.max(0, session.energyWh);
  return stillWh > 0 ? { departureAt: departureTime, energyWh: stillWh } : undefined;
};
