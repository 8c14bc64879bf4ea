import { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { siteIdSchema } from '../../../http/schemas.ts';
import { canSeeSite, requireAllSites, siteScopeOf } from '../../../http/site-access.ts';
import {
  refusingUnknownTariff,
  tariffAssignmentSchema,
  timeZoneSchema,
} from '../../billing/http/scope-schemas.ts';
import { defaultTimeZone } from '../../billing/tariff-resolution.ts';
import type { Site } from '../model.ts';
import { createSite, deleteSite, getSite, listSites, updateSite } from '../sites.ts';

const sitePathSchema = z.strictObject({ siteId: siteIdSchema });

const maxPowerKwSchema = z
  .number()
  .positive()
  .max(1_000_000)
  .meta({ description: 'Grid connection limit of the site, for load management.' });

const locationSchema = z
  .strictObject({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  })
  .meta({
    id: 'GeoLocation',
    description: 'WGS 84 degrees; drivers find chargers near a position by it (the driver API).',
    example: { latitude: 52.3731, longitude: 4.8922 },
  });

const createSiteRequestSchema = z.strictObject({
  siteId: siteIdSchema,
  name: z.string().trim().min(1).max(200),
  maxPowerKw: maxPowerKwSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  location: locationSchema.optional(),
});

const updateSiteRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    maxPowerKw: maxPowerKwSchema.nullable().optional().meta({ description: '`null` removes the limit.' }),
    tariffId: tariffAssignmentSchema,
    timeZone: timeZoneSchema.optional(),
    location: locationSchema.nullable().optional().meta({ description: '`null` removes it.' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const siteResponseSchema = z
  .object({
    siteId: z.string(),
    name: z.string(),
    maxPowerKw: z.number().optional(),
    tariffId: z
      .string()
      .optional()
      .meta({ description: "The site's tariff, unless the id token or charger has one." }),
    timeZone: z.string().meta({ description: 'IANA time zone of its tariff restrictions; default UTC.' }),
    location: locationSchema.optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'Site' });

const listSitesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

const siteListResponseSchema = z.object({
  items: z.array(siteResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

const toSiteResponse = (site: Site): z.infer<typeof siteResponseSchema> => ({
  siteId: site.siteId,
  name: site.name,
  ...(site.maxPowerKw !== undefined && { maxPowerKw: site.maxPowerKw }),
  ...(site.tariffId && { tariffId: site.tariffId }),
  timeZone: site.timeZone ?? defaultTimeZone,
  ...(site.location && { location: { ...site.location } }),
  createdAt: site.createdAt,
  createdBy: site.createdBy,
  updatedAt: site.updatedAt,
  updatedBy: site.updatedBy,
});

const notFound = {
  404: { description: 'No such site in this tenant (or not one of the key’s sites)' },
} as const;

/** Sites: a site-limited key sees and edits only its own; creating and deleting sites is tenant-wide. */
export const siteOperations = {
  createSite: defineOperation({
    summary: 'Create a site',
    request: { body: createSiteRequestSchema },
    responses: {
      201: { description: 'Created', schema: siteResponseSchema },
      409: { description: 'A site with this id exists in the tenant' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const site = await createSite(deps, { tenantId: tenant.tenantId, ...body, actor: tenant.keyId });
      if (!site) throw apiErrors.conflict(`site ${body.siteId} already exists`);
      return { status: 201, body: toSiteResponse(site) };
    },
  }),

  listSites: defineOperation({
    summary: "List the tenant's sites (a site-limited key: its own)",
    request: { query: listSitesQuerySchema },
    responses: { 200: { description: 'A page of sites', schema: siteListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      const scope = siteScopeOf(tenant);
      const page = await listSites(deps, {
        tenantId: tenant.tenantId,
        ...query,
        ...(scope && { siteIds: scope }),
      });
      return {
        status: 200,
        body: { items: page.items.map(toSiteResponse), ...(page.cursor && { cursor: page.cursor }) },
      };
    },
  }),

  getSite: defineOperation({
    summary: 'A site',
    request: { path: sitePathSchema },
    responses: { 200: { description: 'The site', schema: siteResponseSchema }, ...notFound, ...errors },
    role: 'viewer',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      const site = canSeeSite(tenant, path.siteId)
        ? await getSite(deps, { tenantId: tenant.tenantId, siteId: path.siteId })
        : undefined;
      if (!site) throw apiErrors.notFound(`site ${path.siteId}`);
      return { status: 200, body: toSiteResponse(site) };
    },
  }),

  updateSite: defineOperation({
    summary: 'Rename a site, change its power limit, tariff or time zone',
    request: { path: sitePathSchema, body: updateSiteRequestSchema },
    responses: { 200: { description: 'The site', schema: siteResponseSchema }, ...notFound, ...errors },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = tenantOf(principal);
      const site = canSeeSite(tenant, path.siteId)
        ? await refusingUnknownTariff(
            updateSite(deps, {
              tenantId: tenant.tenantId,
              siteId: path.siteId,
              changes: body,
              actor: tenant.keyId,
            }),
          )
        : undefined;
      if (!site) throw apiErrors.notFound(`site ${path.siteId}`);
      return { status: 200, body: toSiteResponse(site) };
    },
  }),

  deleteSite: defineOperation({
    summary: 'Delete a site that no charger belongs to',
    request: { path: sitePathSchema },
    responses: {
      204: { description: 'Deleted' },
      ...notFound,
      409: { description: 'Chargers still belong to the site' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant);
      const outcome = await deleteSite(deps, { tenantId: tenant.tenantId, siteId: path.siteId });
      if (outcome === 'not-found') throw apiErrors.notFound(`site ${path.siteId}`);
      if (outcome === 'has-chargers')
        throw apiErrors.conflict(`chargers still belong to site ${path.siteId}; move or delete them first`);
      return { status: 204, body: undefined };
    },
  }),
} satisfies Record<string, Operation>;
