import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Powertools logger of a function (service name and level from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL). The Lambda entry adds the invocation's context to it.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'csms' });
