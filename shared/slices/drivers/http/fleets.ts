import type { z } from 'zod';
import { apiErrors } from '../../../http/api-error.ts';
import { formatCsv } from '../../../http/csv.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { sessionListResponseSchema } from '../../../http/schemas.ts';
import { requireAllSites } from '../../../http/site-access.ts';
import type { Page } from '../../../kernel/ports.ts';
import type { Principal } from '../../tenancy/tenants.ts';
import { toSessionResponse } from '../../transactions/http/sessions.ts';
import { listFleetSessions } from '../../transactions/sessions.ts';
import { fleetMonthlyReport } from '../fleet-reports.ts';
import {
  createFleet,
  deleteFleet,
  getFleet,
  listFleetDrivers,
  listFleets,
  listFleetVehicles,
  updateFleet,
} from '../fleets.ts';
import type { Fleet } from '../model.ts';
import { toDriverResponse, toVehicleResponse } from './drivers.ts';
import {
  createFleetRequestSchema,
  driverListResponseSchema,
  fleetListResponseSchema,
  fleetPathSchema,
  fleetReportQuerySchema,
  fleetReportResponseSchema,
  fleetResponseSchema,
  fleetSessionsQuerySchema,
  listQuerySchema,
  updateFleetRequestSchema,
  vehicleListResponseSchema,
} from './schemas.ts';

const toFleetResponse = ({ tenantId: _t, ...fleet }: Fleet): z.infer<typeof fleetResponseSchema> => fleet;

/** Fleets span every site of the tenant: site-limited keys neither see nor change them. */
const tenantWide = 'fleets span every site of the tenant';

const noFleet = { 404: { description: 'No such fleet in this tenant (or not the key’s fleet)' } } as const;

/**
 * The caller of a fleet route, if it may see this fleet: a tenant-wide key any of its tenant's, a fleet-scoped key
 * only its own (another fleet is "not found", as another tenant's). Site-limited keys: 403.
 */
const callerOfFleet = (principal: Principal | undefined, fleetId: string) => {
  const tenant = tenantOf(principal);
  requireAllSites(tenant, tenantWide);
  if (tenant.fleetId !== undefined && tenant.fleetId !== fleetId)
    throw apiErrors.notFound(`fleet ${fleetId}`);
  return tenant;
};

const page = <T, R>(items: Page<T>, map: (item: T) => R) => ({
  items: items.items.map(map),
  ...(items.cursor && { cursor: items.cursor }),
});

const reportCsvHeader = [
  'month',
  'vehicleId',
  'licencePlate',
  'driverId',
  'sessions',
  'energyKwh',
  'currency',
  'totalExclVat',
  'totalVat',
  'totalInclVat',
] as const;

