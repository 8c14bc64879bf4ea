import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../../handlers/logger.ts';
import type { Dependencies } from '../dependencies.ts';
import { wakeCallQueue } from './call-queue.ts';

const wakeSchema = z.object({
  tenantId: z.string().min(1),
  chargerId: z.string().min(1),
  messageId: z.string().min(1),
  at: z.iso.datetime(),
});

/**
 * The call-queue timer: each SQS message wakes one charger's queue at a call's time-out. A malformed message
 * is logged and dropped (a retry cannot fix it); a failing wake is reported back so that SQS retries only it.
 */
export const createCallQueueTimerHandler =
  (deps: Dependencies) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const wake = wakeSchema.safeParse(body);
      if (!wake.success) {
        logger.error('malformed call-queue wake; dropped', {
          messageId: record.messageId,
          body: record.body,
        });
        continue;
      }
      try {
        await wakeCallQueue(deps.forTenant(wake.data.tenantId), wake.data);
      } catch (error) {
        logger.error('call-queue wake failed; SQS retries it', { messageId: record.messageId, error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
