import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { DeviceEvent, DeviceModelReport, DeviceModelVariable, DeviceMonitor } from './model.ts';
import type { VariableQuery } from './ports.ts';
import { redactedVariable } from './reported-variables.ts';

/** The stored device model, a page at a time, secrets redacted (also in records stored before they were). */
export const listDeviceModel = async (
  deps: Pick<Dependencies, 'deviceModels'>,
  input: { tenantId: string; chargerId: string } & VariableQuery,
): Promise<Page<DeviceModelVariable>> => {
  const { tenantId, chargerId, ...query } = input;
  const page = await deps.deviceModels.listVariables(tenantId, chargerId, query);
  return { ...page, items: page.items.map(redactedVariable) };
};

/**
 * The charger's reports, newest request first. A report still open with no part for `staleAfterSeconds` is
 * shown incomplete: its `$disconnect` (best effort on AWS) may never have come, and chargers do not resume.
 */
export const listReports = async (
  deps: Pick<Dependencies, 'deviceModels' | 'clock'>,
  input: { tenantId: string; chargerId: string; limit: number; cursor?: string },
  staleAfterSeconds = reportStaleAfterSeconds,
): Promise<Page<DeviceModelReport>> => {
  const { tenantId, chargerId, ...query } = input;
  const page = await deps.deviceModels.listReports(tenantId, chargerId, query);
  const now = deps.clock.now().getTime();
  return {
    ...page,
    items: page.items.map((report) =>
      report.status === 'inProgress' && now - Date.parse(report.updatedAt) > staleAfterSeconds * 1000
        ? { ...report, status: 'incomplete', incompleteReason: 'disconnected' }
        : report,
    ),
  };
};

/** An hour without a part: a charger sending a report sends its parts back to back. */
export const reportStaleAfterSeconds = 3600;

/** The events the charger notified, newest first. */
export const listDeviceEvents = (
  deps: Pick<Dependencies, 'deviceEvents'>,
  input: { tenantId: string; chargerId: string; limit: number; cursor?: string },
): Promise<Page<DeviceEvent>> => {
  const { tenantId, chargerId, ...query } = input;
  return deps.deviceEvents.listEvents(tenantId, chargerId, query);
};

/** The stored monitors, a page at a time, in component order (then variable, then monitor id). */
export const listDeviceMonitors = async (
  deps: Pick<Dependencies, 'deviceModels'>,
  input: { tenantId: string; chargerId: string } & VariableQuery,
): Promise<Page<DeviceMonitor>> => {
  const { tenantId, chargerId, ...query } = input;
  return deps.deviceModels.listMonitors(tenantId, chargerId, query);
};
