import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createVerifiedSecretCache } from '../kernel/credentials.ts';
import { authorizeChargerConnection } from '../slices/chargers/charger-connection.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { supportedSubprotocols, websocketRoutes } from '../topology/websocket-routes.ts';
import { logger } from './logger.ts';
import type { ChargerConnectionContext } from './websocket-context.ts';

const header = (headers: Record<string, string | undefined> | null, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
};

/** `$connect` REQUEST authorizer. Throwing `Unauthorized` is how API Gateway is told to answer 401. */
export const createWsAuthorizerHandler = (deps: Dependencies) => {
  // One per container (Lambda) or runtime (local): a charger reconnecting within minutes costs no scrypt.
  const verifiedSecrets = createVerifiedSecretCache();
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const tenantId = event.queryStringParameters?.tenantId ?? '';
    const chargerId = event.queryStringParameters?.chargerId ?? '';
    const result =
      tenantId && chargerId
        ? await authorizeChargerConnection(
            { chargers: deps.chargers, verifiedSecrets },
            {
              tenantId,
              chargerId,
              authorization: header(event.headers, 'Authorization'),
              subprotocols: header(event.headers, 'Sec-WebSocket-Protocol'),
              supported: supportedSubprotocols,
            },
          )
        : ({ allowed: false, reason: 'unknown-charger' } as const);
    if (!result.allowed) {
      logger.warn(websocketRoutes.authorizer.refusedLogMessage, {
        tenantId,
        chargerId,
        reason: result.reason,
      });
      throw new Error('Unauthorized');
    }
    const context: ChargerConnectionContext = {
      tenantId: result.tenantId,
      chargerId: result.chargerId,
      ...(result.siteId && { siteId: result.siteId }),
      ...(result.loadManaged && { loadManaged: true as const }),
      ...(result.cohort && { cohort: result.cohort }),
      ocppVersion: result.ocppVersion ?? '',
    };
    return {
      principalId: `${result.tenantId}/${result.chargerId}`,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { ...context },
    };
  };
};
