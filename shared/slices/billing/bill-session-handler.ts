import { z } from 'zod';
import { eventCatalog } from '../../events/catalog.ts';
import type { Dependencies } from '../dependencies.ts';
import { billSession } from './bill-session.ts';

/**
 * The task's input (the state's Parameters): what started billing — a session's end, or a correction of an
 * ended session (a new version) — and the workflow execution's id, the same on the task's retries.
 */
const taskInput = z.object({
  detail: z.union([eventCatalog.transactionEnded.schema, eventCatalog.sessionCorrected.schema]),
  executionId: z.string().min(1),
});

/**
 * The billing workflow's task. Input is the TransactionEnded or SessionCorrected detail (validated on the way
 * in) and the execution's id; what is billed is the session as stored now (its latest version), not the event's figures, so an old
 * event delivered again bills nothing new.
 */
export const createBillSessionHandler =
  (platform: Pick<Dependencies, 'forTenant'>) => async (input: unknown) => {
    const { detail, executionId } = taskInput.parse(input);
    // The tenant's own credentials: a key of another tenant would be refused by the table.
    const deps = platform.forTenant(detail.tenantId);
    const outcome = await billSession(deps, {
      tenantId: detail.tenantId,
      sessionId: detail.sessionId,
      correlationId: detail.correlationId,
      executionId,
    });
    return { sessionId: detail.sessionId, ...outcome };
  };
