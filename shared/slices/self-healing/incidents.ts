import type { Actor } from '../../kernel/model.ts';
import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Incident } from './model.ts';
import type { IncidentQuery } from './ports.ts';

export const listIncidents = (
  deps: Pick<Dependencies, 'incidents'>,
  tenantId: string,
  query: IncidentQuery,
): Promise<Page<Incident>> => deps.incidents.list(tenantId, query);

export const getIncident = (
  deps: Pick<Dependencies, 'incidents'>,
  tenantId: string,
  incidentId: string,
): Promise<Incident | undefined> => deps.incidents.get(tenantId, incidentId);

/** Resolves an open incident once: resolving it again answers it as it is and publishes nothing. */
export const resolveIncident = async (
  deps: Pick<Dependencies, 'incidents' | 'events' | 'clock'>,
  input: { tenantId: string; incidentId: string; actor: Actor; note?: string; correlationId: string },
): Promise<Incident | undefined> => {
  const at = deps.clock.now().toISOString();
  const resolved = await deps.incidents.resolve(input.tenantId, input.incidentId, {
    resolvedAt: at,
    resolvedBy: input.actor,
    ...(input.note !== undefined && { note: input.note }),
  });
  if (!resolved) return undefined;
  const { incident, changed } = resolved;
  if (changed)
    await deps.events.publish([
      {
        name: 'incidentResolved',
        detail: {
          tenantId: input.tenantId,
          chargerId: incident.chargerId,
          ...(incident.siteId && { siteId: incident.siteId }),
          occurredAt: at,
          correlationId: input.correlationId,
          incidentId: incident.incidentId,
          resolvedBy: input.actor,
          ...(input.note !== undefined && { note: input.note }),
          ...(incident.kind === 'ghost' && { kind: 'ghost' as const }),
        },
      },
    ]);
  return incident;
};
