/**
 * When a failed webhook delivery is tried again. Exponential backoff from `baseSeconds`, doubled per attempt up
 * to `capSeconds`, with ±20 % jitter so that the deliveries of an endpoint that came back do not all arrive in
 * the same second; after `windowSeconds` since the first attempt a failure is final (a dead letter).
 *
 * Defaults (30 s base, 4 h cap, 24 h window): 30 s, 1, 2, 4, 8, 16, 32 min, 1 h 4 min, 2 h 8 min, then every
 * 4 h: about 15 attempts over 24 h. SQS delays a message by at most 15 minutes, so a longer wait is a chain of
 * messages (the consumer sends an early one on, `wokeEarly`): at most 16 SQS sends for a 4-hour wait.
 */
export interface RetryPolicy {
  readonly baseSeconds: number;
  readonly capSeconds: number;
  readonly windowSeconds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseSeconds: 30,
  capSeconds: 4 * 3600,
  windowSeconds: 24 * 3600,
};

/** The backoff before attempt `attempt + 1`, without jitter. */
export const backoffSeconds = (attempt: number, policy: RetryPolicy): number =>
  Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));

export type AfterFailure =
  | { readonly kind: 'retry'; readonly at: Date; readonly delaySeconds: number }
  | { readonly kind: 'dead-letter' };

/**
 * What follows a failed attempt `attempt` (1-based) at `failedAt` of a delivery first tried at `firstAttemptAt`.
 * `random` is in [0, 1): the jitter. Retries go on while the window is open, so they last at least 24 hours.
 */
export const afterFailure = (input: {
  readonly attempt: number;
  readonly firstAttemptAt: Date;
  readonly failedAt: Date;
  readonly policy: RetryPolicy;
  readonly random: number;
}): AfterFailure => {
  const elapsedSeconds = (input.failedAt.getTime() - input.firstAttemptAt.getTime()) / 1000;
  if (elapsedSeconds >= input.policy.windowSeconds) return { kind: 'dead-letter' };
  const jittered = backoffSeconds(input.attempt, input.policy) * (0.8 + 0.4 * input.random);
  const delaySeconds = Math.max(1, Math.ceil(jittered));
  return { kind: 'retry', at: new Date(input.failedAt.getTime() + delaySeconds * 1000), delaySeconds };
};

/** Whether a message woke before its time (a wait longer than one SQS delay) and must be sent again. */
export const wokeEarly = (at: Date, now: Date): boolean => at.getTime() - now.getTime() > 1000;
