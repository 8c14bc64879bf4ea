import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ocppPathRewriteFile } from '../../lib/constructs/ocpp-gateway.ts';
import { functions, websocketRoutes, websocketStageName } from '../../shared/topology/index.ts';
import { actionsOfRole, logicalIdOf, roleOfFunction, statementsOfRole, synthesizeCsms } from './synth.ts';

/** CloudFront managed policies (fixed ids, documented by AWS). */
const managedCachePolicyCachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const managedOriginRequestPolicyAllViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('OcppGateway', () => {
  const { template } = synthesizeCsms();
  const functionLogicalId = (id: keyof typeof functions): string =>
    logicalIdOf(template, 'AWS::Lambda::Function', { Description: functions[id].description });

  it('is one WebSocket API selecting routes on the request, with exactly three routes', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 2); // + the tenant HTTP API
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    const routes = template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { ApiId: { Ref: Match.stringLikeRegexp('^GatewayApi') } },
    });
    expect(
      Object.values(routes)
        .map((route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey)
        .sort(),
    ).toEqual(['$connect', '$default', '$disconnect']);
  });

  it('authorizes $connect with the charger authorizer on the topology identity sources', () => {
    // Prepare
    const authorizerFunction = functionLogicalId(websocketRoutes.authorizer.function);

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: Match.stringLikeRegexp('^GatewayApi') },
      AuthorizerType: 'REQUEST',
      IdentitySource: [...websocketRoutes.authorizer.identitySource],
      AuthorizerUri: {
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [authorizerFunction, 'Arn'] }])],
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('^GatewayApiChargerAuthorizer') },
    });
  });

  it.each(Object.entries(websocketRoutes.routes))('routes %s to %s', (routeKey, functionId) => {
    // Prepare
    const handler = functionLogicalId(functionId);
    const integration = logicalIdOf(template, 'AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: {
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [handler, 'Arn'] }])],
      },
    });

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [handler, 'Arn'] },
    });
  });

  it('makes no route two-way: `$default` posts the answers a CALL needs, an answer to ours gets no frame', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::RouteResponse', 0);
    for (const routeKey of ['$connect', '$default', '$disconnect']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        RouteResponseSelectionExpression: Match.absent(),
      });
    }
  });

  it('deploys the stage the CloudFront origin points at', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: Match.stringLikeRegexp('^GatewayApi') },
      StageName: websocketStageName,
      AutoDeploy: true,
    });
  });

  it('puts a CloudFront distribution in front: stage origin over HTTPS, no caching, ids rewritten', () => {
    // Assess
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            DomainName: {
              'Fn::Join': [
                '',
                [
                  { Ref: Match.stringLikeRegexp('^GatewayApi') },
                  '.execute-api.',
                  { Ref: 'AWS::Region' },
                  '.',
                  { Ref: 'AWS::URLSuffix' },
                ],
              ],
            },
            OriginPath: `/${websocketStageName}`,
            CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD'],
          CachePolicyId: managedCachePolicyCachingDisabled,
          // Forwards Authorization (allowed only with caching disabled), Sec-WebSocket-*, all query strings.
          OriginRequestPolicyId: managedOriginRequestPolicyAllViewerExceptHostHeader,
          FunctionAssociations: [
            {
              EventType: 'viewer-request',
              FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayPathRewrite'), 'FunctionARN'] },
            },
          ],
        }),
      }),
    });
  });

  it('runs the path rewrite file as a cloudfront-js-2.0 function', () => {
    // Assess
    template.resourceCountIs('AWS::CloudFront::Function', 1);
    template.hasResourceProperties('AWS::CloudFront::Function', {
      AutoPublish: true,
      FunctionCode: readFileSync(ocppPathRewriteFile, 'utf8'),
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it.each(Object.entries(functions))(
    'grants ManageConnections to %s on exactly the @connections methods its access names',
    (id, spec) => {
      // Prepare
      const role = roleOfFunction(template, functionLogicalId(id as keyof typeof functions));

      // Act
      const manageStatements = statementsOfRole(template, role).filter((s) =>
        [s.Action].flat().includes('execute-api:ManageConnections'),
      );
      const grantedMethods = manageStatements
        .flatMap((s) => [s.Resource].flat())
        .map((resource) => JSON.stringify(resource).match(/\/([A-Z]+)\/@connections\/\*/)?.[1])
        .sort();

      // Assess
      expect(actionsOfRole(template, role).some((action) => action.startsWith('execute-api:'))).toBe(
        spec.access.manageConnections !== undefined,
      );
      expect(grantedMethods).toEqual([...(spec.access.manageConnections ?? [])].sort());
      for (const resource of manageStatements.flatMap((s) => [s.Resource].flat())) {
        expect(JSON.stringify(resource)).toContain(`/${websocketStageName}/`);
      }
    },
  );

  it('lets ws-connect only close connections (the previous one of a reconnecting charger), never send', () => {
    // Assess
    expect(functions['ws-connect'].access.manageConnections).toEqual(['DELETE']);
  });

  it('grants no @connections GET: no function reads connection info', () => {
    // Act
    const resources = JSON.stringify(template.findResources('AWS::IAM::Policy'));

    // Assess
    expect(resources).not.toContain('/GET/@connections');
  });
});