export const fleetOperations = {
  createFleet: defineOperation({
    summary: 'Create a fleet: a group of drivers and vehicles whose sessions a fleet-scoped key sees',
    request: { body: createFleetRequestSchema },
    responses: { 201: { description: 'Created', schema: fleetResponseSchema }, ...errors },
    role: 'admin',
    async handle(deps, { body, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const fleet = await createFleet(deps, { tenantId: tenant.tenantId, ...body, actor: tenant.keyId });
      return { status: 201, body: toFleetResponse(fleet) };
    },
  }),

  listFleets: defineOperation({
    summary: "List the tenant's fleets, in creation order",
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of fleets', schema: fleetListResponseSchema }, ...errors },
    role: 'viewer',
    async handle(deps, { query, principal }) {
      const tenant = tenantOf(principal);
      requireAllSites(tenant, tenantWide);
      const fleets = await listFleets(deps, { tenantId: tenant.tenantId, ...query });
      return { status: 200, body: page(fleets, toFleetResponse) };
    },
  }),

  getFleet: defineOperation({
    summary: 'A fleet (a fleet-scoped key: its own)',
    request: { path: fleetPathSchema },
    responses: { 200: { description: 'The fleet', schema: fleetResponseSchema }, ...noFleet, ...errors },
    role: 'viewer',
    fleetScoped: true,
    async handle(deps, { path, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const fleet = await getFleet(deps, { tenantId: tenant.tenantId, fleetId: path.fleetId });
      if (!fleet) throw apiErrors.notFound(`fleet ${path.fleetId}`);
      return { status: 200, body: toFleetResponse(fleet) };
    },
  }),

  updateFleet: defineOperation({
    summary: "Change a fleet's name or description",
    request: { path: fleetPathSchema, body: updateFleetRequestSchema },
    responses: { 200: { description: 'The fleet', schema: fleetResponseSchema }, ...noFleet, ...errors },
    role: 'admin',
    async handle(deps, { path, body, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const fleet = await updateFleet(deps, {
        tenantId: tenant.tenantId,
        fleetId: path.fleetId,
        changes: body,
        actor: tenant.keyId,
      });
      if (!fleet) throw apiErrors.notFound(`fleet ${path.fleetId}`);
      return { status: 200, body: toFleetResponse(fleet) };
    },
  }),

  deleteFleet: defineOperation({
    summary: 'Delete a fleet without members (take its drivers and vehicles out first); its sessions keep it',
    request: { path: fleetPathSchema },
    responses: {
      200: { description: 'Deleted; the fleet as it was', schema: fleetResponseSchema },
      ...noFleet,
      409: { description: 'The fleet still has drivers or vehicles' },
      ...errors,
    },
    role: 'admin',
    async handle(deps, { path, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const outcome = await deleteFleet(deps, { tenantId: tenant.tenantId, fleetId: path.fleetId });
      if (outcome === 'not-found') throw apiErrors.notFound(`fleet ${path.fleetId}`);
      if (outcome === 'has-members')
        throw apiErrors.conflict(
          `fleet ${path.fleetId} has drivers or vehicles: set their fleetId to null first`,
        );
      return { status: 200, body: toFleetResponse(outcome) };
    },
  }),

  listFleetDrivers: defineOperation({
    summary: "The fleet's drivers, in id order",
    request: { path: fleetPathSchema, query: listQuerySchema },
    responses: {
      200: { description: 'A page of drivers', schema: driverListResponseSchema },
      ...noFleet,
      ...errors,
    },
    role: 'viewer',
    fleetScoped: true,
    async handle(deps, { path, query, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const drivers = await listFleetDrivers(deps, {
        tenantId: tenant.tenantId,
        fleetId: path.fleetId,
        ...query,
      });
      if (!drivers) throw apiErrors.notFound(`fleet ${path.fleetId}`);
      return { status: 200, body: page(drivers, toDriverResponse) };
    },
  }),

  listFleetVehicles: defineOperation({
    summary: "The fleet's vehicles, in id order",
    request: { path: fleetPathSchema, query: listQuerySchema },
    responses: {
      200: { description: 'A page of vehicles', schema: vehicleListResponseSchema },
      ...noFleet,
      ...errors,
    },
    role: 'viewer',
    fleetScoped: true,
    async handle(deps, { path, query, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const vehicles = await listFleetVehicles(deps, {
        tenantId: tenant.tenantId,
        fleetId: path.fleetId,
        ...query,
      });
      if (!vehicles) throw apiErrors.notFound(`fleet ${path.fleetId}`);
      return { status: 200, body: page(vehicles, toVehicleResponse) };
    },
  }),

  listFleetSessions: defineOperation({
    summary:
      "The fleet's sessions across every site, newest first: those whose vehicle (else driver) was in the fleet when they started",
    request: { path: fleetPathSchema, query: fleetSessionsQuerySchema },
    responses: {
      200: { description: 'A page of sessions', schema: sessionListResponseSchema },
      ...noFleet,
      ...errors,
    },
    role: 'viewer',
    fleetScoped: true,
    async handle(deps, { path, query, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      if (!(await getFleet(deps, { tenantId: tenant.tenantId, fleetId: path.fleetId })))
        throw apiErrors.notFound(`fleet ${path.fleetId}`);
      const sessions = await listFleetSessions(deps, {
        tenantId: tenant.tenantId,
        fleetId: path.fleetId,
        ...query,
      });
      return { status: 200, body: page(sessions, toSessionResponse) };
    },
  }),

  fleetMonthlyReport: defineOperation({
    summary:
      "The fleet's sessions, energy and billed cost per month and vehicle (else driver) and currency; JSON or CSV",
    request: { path: fleetPathSchema, query: fleetReportQuerySchema },
    responses: {
      200: {
        description:
          'The report: a row per month (UTC, of the start), vehicle (else driver) and currency; sessions not billed yet in a row without currency. `Accept: text/csv` for CSV.',
        schema: fleetReportResponseSchema,
      },
      ...noFleet,
      ...errors,
    },
    csvResponse: (body) => {
      const report = body as z.infer<typeof fleetReportResponseSchema>;
      return {
        text: formatCsv(
          reportCsvHeader,
          report.rows.map((row) => reportCsvHeader.map((column) => row[column])),
        ),
      };
    },
    role: 'viewer',
    fleetScoped: true,
    async handle(deps, { path, query, principal }) {
      const tenant = callerOfFleet(principal, path.fleetId);
      const currentMonth = deps.clock.now().toISOString().slice(0, 7);
      const report = await fleetMonthlyReport(deps, {
        tenantId: tenant.tenantId,
        fleetId: path.fleetId,
        from: query.from ?? currentMonth,
        to: query.to ?? currentMonth,
      });
      if (!report) throw apiErrors.notFound(`fleet ${path.fleetId}`);
      return {
        status: 200,
        body: {
          fleetId: report.fleet.fleetId,
          from: report.from,
          to: report.to,
          rows: report.rows.map((row) => ({ ...row })),
        },
      };
    },
  }),
} satisfies Record<string, Operation>;
