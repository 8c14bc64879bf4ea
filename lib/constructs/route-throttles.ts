import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { IConstruct } from 'constructs';

/** A throttle with both limits, as the stage's route settings need them. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Fails the synth on a limit API Gateway would refuse at deploy (a negative rate, a fractional burst). */
export const validatedThrottle = (name: string, throttle: apigwv2.ThrottleSettings): RouteThrottle => {
  const { rateLimit, burstLimit } = throttle;
  if (rateLimit === undefined || !Number.isFinite(rateLimit) || rateLimit < 0) {
    throw new Error(`${name}: rateLimit must be a number ≥ 0, got ${rateLimit}`);
  }
  if (burstLimit === undefined || !Number.isInteger(burstLimit) || burstLimit < 0) {
    throw new Error(`${name}: burstLimit must be a whole number ≥ 0, got ${burstLimit}`);
  }
  return { rateLimit, burstLimit };
};

/** Only the two limits of a topology throttle (its `why` is documentation, not a stage setting). */
export const limitsOf = (throttle: RouteThrottle): RouteThrottle => ({
  rateLimit: throttle.rateLimit,
  burstLimit: throttle.burstLimit,
});

/**
 * Sets per-route throttles on a stage (`RouteSettings`, keyed by route key). API Gateway refuses route settings
 * of a route that does not exist yet ("Unable to find Route by key"), so the stage waits for the routes.
 */
export const setRouteThrottles = (
  stage: apigwv2.CfnStage,
  throttles: Readonly<Record<string, RouteThrottle>>,
  routes: readonly IConstruct[],
): void => {
  const entries = Object.entries(throttles);
  if (entries.length === 0) return;
  stage.routeSettings = Object.fromEntries(
    entries.map(([key, throttle]) => [
      key,
      { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
    ]),
  );
  for (const route of routes) stage.node.addDependency(route);
};
