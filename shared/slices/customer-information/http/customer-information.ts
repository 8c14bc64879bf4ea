import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import { defineOperation, commonErrors as errors, tenantOf } from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger, requireAllSites } from '../../../http/site-access.ts';
import { getCustomerInformation } from '../customer-information.ts';

/** What a charger reported of a customer (OCPP 2.0.1 NotifyCustomerInformation), per request id. */

const customerInformationSchema = z
  .object({
    chargerId: z.string(),
    requestId: z.number().int(),
    report: z.boolean(),
    clear: z.boolean(),
    identifiedBy: z.enum(['idToken', 'customerIdentifier', 'customerCertificate']).optional(),
    status: z.enum(['requested', 'inProgress', 'complete', 'incomplete', 'rejected']).meta({
      description:
        'complete: every part up to the last (tbc false) received; incomplete: parts missing, or the charger ' +
        'disconnected before the last; rejected: the charger refused the request',
    }),
    incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
    answerStatus: z
      .string()
      .optional()
      .meta({ description: 'The charger’s answer: Accepted, Rejected, Invalid' }),
    parts: z.number().int().meta({ description: 'Parts (seqNos) received' }),
    data: z.string().meta({ description: 'The parts’ data concatenated in seqNo order' }),
    commandId: z.string().optional(),
    requestedAt: z.string().optional(),
    generatedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    expiresAt: z.string().meta({ description: 'Deleted then (personal data, kept 30 days)' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerInformation' });

export const customerInformationOperations = {
  getCustomerInformation: defineOperation({
    summary:
      'What the charger reported of a customer for one CustomerInformation request (sent through ' +
      '/ocpp/CustomerInformation): its NotifyCustomerInformation parts concatenated; kept 30 days',
    request: {
      path: z.strictObject({
        chargerId: chargerIdSchema,
        requestId: z.coerce
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .meta({ description: 'The requestId of the CustomerInformation request' }),
      }),
    },
    responses: {
      200: { description: 'The request, its progress and its data', schema: customerInformationSchema },
      404: {
        description: 'No such charger or request in this tenant (or expired, or not visible to this key)',
      },
      ...errors,
    },
    role: 'operator',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      requireAllSites(principal, 'customer information is personal data');
      const found = await getCustomerInformation(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        requestId: path.requestId,
      });
      if (!found)
        throw apiErrors.notFound(`customer information ${path.requestId} of charger ${path.chargerId}`);
      const {
        tenantId: _t,
        connectionId: _n,
        seqNos,
        lastSeqNo: _l,
        characters: _c,
        startedAt: _s,
        ...rest
      } = found;
      return { status: 200, body: { ...rest, parts: seqNos.length } };
    },
  }),
};
