import { fileURLToPath } from 'node:url';
import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type ConnectionMethod,
  webSocketThrottles,
  websocketRoutes,
  websocketStageName,
} from '../../shared/topology/index.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { limitsOf, setRouteThrottles, validatedThrottle } from './route-throttles.ts';

/** The CloudFront Function source; the local runtime evaluates the same file. */
export const ocppPathRewriteFile = fileURLToPath(
  new URL('../cloudfront/ocpp-path-rewrite.js', import.meta.url),
);

export type WebSocketRouteKey = keyof typeof websocketRoutes.routes;

export interface OcppGatewayProps {
  /** Lambda handling each route. */
  readonly routeHandlers: Readonly<Record<WebSocketRouteKey, lambda.IFunction>>;
  /** REQUEST authorizer of `$connect` (HTTP Basic of the charger). */
  readonly authorizerHandler: lambda.IFunction;
  /**
   * Identity sources of the `$connect` authorizer; a request missing one is refused with 401 before the
   * authorizer runs.
   * @default websocketRoutes.authorizer.identitySource
   */
  readonly identitySource?: readonly string[];
  /**
   * Routes whose Lambda result is sent back to the charger.
   * @default websocketRoutes.twoWayRoutes
   */
  readonly twoWayRoutes?: readonly string[];
  /**
   * Stage name; CloudFront's origin path points at it.
   * @default websocketStageName
   */
  readonly stageName?: string;
  /**
   * Throttle of each route (`$connect`: connects a second, `$default`: messages, `$disconnect`: disconnects);
   * routes given here replace the topology's, the others keep it. The stage's default route settings are
   * `$default`'s. See `webSocketThrottles` for the sizes and why.
   * @default webSocketThrottles
   */
  readonly routeThrottles?: Readonly<Partial<Record<WebSocketRouteKey, apigwv2.ThrottleSettings>>>;
  /**
   * Edge locations serving chargers.
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Origin request policy of the gateway behaviour. It must forward `Authorization` (HTTP Basic), the
   * `Sec-WebSocket-*` handshake headers and the query string (ids set by the CloudFront Function), and must not
   * forward `Host` (API Gateway routes on its own host name).
   * @default cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER
   */
  readonly originRequestPolicy?: cloudfront.IOriginRequestPolicy;
  /**
   * A domain of your own for chargers, with its ACM certificate (in us-east-1, as CloudFront requires). Only with
   * a certificate of your own can the viewer TLS policy be raised: it is then TLSv1.2_2021 (TLS 1.2+, modern
   * ciphers). On the default `*.cloudfront.net` certificate CloudFront fixes the policy at TLSv1 whatever the
   * template says; chargers can still negotiate TLS 1.2/1.3, but older versions are not refused.
   * @default - the distribution's `*.cloudfront.net` name and CloudFront's default certificate
   */
  readonly customDomain?: { readonly domainName: string; readonly certificate: acm.ICertificate };
  /**
   * Retention of the stage's access log group (every `$connect`, message and `$disconnect`, refusals included).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * Sets the API Gateway account's CloudWatch Logs role (`AWS::ApiGateway::Account`), without which a WebSocket
   * stage cannot have access logs ("CloudWatch Logs role ARN must be set in account settings"). It is one setting
   * per account and region: set `false` when another stack already manages it. The role is retained on stack
   * deletion so that other APIs keep logging.
   * @default true
   */
  readonly setAccountCloudWatchRole?: boolean;
}

/** One JSON line per WebSocket event: who connected, which route ran, and why a `$connect` was refused. */
export const webSocketAccessLogFormat = {
  requestId: '$context.requestId',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  error: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  authorizerStatus: '$context.authorizer.status',
} as const;

/**
 * The charger front door: a WebSocket API (`$connect` behind a Lambda REQUEST authorizer, a two-way `$default`,
 * `$disconnect`) and a CloudFront distribution whose viewer-request function maps `/ocpp/{tenantId}/{chargerId}`
 * onto the stage URL with both ids in the query string.
 *
 * How `Authorization` reaches API Gateway: CloudFront strips it from GET requests unless it is part of the cache
 * key, and an origin request policy that lists it explicitly is rejected (HTTP 400). The one documented
 * exception is caching disabled together with a policy forwarding *all* viewer headers, so the behaviour uses the
 * managed `CachingDisabled` cache policy and the managed `AllViewerExceptHostHeader` origin request policy (made
 * for API Gateway origins: everything but `Host`, plus every query string and cookie). A custom allow-list
 * policy with only the `Sec-WebSocket-*` headers would silently drop the Basic credentials and every charger
 * would get 401.
 */
export class OcppGateway extends Construct {
  public readonly webSocketApi: apigwv2.WebSocketApi;
  public readonly stage: apigwv2.WebSocketStage;
  public readonly distribution: cloudfront.Distribution;
  public readonly pathRewriteFunction: cloudfront.Function;
  public readonly accessLogGroup: logs.LogGroup;
  /** Management API endpoint for PostToConnection: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`. */
  public readonly callbackUrl: string;
  /** Public charger URL base, `wss://{distribution domain}/ocpp`; charger URLs append `/{tenantId}/{chargerId}`. */
  public readonly ocppBaseUrl: string;
  private readonly stageName: string;

