import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { reservedConcurrencyOf } from '../../lib/reserved-concurrency.ts';
import { operations } from '../../shared/slices/index.ts';
import {
  chargerCallOperations,
  type FunctionId,
  functions,
  httpApiRouteThrottles,
  httpApiStageThrottle,
  httpRoutes,
  lambdaAccountConcurrency,
  queues,
  routeKey,
  webSocketThrottles,
  websocketRoutes,
  websocketStageName,
} from '../../shared/topology/index.ts';
import { logicalIdOf, synthesizeCsms } from './synth.ts';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const stageOf = (template: Template, apiPrefix: string): Resource => {
  const stages = Object.values(
    template.findResources('AWS::ApiGatewayV2::Stage', {
      Properties: { ApiId: { Ref: Match.stringLikeRegexp(`^${apiPrefix}`) } },
    }),
  ) as Resource[];
  expect(stages).toHaveLength(1);
  return stages[0] as Resource;
};

const settings = (throttle: { rateLimit: number; burstLimit: number }) => ({
  ThrottlingRateLimit: throttle.rateLimit,
  ThrottlingBurstLimit: throttle.burstLimit,
});

const reservedOf = (template: Template, id: FunctionId): unknown => {
  const logicalId = logicalIdOf(template, 'AWS::Lambda::Function', {
    Description: functions[id].description,
  });
  return (template.findResources('AWS::Lambda::Function')[logicalId] as Resource).Properties
    .ReservedConcurrentExecutions;
};

