import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per function; level from POWERTOOLS_LOG_LEVEL as usual. */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });
