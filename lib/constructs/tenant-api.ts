import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type FunctionId,
  type HttpRoute,
  httpApiRouteThrottles,
  httpApiStageThrottle,
  httpDefaultRoute,
  httpRoutes,
  routeKey,
} from '../../shared/topology/index.ts';
import { limitsOf, setRouteThrottles, validatedThrottle } from './route-throttles.ts';

export interface TenantApiProps {
  /** Lambda of each function id a route names; a route naming a missing one fails the synth. */
  readonly handlers: Readonly<Partial<Record<FunctionId, lambda.IFunction>>>;
  /** Lambda authorizer of every non-public route. */
  readonly authorizerHandler: lambda.IFunction;
  /**
   * Routes to expose.
   * @default httpRoutes
   */
  readonly routes?: readonly HttpRoute[];
  /**
   * Throttle of the `$default` stage, for all routes and tenants together; it applies before the per-tenant
   * limiter of the API function.
   * @default httpApiStageThrottle ({ rateLimit: 500, burstLimit: 1000 })
   */
  readonly throttle?: apigwv2.ThrottleSettings;
  /**
   * Throttles of single routes by route key (`'GET /v1/openapi.json'`, `'$default'`), merged over the
   * topology's; a key that is no route of the API fails the synth.
   * @default httpApiRouteThrottles (the public routes and the catch-all)
   */
  readonly routeThrottles?: Readonly<Record<string, apigwv2.ThrottleSettings>>;
  /**
   * CORS preflight. Tenants integrate server to server, so browsers are not served.
   * @default - no CORS
   */
  readonly corsPreflight?: apigwv2.CorsPreflightOptions;
  /**
   * Retention of the access log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

/**
 * The tenant HTTP API: one route per `httpRoutes` entry, each integrated with the Lambda it names, and the
 * `$default` catch-all of `httpDefaultRoute`.
 *
 * Non-public routes carry a Lambda authorizer that resolves the `Authorization: Bearer` key into a context
 * (tenant, role) and always answers `isAuthorized: true`; the API function itself returns the contract's JSON
 * 401/403 errors. For that the authorizer must run even when the header is missing (an identity source would
 * make API Gateway answer a bare `{"message":"Unauthorized"}` first), so it has no identity source, and API
 * Gateway requires caching to be off without one. Caching off also means a revoked key stops working at once.
 */
export class TenantApi extends Construct {
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogGroup: logs.LogGroup;
  /** Base URL, e.g. `https://{apiId}.execute-api.{region}.amazonaws.com/`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: TenantApiProps) {
    super(scope, id);

    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      description: 'Tenant HTTP API',
      createDefaultStage: false,
      corsPreflight: props.corsPreflight,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: validatedThrottle('throttle', props.throttle ?? limitsOf(httpApiStageThrottle)),
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    this.url = this.stage.url;

    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', props.authorizerHandler, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [],
      resultsCacheTtl: Duration.seconds(0),
    });

    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    const integrationFor = (functionId: FunctionId): HttpLambdaIntegration => {
      let integration = integrations.get(functionId);
      if (integration === undefined) {
        const handler = props.handlers[functionId];
        if (handler === undefined) {
          throw new Error(`No Lambda given for function '${functionId}' used by an HTTP route`);
        }
        // One API-wide permission per function instead of one per route: a function's resource policy is capped at
        // 20 KB, which ~30 route-scoped statements exceed (aws-cdk#19535, PolicyLengthExceededException).
        integration = new HttpLambdaIntegration(`${functionId}-integration`, handler, {
          scopePermissionToRoute: false,
        });
        integrations.set(functionId, integration);
      }
      return integration;
    };

    const routesByKey = new Map<string, apigwv2.HttpRoute>();
    for (const route of props.routes ?? httpRoutes) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationFor(route.function),
        authorizer: route.access === 'public' ? undefined : authorizer,
      });
      if (added) routesByKey.set(routeKey(route), added);
      if (added && route.access === 'public') {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'a public route of the contract (no key needed); its own route throttle bounds anonymous use',
        });
      }
    }
    const defaultRoute = new apigwv2.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: integrationFor(httpDefaultRoute.function),
    });
    routesByKey.set(httpDefaultRoute.routeKey, defaultRoute);
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'the catch-all only ever answers 404 in the contract shape, key or not; its route throttle bounds it',
    });

    const throttles = Object.fromEntries(
      Object.entries({ ...httpApiRouteThrottles, ...props.routeThrottles }).map(([key, throttle]) => {
        if (!routesByKey.has(key)) throw new Error(`routeThrottles: no route '${key}' in the API`);
        return [key, validatedThrottle(`routeThrottles['${key}']`, throttle)];
      }),
    );
    setRouteThrottles(
      this.stage.node.defaultChild as apigwv2.CfnStage,
      throttles,
      Object.keys(throttles).map((key) => routesByKey.get(key) as apigwv2.HttpRoute),
    );
  }
}