describe('capacity isolation', () => {
  const { template } = synthesizeCsms();
  // One stack with every capacity prop overridden, one with the topology's reservations: few synths, fast tests.
  const { template: custom } = synthesizeCsms({
    webSocketThrottles: { $connect: { rateLimit: 50, burstLimit: 75 } },
    apiThrottle: { rateLimit: 2000, burstLimit: 4000 },
    apiRouteThrottles: { $default: { rateLimit: 1, burstLimit: 2 } },
    reservedConcurrency: { 'ws-default': 300, api: undefined, 'call-queue-timer': 5 },
  });
  const { template: reserved } = synthesizeCsms({ reservedConcurrency: true });

  describe('WebSocket stage', () => {
    const stage = stageOf(template, 'GatewayApi');

    it('throttles each route with the topology throttle, $default being the stage default', () => {
      // Assess
      expect(stage.Properties.StageName).toBe(websocketStageName);
      expect(stage.Properties.RouteSettings).toEqual(
        Object.fromEntries(
          Object.keys(websocketRoutes.routes).map((key) => [
            key,
            settings(webSocketThrottles[key as keyof typeof webSocketThrottles]),
          ]),
        ),
      );
      expect(stage.Properties.DefaultRouteSettings).toEqual(settings(webSocketThrottles.$default));
    });

    it('keeps $connect within the 500 new connections a second account quota, and tighter than $default', () => {
      // Assess
      expect(webSocketThrottles.$connect.rateLimit).toBeLessThan(500);
      expect(webSocketThrottles.$connect.rateLimit).toBeLessThan(webSocketThrottles.$default.rateLimit);
    });

    it('waits for the routes its settings name (API Gateway refuses settings of a missing route)', () => {
      // Assess
      for (const routeKeyName of ['connect', 'default', 'disconnect']) {
        expect(stage.DependsOn).toContainEqual(
          expect.stringMatching(new RegExp(`^GatewayApi${routeKeyName}Route`)),
        );
      }
    });

    it('takes throttles of the stack props over the topology, route by route', () => {
      // Assess
      const routeSettings = stageOf(custom, 'GatewayApi').Properties.RouteSettings as Record<string, unknown>;
      expect(routeSettings.$connect).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 75 });
      expect(routeSettings.$default).toEqual(settings(webSocketThrottles.$default));
    });

    it('refuses a throttle API Gateway would refuse', () => {
      // Act & Assess
      expect(() =>
        synthesizeCsms({ webSocketThrottles: { $default: { rateLimit: -1, burstLimit: 10 } } }),
      ).toThrow(/routeThrottles.\$default: rateLimit/);
      expect(() => synthesizeCsms({ webSocketThrottles: { $connect: { rateLimit: 10 } } })).toThrow(
        /burstLimit must be a whole number/,
      );
    });
  });

  describe('HTTP API stage', () => {
    const stage = stageOf(template, 'TenantApi');

    it('throttles the stage well above the per-tenant limit, so that a tenant meets its own limit first', () => {
      // Assess
      expect(stage.Properties.DefaultRouteSettings).toEqual(settings(httpApiStageThrottle));
      expect(httpApiStageThrottle.rateLimit).toBeGreaterThanOrEqual(10 * 50);
    });

    it('throttles the anonymous routes (public ones and the catch-all) and the routes that wait for a charger', () => {
      // Prepare
      const anonymous = [
        ...httpRoutes.filter((route) => route.access === 'public').map(routeKey),
        '$default',
      ];
      const waiting = httpRoutes
        .filter((route) => (chargerCallOperations as readonly string[]).includes(route.operationId))
        .map(routeKey);

      // Assess
      expect(Object.keys(stage.Properties.RouteSettings as object).sort()).toEqual(
        [...anonymous, ...waiting].sort(),
      );
      expect(stage.Properties.RouteSettings).toEqual(
        Object.fromEntries(Object.entries(httpApiRouteThrottles).map(([key, t]) => [key, settings(t)])),
      );
      for (const key of [...anonymous, ...waiting]) {
        expect(httpApiRouteThrottles[key]?.rateLimit).toBeLessThan(httpApiStageThrottle.rateLimit);
      }
    });

    it('lists as charger calls exactly the operations that wait for a charger (their query takes waitSeconds)', () => {
      // Act
      const waiting = Object.entries(operations)
        .filter(([, operation]) => {
          const query = operation.request.query as { shape?: Record<string, unknown> } | undefined;
          return query?.shape !== undefined && 'waitSeconds' in query.shape;
        })
        .map(([operationId]) => operationId);

      // Assess
      expect([...chargerCallOperations].sort()).toEqual(waiting.sort());
    });

    it('waits for every route its settings name', () => {
      // Assess
      expect(stage.DependsOn).toContainEqual(expect.stringMatching(/^TenantApiDefaultRoute/));
      expect(stage.DependsOn).toContainEqual(expect.stringMatching(/^TenantApiGETv1openapijson/));
      expect(stage.DependsOn).toContainEqual(
        expect.stringMatching(/^TenantApiPOSTv1chargerschargerIdcommandsremotestart/),
      );
    });

    it('takes the stage and route throttles of the stack props', () => {
      // Assess
      const customStage = stageOf(custom, 'TenantApi');
      expect(customStage.Properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: 2000,
        ThrottlingBurstLimit: 4000,
      });
      expect((customStage.Properties.RouteSettings as Record<string, unknown>).$default).toEqual({
        ThrottlingRateLimit: 1,
        ThrottlingBurstLimit: 2,
      });
    });

    it('refuses a route throttle for a route the API does not have', () => {
      // Act & Assess
      expect(() =>
        synthesizeCsms({ apiRouteThrottles: { 'GET /v1/nothing': { rateLimit: 1, burstLimit: 1 } } }),
      ).toThrow(/no route 'GET \/v1\/nothing'/);
    });
  });

  describe('reserved concurrency', () => {
    it('reserves nothing by default: a stack that reserves can fail to deploy on a small account', () => {
      // Assess
      for (const id of Object.keys(functions) as FunctionId[]) {
        expect(reservedOf(template, id)).toBeUndefined();
      }
    });

    it('reserves the topology sizes with one prop, within the account pool minus its unreserved minimum', () => {
      // Assess
      let total = 0;
      for (const [id, spec] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
        expect(reservedOf(reserved, id)).toBe(spec.reservedConcurrency?.size);
        total += spec.reservedConcurrency?.size ?? 0;
      }
      expect(total).toBeLessThanOrEqual(
        lambdaAccountConcurrency.defaultLimit - lambdaAccountConcurrency.minimumUnreserved,
      );
    });

    it('caps the storm-prone $connect functions below the message path when reserving', () => {
      // Prepare
      const sizeOf = (id: FunctionId) => functions[id].reservedConcurrency?.size ?? 0;

      // Assess
      for (const id of [websocketRoutes.authorizer.function, websocketRoutes.routes.$connect]) {
        expect(sizeOf(id)).toBeGreaterThan(0);
        expect(sizeOf(id)).toBeLessThan(sizeOf(websocketRoutes.routes.$default));
      }
    });

    it('takes sizes of the stack props over the topology, and undefined leaves a function unreserved', () => {
      // Assess
      expect(reservedOf(custom, 'ws-default')).toBe(300);
      expect(reservedOf(custom, 'ws-connect')).toBe(functions['ws-connect'].reservedConcurrency?.size);
      expect(reservedOf(custom, 'api')).toBeUndefined();
      expect(reservedOf(custom, 'call-queue-timer')).toBe(5);
    });

    it('fails the synth when the reservations leave less than 100 unreserved', () => {
      // Act & Assess
      expect(() => synthesizeCsms({ reservedConcurrency: true, accountConcurrencyLimit: 500 })).toThrow(
        /reserves 450 of an account limit of 500; at most 400/,
      );
      expect(() => synthesizeCsms({ reservedConcurrency: { 'ws-default': 901 } })).toThrow(/at most 900/);
    });

    it('refuses sizes that are not whole numbers, and functions that do not exist', () => {
      // Act & Assess
      expect(() => reservedConcurrencyOf({ 'ws-default': 1.5 }, functions)).toThrow(/whole number/);
      expect(() =>
        reservedConcurrencyOf(
          { nope: 1 } as unknown as Parameters<typeof reservedConcurrencyOf>[0],
          functions,
        ),
      ).toThrow(/no function 'nope'/);
    });
  });

  describe('queue consumers', () => {
    it('caps the call-queue timer with the event source maximum concurrency, which reserves nothing', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: queues['call-queue-timer'].maxConcurrency ?? 5 },
      });
    });
  });
});
