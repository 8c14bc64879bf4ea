import { z } from 'zod';
import type { Dependencies } from '../dependencies.ts';
import { healCharger } from './heal-charger.ts';

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

export const createHealChargerHandler = (deps: Dependencies) => async (input: unknown) => {
  const { detail, executionName } = inputSchema.parse(input);
  return healCharger(deps.forTenant(detail.tenantId), {
    tenantId: detail.tenantId,
    chargerId: detail.chargerId,
    attemptId: executionName,
    faultedSince: detail.occurredAt,
    correlationId: detail.correlationId ?? executionName,
  });
};
