import { z } from 'zod';
import { defineOperation, commonErrors as errors, tenantOf } from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import { listDisplayMessages } from '../display-messages.ts';
import type { DisplayMessage } from '../model.ts';

/** The display messages a charger reported (OCPP 2.0.1 NotifyDisplayMessages). */

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });

const displayMessageSchema = z
  .object({
    id: z.number().int().meta({ description: 'The message’s id on the charger' }),
    priority: z.enum(['AlwaysFront', 'InFront', 'NormalCycle']),
    state: z.enum(['Charging', 'Faulted', 'Idle', 'Unavailable']).optional(),
    startDateTime: z.string().optional(),
    endDateTime: z.string().optional(),
    transactionId: z.string().optional(),
    message: z.object({
      format: z.enum(['ASCII', 'HTML', 'URI', 'UTF8']),
      language: z.string().optional(),
      content: z.string(),
    }),
    display: z
      .object({
        name: z.string(),
        instance: z.string().optional(),
        evseId: z.number().int().optional(),
        connectorId: z.number().int().optional(),
      })
      .optional()
      .meta({ description: 'The display (a component of the charger) it is shown on' }),
    requestId: z.number().int().meta({ description: 'The GetDisplayMessages request that last reported it' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'DisplayMessage' });

const toResponse = ({ tenantId: _t, chargerId: _c, ...message }: DisplayMessage) => message;

export const displayMessagesOperations = {
  listDisplayMessages: defineOperation({
    summary:
      'The display messages the charger reported (GetDisplayMessages through /ocpp/GetDisplayMessages, then ' +
      'NotifyDisplayMessages), by message id, paged; a complete report of every message replaces them',
    request: {
      path: chargerPathSchema,
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(2048).optional(),
      }),
    },
    responses: {
      200: {
        description: 'A page of messages (empty until the charger reported any)',
        schema: z.object({
          chargerId: z.string(),
          items: z.array(displayMessageSchema),
          cursor: z
            .string()
            .optional()
            .meta({ description: 'Pass back to get the next page; absent on the last.' }),
        }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const page = await listDisplayMessages(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        limit: query.limit,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          items: page.items.map(toResponse),
          ...(page.cursor && { cursor: page.cursor }),
        },
      };
    },
  }),
};
