import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { authenticateApiKey } from '../domain/use-cases/tenants.ts';
import { type ApiAuthorizerContext, toAuthorizerContext } from '../http/principal-context.ts';

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
