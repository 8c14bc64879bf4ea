import type { Dependencies } from '../slices/dependencies.ts';
import type { FunctionHandler } from '../slices/slice.ts';
import { createApiHandler } from './api.ts';
import { createApiAuthorizerHandler } from './api-authorizer.ts';
import { createWsAuthorizerHandler } from './ws-authorizer.ts';
import { createWsConnectHandler } from './ws-connect.ts';
import { createWsDefaultHandler } from './ws-default.ts';
import { createWsDisconnectHandler } from './ws-disconnect.ts';

/** The handler factories of the charger gateway's and the tenant API's functions (the slices add theirs). */
export const gatewayFunctionFactories = {
  'ws-authorizer': createWsAuthorizerHandler,
  'ws-connect': createWsConnectHandler,
  'ws-default': createWsDefaultHandler,
  'ws-disconnect': createWsDisconnectHandler,
  'api-authorizer': createApiAuthorizerHandler,
  api: createApiHandler,
} as const satisfies Record<string, (deps: Dependencies) => FunctionHandler>;
