import type { Actor } from '../../kernel/model.ts';
import { mapWithConcurrency } from '../chargers/chargers.ts';
import type { Charger } from '../chargers/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Session } from '../transactions/model.ts';
import { type ImportRowResult, importConcurrency, rowError } from './model.ts';

/** One historical session from another CSMS. */
export interface SessionImportRow {
  /** The session's id in the other CSMS: unique per tenant, what makes a re-run import it once. */
  readonly externalId: string;
  readonly chargerId: string;
  readonly idToken?: string | undefined;
  readonly evseId?: number | undefined;
  readonly connectorId?: number | undefined;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly energyWh: number;
  /** What the other CSMS billed, in integer minor units. */
  readonly cost?: { readonly total: number; readonly currency: string } | undefined;
  /** Why the row is not valid, when the caller found it so: the row then fails and nothing is written for it. */
  readonly invalid?: string | undefined;
}

export interface SessionImportResult extends ImportRowResult {
  readonly externalId?: string;
  readonly sessionId?: string;
}

/** The fields of an imported session that come from its row (what a re-run compares). */
export const importedFields = (row: SessionImportRow, charger: Pick<Charger, 'siteId'>) => ({
  chargerId: row.chargerId,
  ...(charger.siteId && { siteId: charger.siteId }),
  // The other CSMS's id stands for the charger's transaction id, which it did not hand over.
  chargerTransactionId: row.externalId,
  status: 'Completed' as const,
  startedAt: new Date(row.startedAt).toISOString(),
  endedAt: new Date(row.endedAt).toISOString(),
  ...(row.evseId !== undefined && { evseId: row.evseId }),
  ...(row.connectorId !== undefined && { connectorId: row.connectorId }),
  ...(row.idToken && { idToken: row.idToken }),
  energyWh: row.energyWh,
  imported: true as const,
  externalId: row.externalId,
  ...(row.cost && { importedCost: { currency: row.cost.currency, total: row.cost.total } }),
});

const sameFields = (session: Session, fields: ReturnType<typeof importedFields>): boolean => {
  const stored = session as unknown as Record<string, unknown>;
  const wanted = fields as Record<string, unknown>;
  const names = new Set([
    ...Object.keys(wanted),
    'siteId',
    'evseId',
    'connectorId',
    'idToken',
    'importedCost',
  ]);
  return [...names].every((name) => JSON.stringify(stored[name]) === JSON.stringify(wanted[name]));
};

/**
 * Imports finished sessions of the drivers' history, each row on its own. A session is stored as it is shown
 * (`imported: true`, status Completed, the other CSMS's cost) and nothing else happens: no OCPP event, so no
 * billing, no CDR and no load balancing; no active-session marker. Its charger must be the tenant's (and in the
 * caller's sites, `siteIds`), else the row fails before anything is written. The external id names the session
 * for good (`SessionImportRegistry`): the same row again is `unchanged`, a changed row `updated` (a new revision
 * of the same session).
 */
export const importSessions = async (
  deps: Pick<Dependencies, 'chargers' | 'sessions' | 'sessionImports' | 'clock' | 'ids'>,
  input: { tenantId: string; rows: readonly SessionImportRow[]; siteIds?: readonly string[]; actor: Actor },
): Promise<SessionImportResult[]> => {
  const { tenantId, actor } = input;
  const chargerIds = [
    ...new Set(input.rows.flatMap((row) => (row.invalid === undefined ? [row.chargerId] : []))),
  ];
  const chargers = new Map<string, Charger>();
  await mapWithConcurrency(chargerIds, importConcurrency, async (chargerId) => {
    const view = await deps.chargers.getView(tenantId, chargerId, deps.clock.now());
    const visible =
      view && (!input.siteIds || (view.charger.siteId && input.siteIds.includes(view.charger.siteId)));
    if (view && visible) chargers.set(chargerId, view.charger);
  });
  const seen = new Set<string>();
  const checked = input.rows.map((row, index): SessionImportResult | SessionImportRow => {
    const number = index + 1;
    if (row.invalid !== undefined) return rowError(number, 'invalid_request', row.invalid);
    if (seen.has(row.externalId))
      return rowError(number, 'duplicate', `externalId ${row.externalId} is repeated in this import`);
    seen.add(row.externalId);
    if (!chargers.has(row.chargerId))
      return rowError(number, 'unknown_charger', `chargerId: no charger ${row.chargerId} in this tenant`);
    return row;
  });
  return mapWithConcurrency(checked, importConcurrency, async (row, index): Promise<SessionImportResult> => {
    if ('row' in row) return row;
    const number = index + 1;
    const fields = importedFields(row, chargers.get(row.chargerId) as Charger);
    const sessionId = await deps.sessionImports.resolve(tenantId, row.externalId, deps.ids.next());
    const done = (status: SessionImportResult['status']): SessionImportResult => ({
      row: number,
      status,
      externalId: row.externalId,
      sessionId,
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await deps.sessions.get(tenantId, sessionId);
      if (stored && sameFields(stored, fields)) return done('unchanged');
      const at = deps.clock.now().toISOString();
      const session: Session = {
        ...fields,
        tenantId,
        sessionId,
        version: 1,
        revision: (stored?.revision ?? 0) + 1,
        createdAt: stored?.createdAt ?? at,
        createdBy: stored?.createdBy ?? actor,
        updatedAt: at,
        updatedBy: actor,
      };
      if (await deps.sessions.save(session)) return done(stored ? 'updated' : 'created');
    }
    return rowError(number, 'conflict', `session ${row.externalId} is being imported by another request`);
  });
};
