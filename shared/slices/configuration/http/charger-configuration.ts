import { z } from 'zod';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import { getChargerConfiguration } from '../charger-configuration.ts';

/** The configuration chargers reported (OCPP 1.6 GetConfiguration answers, merged by key). */

const configurationResponseSchema = z
  .object({
    chargerId: z.string(),
    keys: z
      .array(
        z.object({
          key: z.string(),
          value: z.string().optional().meta({
            description:
              'A secret (1.6 AuthorizationKey, keys named like a password or secret) is `***`: it was set or reported, its value is never stored',
          }),
          readonly: z.boolean(),
          reportedAt: z.string().meta({ description: 'When the charger last reported (or accepted) it' }),
        }),
      )
      .meta({ description: 'In key order' }),
    unknownKeys: z.array(z.string()).meta({ description: 'Keys the charger said it does not know' }),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'ChargerConfiguration' });

export const chargerConfigurationOperations = {
  getChargerConfiguration: defineOperation({
    summary:
      'The configuration the charger reported: every GetConfiguration answer (raw or get-configuration) is ' +
      'stored, merged by key; accepted ChangeConfiguration values too',
    request: { path: z.strictObject({ chargerId: chargerIdSchema }) },
    responses: {
      200: {
        description: 'The stored configuration (empty until the charger reported any)',
        schema: configurationResponseSchema,
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const configuration = await getChargerConfiguration(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
      });
      const keys = Object.entries(configuration?.keys ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => ({ key, ...entry }));
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          keys,
          unknownKeys: configuration?.unknownKeys ?? [],
          ...(configuration && { updatedAt: configuration.updatedAt }),
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
