import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import { offerUserPrice16, withTariffText201 } from '../billing/charger-cost.ts';
import type { Dependencies } from '../dependencies.ts';
import { recordCohortActivity } from '../migration/cohort-report.ts';
import { authorize16 } from '../transactions/transactions-16.ts';
import { toIdTokenInfo } from '../transactions/transactions-201.ts';
import { authorizeIdToken } from './id-tokens.ts';

type V16 = NonNullable<OcppHandlers['ocpp1.6']>;
type V201 = NonNullable<OcppHandlers['ocpp2.0.1']>;

export const createAuthorizationHandlers16 = (deps: Dependencies): Required<Pick<V16, 'Authorize'>> => ({
  Authorize: async (ctx, req) => {
    const response = await authorize16(deps, ctx, req.idTag);
    // California Pricing: the driver's tariff text, sent after this answer.
    await offerUserPrice16(deps, ctx, { idTag: req.idTag, status: response.idTagInfo.status });
    return response;
  },
});

export const createAuthorizationHandlers201 = (deps: Dependencies): Required<Pick<V201, 'Authorize'>> => ({
  Authorize: async (ctx, req) => {
    const authorization = await authorizeIdToken(deps, {
      tenantId: ctx.tenantId,
      idToken: req.idToken.idToken,
      type: req.idToken.type,
      now: deps.clock.now(),
    });
    // A refused token is a failed session of the charger's migration cohort.
    if (authorization.status !== 'Accepted')
      await recordCohortActivity(deps, {
        tenantId: ctx.tenantId,
        cohort: ctx.cohort,
        at: deps.clock.now().toISOString(),
        add: { rejectedAuthorizations: 1 },
      });
    // I01: the driver's tariff text as personalMessage.
    return withTariffText201(deps, ctx, {
      idToken: req.idToken.idToken,
      response: { idTokenInfo: toIdTokenInfo(authorization) },
    });
  },
});
