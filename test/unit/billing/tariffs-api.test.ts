import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../shared/handlers/api.ts';
import type { ApiAuthorizerContext } from '../../../shared/http/principal-context.ts';
import { getTariffVersion, tariffInForceAt } from '../../../shared/slices/billing/tariffs.ts';
import type { ApiKeyRole } from '../../../shared/slices/tenancy/model.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { ocpiExamples } from './ocpi-tariff-examples.ts';

/*
 * The tariff API through the API function in-process, over the real repositories (dynalite): versions, the
 * default, deletion, validation errors naming the field, other tenants' tariffs, and the price route.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions.
type Body = any;

interface Caller {
  readonly tenantId?: string;
  readonly role?: ApiKeyRole;
  readonly siteIds?: string[];
}

const call = async (
  deps: TestDependencies,
  method: string,
  route: string,
  request: { path?: Record<string, string>; body?: unknown; caller?: Caller } = {},
): Promise<{ status: number; body: Body }> => {
  const caller = request.caller ?? {};
  const lambda: ApiAuthorizerContext = {
    kind: 'tenant',
    tenantId: caller.tenantId ?? 'tenant-a',
    keyId: `key-${caller.role ?? 'admin'}`,
    role: caller.role ?? 'admin',
    siteIds: caller.siteIds?.join(',') ?? '',
    rateLimitPerSecond: 1000,
    authError: '',
  };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const handler = createApiHandler(deps);
  const result = (await handler({
    routeKey: `${method} ${route}`,
    rawPath: route,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(request.path && { pathParameters: request.path }),
    ...(body !== undefined && { body }),
    isBase64Encoded: false,
    requestContext: { http: { method }, authorizer: { lambda } },
  } as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode ?? 0, body: result.body ? JSON.parse(result.body) : undefined };
};

const put = (deps: TestDependencies, tariffId: string, body: unknown, caller?: Caller) =>
  call(deps, 'PUT', '/v1/tariffs/{tariffId}', { path: { tariffId }, body, ...(caller && { caller }) });
const get = (deps: TestDependencies, tariffId: string, caller?: Caller) =>
  call(deps, 'GET', '/v1/tariffs/{tariffId}', { path: { tariffId }, ...(caller && { caller }) });
const list = (deps: TestDependencies, caller?: Caller) =>
  call(deps, 'GET', '/v1/tariffs', { ...(caller && { caller }) });
const remove = (deps: TestDependencies, tariffId: string, caller?: Caller) =>
  call(deps, 'DELETE', '/v1/tariffs/{tariffId}', { path: { tariffId }, ...(caller && { caller }) });
const priceOf = (deps: TestDependencies, tariffId: string, body: unknown, caller?: Caller) =>
  call(deps, 'POST', '/v1/tariffs/{tariffId}/price', { path: { tariffId }, body, ...(caller && { caller }) });

/** 20 kWh in two hours, then 40 minutes parked: an OCPI CDR's times and periods. */
const cdr = {
  start_date_time: '2026-06-01T10:00:00Z',
  end_date_time: '2026-06-01T12:40:00Z',
  charging_periods: [
    {
      start_date_time: '2026-06-01T10:00:00Z',
      dimensions: [
        { type: 'ENERGY', volume: 20 },
        { type: 'TIME', volume: 2 },
      ],
    },
    { start_date_time: '2026-06-01T12:00:00Z', dimensions: [{ type: 'PARKING_TIME', volume: 0.6667 }] },
  ],
};

