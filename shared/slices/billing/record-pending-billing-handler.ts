import { z } from 'zod';
import { eventCatalog } from '../../events/catalog.ts';
import type { Dependencies } from '../dependencies.ts';

/** What starts billing: a session's end, or a correction of an ended session (a new version). */
const billedEvent = z.union([eventCatalog.transactionEnded.schema, eventCatalog.sessionCorrected.schema]);

/**
 * Input is the TransactionEnded or SessionCorrected detail; the event contract is validated on the way in too.
 * What is recorded is the session as stored now, not the event's figures: late data may have made a newer
 * version since (or the event may be an old one delivered again). A pending record of an older version is
 * replaced; the same version again changes nothing.
 */
export const createRecordPendingBillingHandler =
  (platform: Pick<Dependencies, 'forTenant'>) => async (input: unknown) => {
    const detail = billedEvent.parse(input);
    // The tenant's own credentials: a key of another tenant would be refused by the table.
    const deps = platform.forTenant(detail.tenantId);
    const session = await deps.sessions.get(detail.tenantId, detail.sessionId);
    const latest =
      session?.endedAt !== undefined
        ? { energyWh: session.energyWh, endedAt: session.endedAt, sessionVersion: session.version }
        : { energyWh: detail.energyWh, endedAt: detail.endedAt, sessionVersion: detail.version ?? 1 };
    const recorded = await deps.billing.recordPending({
      tenantId: detail.tenantId,
      sessionId: detail.sessionId,
      chargerId: detail.chargerId,
      ...latest,
      recordedAt: deps.clock.now().toISOString(),
    });
    return {
      sessionId: detail.sessionId,
      status: 'PENDING_PRICING' as const,
      alreadyRecorded: !recorded,
      sessionVersion: latest.sessionVersion,
    };
  };
