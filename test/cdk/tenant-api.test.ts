import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  functions,
  httpApiStageThrottle,
  httpDefaultRoute,
  httpRoutes,
  routeKey,
} from '../../shared/topology/index.ts';
import { logicalIdOf, synthesizeCsms } from './synth.ts';

describe('TenantApi', () => {
  const { template } = synthesizeCsms();
  const tenantRoutes = Object.values(
    template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') } },
    }),
  ) as { Properties: Record<string, unknown> }[];
  const authorizerRef = { Ref: Match.stringLikeRegexp('^TenantApiApiKeyAuthorizer') };

  it('is an HTTP API without CORS', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });

  it('exposes exactly the topology routes and the $default catch-all', () => {
    // Assess
    expect(tenantRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      [...httpRoutes.map(routeKey), httpDefaultRoute.routeKey].sort(),
    );
  });

  it('sends $default (no route matched) to the API function, without the authorizer', () => {
    // Prepare
    const handler = logicalIdOf(template, 'AWS::Lambda::Function', {
      Description: functions[httpDefaultRoute.function].description,
    });
    const integration = logicalIdOf(template, 'AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') },
      IntegrationUri: { 'Fn::GetAtt': [handler, 'Arn'] },
    });

    // Assess
    expect(httpDefaultRoute.function).toBe('api');
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') },
      RouteKey: '$default',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
  });

  it.each(httpRoutes.map((route) => [routeKey(route), route] as const))(
    '%s is integrated with its function and authorized according to its access',
    (key, route) => {
      // Prepare
      const handler = logicalIdOf(template, 'AWS::Lambda::Function', {
        Description: functions[route.function].description,
      });
      const integration = logicalIdOf(template, 'AWS::ApiGatewayV2::Integration', {
        ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') },
        IntegrationUri: { 'Fn::GetAtt': [handler, 'Arn'] },
      });

      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: key,
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
        ...(route.access === 'public'
          ? { AuthorizationType: 'NONE', AuthorizerId: Match.absent() }
          : { AuthorizationType: 'CUSTOM', AuthorizerId: authorizerRef }),
      });
    },
  );

  it('uses one Lambda authorizer that runs on every request (simple responses, no identity source, no cache)', () => {
    // Prepare
    const authorizerFunction = logicalIdOf(template, 'AWS::Lambda::Function', {
      Description: functions['api-authorizer'].description,
    });

    // Assess
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer', {
      Properties: { ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') } },
    });
    expect(Object.keys(authorizers)).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') },
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: [],
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [authorizerFunction, 'Arn'] }])] },
    });
  });

  it('throttles the auto-deployed $default stage and writes access logs', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: Match.stringLikeRegexp('^TenantApi') },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: httpApiStageThrottle.rateLimit,
        ThrottlingBurstLimit: httpApiStageThrottle.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TenantApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });
});