describe('tariffs API', () => {
  let deps: TestDependencies;
  beforeEach(async () => {
    deps = await createTestDependencies();
  });

  describe('versions', () => {
    it('creates version 1, keeps it for the same content, and makes version 2 for a change', async () => {
      // Act
      const created = await put(deps, 'standard', ocpiExamples.parkingStart025kwh);
      deps.clock.advance(60_000);
      const again = await put(deps, 'standard', { ...ocpiExamples.parkingStart025kwh });
      deps.clock.advance(60_000);
      const changed = await put(deps, 'standard', { ...ocpiExamples.parkingStart025kwh, currency: 'CHF' });
      const read = await get(deps, 'standard');

      // Assess
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'standard',
        currency: 'EUR',
        version: 1,
        default: false,
        elements: ocpiExamples.parkingStart025kwh.elements,
      });
      expect([again.status, again.body.version, again.body.last_updated]).toEqual([
        200,
        1,
        created.body.last_updated,
      ]);
      expect([changed.status, changed.body.version, changed.body.currency]).toEqual([200, 2, 'CHF']);
      expect(read.body).toEqual(changed.body);
      expect(read.body.createdAt).toBe(created.body.createdAt);
      const first = await getTariffVersion(deps, { tenantId: 'tenant-a', tariffId: 'standard', version: 1 });
      expect(first?.tariff.currency).toBe('EUR');
    });

    it('finds the version in force at a time: a session keeps the one of its start', async () => {
      // Prepare
      deps.clock.set('2026-06-01T10:00:00.000Z');
      await put(deps, 'T', ocpiExamples.simple025kwh);
      deps.clock.set('2026-06-02T10:00:00.000Z');
      await put(deps, 'T', ocpiExamples.start025kwh);
      deps.clock.set('2026-06-03T10:00:00.000Z');
      await remove(deps, 'T');
      const at = (time: string) =>
        tariffInForceAt(deps, { tenantId: 'tenant-a', tariffId: 'T', at: time }).then(
          (found) => found?.version,
        );

      // Act & Assess
      expect(await at('2026-06-01T09:59:59Z')).toBeUndefined();
      expect(await at('2026-06-01T10:00:00Z')).toBe(1);
      expect(await at('2026-06-02T09:00:00+00:00')).toBe(1);
      expect(await at('2026-06-02T12:00:00+02:00')).toBe(2);
      expect(await at('2026-06-03T10:00:00Z')).toBeUndefined();
    });

    it('deletes: 404 and out of the list, versions kept; a new PUT goes on numbering', async () => {
      // Prepare
      await put(deps, 'T', ocpiExamples.simple025kwh);
      await put(deps, 'T', ocpiExamples.start025kwh);

      // Act
      const deleted = await remove(deps, 'T');
      const afterwards = [await get(deps, 'T'), await remove(deps, 'T'), await priceOf(deps, 'T', cdr)];
      const listed = await list(deps);
      const old = await priceOf(deps, 'T', { ...cdr, version: 2 });
      const recreated = await put(deps, 'T', ocpiExamples.simple025kwh);

      // Assess
      expect([deleted.status, deleted.body.version]).toEqual([200, 2]);
      expect(afterwards.map((answer) => answer.status)).toEqual([404, 404, 404]);
      expect(listed.body.items).toEqual([]);
      expect([old.status, old.body.total_cost]).toEqual([200, { excl_vat: 5.5, incl_vat: 6.1 }]);
      expect([recreated.status, recreated.body.version]).toEqual([201, 3]);
    });
  });

  describe('the default tariff', () => {
    it('is one tariff at a time; a PUT without default stops it being the default', async () => {
      // Act
      await put(deps, 'A', { ...ocpiExamples.simple025kwh, default: true });
      await put(deps, 'B', { ...ocpiExamples.simple2hour, default: true });
      const both = await list(deps);
      await put(deps, 'B', ocpiExamples.simple2hour);
      const none = await list(deps);

      // Assess
      expect(both.body.items.map((item: Body) => [item.id, item.default])).toEqual([
        ['A', false],
        ['B', true],
      ]);
      expect(none.body.items.map((item: Body) => item.default)).toEqual([false, false]);
      expect(await deps.tariffs.getDefault('tenant-a')).toBeUndefined();
    });

    it('is cleared when its tariff is deleted', async () => {
      // Prepare
      await put(deps, 'A', { ...ocpiExamples.simple025kwh, default: true });

      // Act
      const deleted = await remove(deps, 'A');

      // Assess
      expect(deleted.body.default).toBe(true);
      expect(await deps.tariffs.getDefault('tenant-a')).toBeUndefined();
    });
  });

  describe('invalid tariffs: 400 naming the field', () => {
    const valid = ocpiExamples.complex;
    const element = valid.elements[1]!;
    it.each([
      ['an unknown currency', { ...valid, currency: 'EUX' }, 'body.currency'],
      ['a lower-case currency', { ...valid, currency: 'eur' }, 'body.currency'],
      [
        'a negative price',
        { ...valid, elements: [{ price_components: [{ type: 'ENERGY', price: -0.1, step_size: 1 }] }] },
        'body.elements.0.price_components.0.price',
      ],
      [
        'an unknown component type',
        { ...valid, elements: [{ price_components: [{ type: 'KWH', price: 0.1, step_size: 1 }] }] },
        'body.elements.0.price_components.0.type',
      ],
      [
        'a VAT above 100 %',
        { ...valid, elements: [{ price_components: [{ type: 'FLAT', price: 1, vat: 120, step_size: 1 }] }] },
        'body.elements.0.price_components.0.vat',
      ],
      [
        'a fractional step_size',
        { ...valid, elements: [{ price_components: [{ type: 'TIME', price: 1, step_size: 1.5 }] }] },
        'body.elements.0.price_components.0.step_size',
      ],
      ['no elements', { ...valid, elements: [] }, 'body.elements'],
      [
        'a time that is no HH:MM',
        { ...valid, elements: [{ ...element, restrictions: { start_time: '9:00' } }] },
        'body.elements.0.restrictions.start_time',
      ],
      [
        'an hour 24',
        { ...valid, elements: [{ ...element, restrictions: { end_time: '24:00' } }] },
        'body.elements.0.restrictions.end_time',
      ],
      [
        'a date that is no calendar date',
        { ...valid, elements: [{ ...element, restrictions: { start_date: '2026-02-30' } }] },
        'body.elements.0.restrictions.start_date',
      ],
      [
        'an end_date before the start_date',
        {
          ...valid,
          elements: [{ ...element, restrictions: { start_date: '2026-03-01', end_date: '2026-02-01' } }],
        },
        'body.elements.0.restrictions.end_date',
      ],
      [
        'an empty kWh range',
        { ...valid, elements: [{ ...element, restrictions: { min_kwh: 20, max_kwh: 20 } }] },
        'body.elements.0.restrictions.max_kwh',
      ],
      [
        'an empty current range',
        { ...valid, elements: [{ ...element, restrictions: { min_current: 32, max_current: 16 } }] },
        'body.elements.0.restrictions.max_current',
      ],
      [
        'an empty power range',
        { ...valid, elements: [{ ...element, restrictions: { min_power: 50, max_power: 22 } }] },
        'body.elements.0.restrictions.max_power',
      ],
      [
        'an empty duration range',
        { ...valid, elements: [{ ...element, restrictions: { min_duration: 3600, max_duration: 60 } }] },
        'body.elements.0.restrictions.max_duration',
      ],
      [
        'a fractional duration',
        { ...valid, elements: [{ ...element, restrictions: { min_duration: 1.5 } }] },
        'body.elements.0.restrictions.min_duration',
      ],
      [
        'an unknown day',
        { ...valid, elements: [{ ...element, restrictions: { day_of_week: ['MON'] } }] },
        'body.elements.0.restrictions.day_of_week.0',
      ],
      [
        'a day twice',
        { ...valid, elements: [{ ...element, restrictions: { day_of_week: ['MONDAY', 'MONDAY'] } }] },
        'body.elements.0.restrictions.day_of_week',
      ],
      [
        'an unknown restriction',
        { ...valid, elements: [{ ...element, restrictions: { min_soc: 20 } }] },
        'body.elements.0.restrictions',
      ],
      [
        'a max_price below the min_price',
        { ...valid, min_price: { excl_vat: 5 }, max_price: { excl_vat: 4 } },
        'body.max_price.excl_vat',
      ],
      [
        'an incl_vat below excl_vat',
        { ...valid, min_price: { excl_vat: 5, incl_vat: 4 } },
        'body.min_price.incl_vat',
      ],
      [
        'a tariff_alt_text language that is no ISO 639-1 code',
        { ...valid, tariff_alt_text: [{ language: 'english', text: 'x' }] },
        'body.tariff_alt_text.0.language',
      ],
      [
        'an end_date_time before the start_date_time',
        { ...valid, start_date_time: '2026-06-02T00:00:00Z', end_date_time: '2026-06-01T00:00:00Z' },
        'body.end_date_time',
      ],
    ])('%s', async (_, body, field) => {
      // Act
      const answer = await put(deps, 'T', body);

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
      expect(answer.body.error.message).toContain(`${field}:`);
      expect((await get(deps, 'T')).status).toBe(404);
    });

    it('a tariff id that is no key segment', async () => {
      const answer = await put(deps, 'a#b', ocpiExamples.simple025kwh);
      expect([answer.status, answer.body.error.message]).toEqual([
        400,
        expect.stringContaining('path.tariffId'),
      ]);
    });

    it("accepts a partner's tariff as it is: OCPI's party fields are ignored", async () => {
      const answer = await put(deps, 'partner', {
        country_code: 'DE',
        party_id: 'ALL',
        id: '14',
        last_updated: '2015-06-29T20:39:09Z',
        ...ocpiExamples.complex,
      });
      expect([answer.status, answer.body.id, answer.body.country_code]).toEqual([201, 'partner', undefined]);
    });
  });

  describe('access', () => {
    it("another tenant's tariffs answer 404 and are not listed", async () => {
      // Prepare
      await put(deps, 'mine', ocpiExamples.simple025kwh);
      const other = { tenantId: 'tenant-b' };

      // Act
      const answers = [
        await get(deps, 'mine', other),
        await remove(deps, 'mine', other),
        await priceOf(deps, 'mine', cdr, other),
      ];
      const listed = await list(deps, other);
      const ownPut = await put(deps, 'mine', ocpiExamples.simple2hour, other);

      // Assess
      expect(answers.map((answer) => [answer.status, answer.body.error.code])).toEqual([
        [404, 'not_found'],
        [404, 'not_found'],
        [404, 'not_found'],
      ]);
      expect(listed.body.items).toEqual([]);
      expect([ownPut.status, ownPut.body.version]).toEqual([201, 1]);
      expect((await get(deps, 'mine')).body).toMatchObject({ version: 1, currency: 'EUR' });
      expect((await get(deps, 'mine')).body.elements).toEqual(ocpiExamples.simple025kwh.elements);
    });

    it('viewers read and price; writes need an admin key not limited to sites', async () => {
      // Prepare
      await put(deps, 'T', ocpiExamples.simple025kwh);
      const viewer = { role: 'viewer' as const };
      const siteAdmin = { role: 'admin' as const, siteIds: ['north'] };

      // Act & Assess
      expect((await get(deps, 'T', viewer)).status).toBe(200);
      expect((await list(deps, viewer)).status).toBe(200);
      expect((await priceOf(deps, 'T', cdr, viewer)).status).toBe(200);
      expect((await put(deps, 'T', ocpiExamples.simple2hour, viewer)).status).toBe(403);
      expect((await remove(deps, 'T', { role: 'operator' })).status).toBe(403);
      expect((await put(deps, 'T', ocpiExamples.simple2hour, siteAdmin)).status).toBe(403);
      expect((await remove(deps, 'T', siteAdmin)).status).toBe(403);
    });
  });

  describe('POST /v1/tariffs/{tariffId}/price', () => {
    it("prices an OCPI CDR's periods: OCPI totals and the cost in minor units", async () => {
      // Prepare
      await put(deps, 'T', ocpiExamples.parkingStart025kwh);

      // Act
      const answer = await priceOf(deps, 'T', cdr);

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        currency: 'EUR',
        total_cost: { excl_vat: 7, incl_vat: 7.9 },
        total_fixed_cost: { excl_vat: 0.5, incl_vat: 0.6 },
        total_energy: 20,
        total_energy_cost: { excl_vat: 5, incl_vat: 5.5 },
        total_time: 2.6667,
        total_time_cost: { excl_vat: 0, incl_vat: 0 },
        total_parking_time: 0.6667,
        total_parking_cost: { excl_vat: 1.5, incl_vat: 1.8 },
        cost: {
          currency: 'EUR',
          totalExclVat: 700,
          totalVat: 90,
          totalInclVat: 790,
          tariffId: 'T',
          tariffVersion: 1,
        },
      });
    });

    it('reads times of day in the time_zone asked for', async () => {
      // Prepare: energy at 1/kWh from 09:00 local, else free
      await put(deps, 'TOU', {
        currency: 'EUR',
        elements: [
          {
            price_components: [{ type: 'ENERGY', price: 1, step_size: 1 }],
            restrictions: { start_time: '09:00', end_time: '17:00' },
          },
          { price_components: [{ type: 'ENERGY', price: 0, step_size: 1 }] },
        ],
      });
      const session = {
        start_date_time: '2026-06-01T07:00:00Z',
        end_date_time: '2026-06-01T08:00:00Z',
        charging_periods: [
          { start_date_time: '2026-06-01T07:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] },
        ],
      };

      // Act
      const utc = await priceOf(deps, 'TOU', session);
      const amsterdam = await priceOf(deps, 'TOU', { ...session, time_zone: 'Europe/Amsterdam' });

      // Assess: 07:00Z is 09:00 in Amsterdam (CEST)
      expect(utc.body.total_cost.excl_vat).toBe(0);
      expect(amsterdam.body.total_cost.excl_vat).toBe(10);
    });

    it.each([
      ['an unknown time zone', { ...cdr, time_zone: 'Mars/Olympus' }, 'body.time_zone'],
      ['an end before the start', { ...cdr, end_date_time: '2026-06-01T09:00:00Z' }, 'body.end_date_time'],
      [
        'a period outside the session',
        {
          ...cdr,
          charging_periods: [
            { start_date_time: '2026-06-01T09:00:00Z', dimensions: [{ type: 'ENERGY', volume: 1 }] },
          ],
        },
        'body.charging_periods.0.start_date_time',
      ],
      [
        'a negative energy',
        {
          ...cdr,
          charging_periods: [
            { start_date_time: '2026-06-01T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: -1 }] },
          ],
        },
        'body.charging_periods.0.dimensions.0.volume',
      ],
      ['no periods', { ...cdr, charging_periods: [] }, 'body.charging_periods'],
      ['a time that is no date-time', { ...cdr, start_date_time: 'yesterday' }, 'body.start_date_time'],
    ])('400 for %s', async (_, body, field) => {
      // Prepare
      await put(deps, 'T', ocpiExamples.simple025kwh);

      // Act
      const answer = await priceOf(deps, 'T', body);

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toContain(`${field}:`);
    });

    it('404 for an unknown tariff or version', async () => {
      await put(deps, 'T', ocpiExamples.simple025kwh);
      const answers = [await priceOf(deps, 'nope', cdr), await priceOf(deps, 'T', { ...cdr, version: 2 })];
      expect(answers.map((answer) => [answer.status, answer.body.error.message])).toEqual([
        [404, 'tariff nope not found'],
        [404, 'tariff T version 2 not found'],
      ]);
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const document = await call(deps, 'GET', '/v1/openapi.json');
    const paths = document.body.paths;
    expect(Object.keys(paths['/v1/tariffs/{tariffId}'])).toEqual(['put', 'get', 'delete']);
    expect(paths['/v1/tariffs'].get.operationId).toBe('listTariffs');
    expect(paths['/v1/tariffs/{tariffId}/price'].post).toMatchObject({
      operationId: 'priceTariff',
      'x-csms-access': 'tenant',
    });
    const body = paths['/v1/tariffs/{tariffId}'].put.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining([
        'currency',
        'elements',
        'min_price',
        'max_price',
        'tariff_alt_text',
        'default',
      ]),
    );
  });
});
