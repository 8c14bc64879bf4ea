import { z } from 'zod';
import { eventCatalog } from '../../events/catalog.ts';
import type { Dependencies } from '../dependencies.ts';
import { detectGhost } from './detect-ghost.ts';
import { healCharger } from './heal-charger.ts';

/** The ghost-detection workflow passes `task: detectGhost` and the TransactionEnded.v2 detail. */
const ghostInputSchema = z.object({
  task: z.literal('detectGhost'),
  detail: eventCatalog.transactionEnded.schema,
});

/** The state machine passes the ConnectorStatusChanged detail and its execution's name (the attempt's id). */
const inputSchema = z.object({
  detail: z.object({
    tenantId: z.string().min(1),
    chargerId: z.string().min(1),
    occurredAt: z.string().min(1),
    correlationId: z.string().min(1).optional(),
  }),
  executionName: z.string().min(1).max(80),
});

/** One function, two workflows: a Faulted charger's healing step, or a session end's ghost detection. */
export const createHealChargerHandler = (deps: Dependencies) => async (input: unknown) => {
  if ((input as { task?: unknown } | null)?.task === 'detectGhost') {
    const { detail } = ghostInputSchema.parse(input);
    const result = await detectGhost(deps.forTenant(detail.tenantId), {
      ...detail,
      endedAt: detail.endedAt,
    });
    return { result };
  }
  const { detail, executionName } = inputSchema.parse(input);
  return healCharger(deps.forTenant(detail.tenantId), {
    tenantId: detail.tenantId,
    chargerId: detail.chargerId,
    attemptId: executionName,
    faultedSince: detail.occurredAt,
    correlationId: detail.correlationId ?? executionName,
  });
};
