import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDependencies } from '../composition-root.ts';
import { readConfig } from '../config.ts';
import type { Dependencies } from '../slices/dependencies.ts';
import { logger } from './logger.ts';

/**
 * A Lambda entry point: dependencies built once per cold start from the environment, and every log line of an
 * invocation tagged with its request id and cold-start flag. The local runtime calls the factories directly.
 */
export const lambdaEntry = <E, R>(factory: (deps: Dependencies) => (event: E) => Promise<R>) =>
  middy(factory(createDependencies(readConfig(process.env)))).use(
    injectLambdaContext(logger, { resetKeys: true }),
  );
