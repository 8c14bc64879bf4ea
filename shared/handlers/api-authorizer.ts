import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { type ApiAuthorizerContext, toAuthorizerContext } from '../http/principal-context.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { authenticateApiKey } from '../slices/tenancy/tenants.ts';

/** HTTP API Lambda authorizer (simple responses): resolves the API key to tenant and role. */
export const createApiAuthorizerHandler =
  (deps: Dependencies) =>
  async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<ApiAuthorizerContext>> => {
    const authorization = event.headers?.authorization ?? event.headers?.Authorization;
    const authentication = await authenticateApiKey(deps, authorization);
    return { isAuthorized: true, context: toAuthorizerContext(authentication) };
  };