  public constructor(scope: Construct, id: string, props: OcppGatewayProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stageName = props.stageName ?? websocketStageName;
    this.stageName = stageName;
    const twoWay = new Set(props.twoWayRoutes ?? websocketRoutes.twoWayRoutes);

    const authorizer = new WebSocketLambdaAuthorizer('ChargerAuthorizer', props.authorizerHandler, {
      identitySource: [...(props.identitySource ?? websocketRoutes.authorizer.identitySource)],
    });
    const routeOptions = (routeKey: WebSocketRouteKey): apigwv2.WebSocketRouteOptions => ({
      integration: new WebSocketLambdaIntegration(
        `${routeKey.replace('$', '')}Integration`,
        props.routeHandlers[routeKey],
      ),
      returnResponse: twoWay.has(routeKey) ? true : undefined,
    });

    this.webSocketApi = new apigwv2.WebSocketApi(this, 'Api', {
      description: 'OCPP-J charger gateway',
      connectRouteOptions: { ...routeOptions('$connect'), authorizer },
      defaultRouteOptions: routeOptions('$default'),
      disconnectRouteOptions: routeOptions('$disconnect'),
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttles = Object.fromEntries(
      (Object.keys(websocketRoutes.routes) as WebSocketRouteKey[]).map((routeKey) => [
        routeKey,
        validatedThrottle(
          `routeThrottles.${routeKey}`,
          props.routeThrottles?.[routeKey] ?? limitsOf(webSocketThrottles[routeKey]),
        ),
      ]),
    ) as Record<WebSocketRouteKey, { rateLimit: number; burstLimit: number }>;
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.webSocketApi,
      stageName,
      autoDeploy: true,
      // Routes without settings of their own (none today) get $default's.
      throttle: throttles.$default,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(webSocketAccessLogFormat)),
      },
    });
    setRouteThrottles(
      this.stage.node.defaultChild as apigwv2.CfnStage,
      throttles,
      Object.keys(throttles).map((routeKey) => this.webSocketApi.node.findChild(`${routeKey}-Route`)),
    );
    // API Gateway calls an authorizer on $connect only; later frames ride the authorized connection.
    for (const routeKey of ['$default', '$disconnect']) {
      Validations.of(this.webSocketApi.node.findChild(`${routeKey}-Route`)).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'WebSocket APIs authorize on $connect only; this route serves the connection $connect authorized',
      });
    }
    if (props.setAccountCloudWatchRole ?? true) {
      const role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
        ],
      });
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'the policy AWS documents for the account-wide API Gateway logging role; it covers every API of the ' +
          'account and region, whose log groups this stack cannot list',
      });
      role.applyRemovalPolicy(RemovalPolicy.RETAIN);
      const account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
      account.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.stage.node.addDependency(account);
    }
    this.callbackUrl = `https://${this.webSocketApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${stageName}`;

    this.pathRewriteFunction = new cloudfront.Function(this, 'PathRewrite', {
      comment: 'Maps /ocpp/{tenantId}/{chargerId} onto the WebSocket stage with the ids in the query string',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: ocppPathRewriteFile }),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'OCPP charger endpoint (wss://{domain}/ocpp/{tenantId}/{chargerId})',
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.customDomain && {
        domainNames: [props.customDomain.domainName],
        certificate: props.customDomain.certificate,
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        sslSupportMethod: cloudfront.SSLMethod.SNI,
      }),
      defaultBehavior: {
        origin: new origins.HttpOrigin(
          `${this.webSocketApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
          {
            originPath: `/${stageName}`,
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          },
        ),
        // The WebSocket upgrade is a GET; chargers must use wss (OCPP security profile 2).
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy:
          props.originRequestPolicy ?? cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: false,
        functionAssociations: [
          { function: this.pathRewriteFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    });
    const distributionWhy = {
      'AwsSolutions-CFR1':
        'chargers are installed wherever tenants operate; refusing countries would refuse their chargers',
      'AwsSolutions-CFR2':
        'WebSocket upgrades are authorized by the $connect authorizer and rate-limited by the stage throttles; ' +
        'WAF (per request and per rule) is left to operators who need IP reputation lists',
      'AwsSolutions-CFR3':
        'the WebSocket stage access log records every connect, message and refusal with the source IP; ' +
        'CloudFront standard logs would repeat the handshakes only, in a bucket to run',
    };
    for (const [id, reason] of Object.entries(distributionWhy)) {
      Validations.of(this.distribution).acknowledge({ id, reason });
    }
    if (props.customDomain === undefined) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'the default *.cloudfront.net certificate fixes the viewer policy at TLSv1; `chargerDomain` (a ' +
          'certificate of your own) raises it to TLSv1.2_2021, and chargers negotiate TLS 1.2+ either way',
      });
    }
    this.ocppBaseUrl = `wss://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}/ocpp`;
  }

  /**
   * Lets `grantee` call `methods` on the connections of this stage (`execute-api:ManageConnections` on
   * `{api}/{stage}/{method}/@connections/*`: `POST` pushes frames, `DELETE` closes), nothing else. The trailing
   * `*` is the connection id, known only at run time.
   */
  public grantManageConnections(grantee: iam.IGrantable, methods: readonly ConnectionMethod[]): iam.Grant {
    const stack = Stack.of(this);
    if (methods.length === 0) throw new Error('grantManageConnections needs at least one method');
    const resourceArns = methods.map((method) =>
      stack.formatArn({
        service: 'execute-api',
        resource: this.webSocketApi.apiId,
        resourceName: `${this.stageName}/${method}/@connections/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
    for (const arn of resourceArns) {
      acknowledgeWildcardResource(
        grantee,
        arn,
        'the * is the connection id, known only at run time; the grant names the API, stage and method',
      );
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:ManageConnections'], resourceArns });
  }
}
