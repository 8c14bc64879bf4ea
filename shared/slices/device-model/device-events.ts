import type { NotifyEventRequest } from '../../ocpp/generated/ocpp201.ts';
import { type ChargerMessageContext, recordConnectorStatus } from '../chargers/charger-messages.ts';
import { redactedValue } from '../commands/secret-redaction.ts';
import type { Dependencies } from '../dependencies.ts';
import type { DeviceEvent } from './model.ts';
import { isSecretVariable, refOf } from './reported-variables.ts';

/**
 * NotifyEvent: each event stored (the charger's events page) and published as `deviceEventReported`. A
 * connector's `AvailabilityState` event (a Connector component with its EVSE and connector) is its status too:
 * it takes the StatusNotification path (stored, `connectorStatusChanged` when it changed), so a Faulted
 * connector shows Faulted however the charger said it.
 */

const connectorStatuses = new Set(['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted']);

/** The charger's time, UTC; the time received when it cannot be read. */
const utc = (timestamp: string, fallback: string): string => {
  const time = Date.parse(timestamp);
  return new Date(Number.isNaN(time) ? fallback : time).toISOString();
};

export const eventsOfNotification = (
  ctx: ChargerMessageContext,
  request: NotifyEventRequest,
  receivedAt: string,
): DeviceEvent[] =>
  request.eventData.map((data) => {
    const ref = refOf(data);
    return {
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      ...ref,
      eventId: data.eventId,
      timestamp: utc(data.timestamp, receivedAt),
      trigger: data.trigger,
      actualValue: isSecretVariable(ref) ? redactedValue : data.actualValue,
      ...(data.cause !== undefined && { cause: data.cause }),
      ...(data.techCode !== undefined && { techCode: data.techCode }),
      ...(data.techInfo !== undefined && { techInfo: data.techInfo }),
      ...(data.cleared !== undefined && { cleared: data.cleared }),
      ...(data.transactionId !== undefined && { transactionId: data.transactionId }),
      ...(data.variableMonitoringId !== undefined && { variableMonitoringId: data.variableMonitoringId }),
      eventNotificationType: data.eventNotificationType,
      receivedAt,
    };
  });

/** The connector status an event says, if it is a connector's AvailabilityState. */
export const connectorStatusOf = (event: DeviceEvent) => {
  const { component, variable, actualValue } = event;
  if (component.name.toLowerCase() !== 'connector' || variable.name.toLowerCase() !== 'availabilitystate')
    return undefined;
  if (component.evseId === undefined || component.connectorId === undefined) return undefined;
  if (!connectorStatuses.has(actualValue)) return undefined;
  return { evseId: component.evseId, connectorId: component.connectorId, status: actualValue };
};

export const recordNotifiedEvents = async (
  deps: Pick<
    Dependencies,
    | 'deviceEvents'
    | 'events'
    | 'clock'
    | 'chargers'
    | 'settings'
    | 'uptimeCounters'
    | 'sites'
    | 'selfHealingAudience'
  >,
  ctx: ChargerMessageContext,
  request: NotifyEventRequest,
): Promise<DeviceEvent[]> => {
  const events = eventsOfNotification(ctx, request, deps.clock.now().toISOString());
  await deps.deviceEvents.putEvents(events);
  for (const event of events) {
    const status = connectorStatusOf(event);
    if (status) await recordConnectorStatus(deps, ctx, { ...status, statusAt: event.timestamp });
  }
  await deps.events.publish(
    events.map((event) => ({
      name: 'deviceEventReported' as const,
      detail: {
        tenantId: ctx.tenantId,
        chargerId: ctx.chargerId,
        ...(ctx.siteId && { siteId: ctx.siteId }),
        correlationId: ctx.correlationId,
        occurredAt: event.timestamp,
        eventId: event.eventId,
        trigger: event.trigger,
        eventNotificationType: event.eventNotificationType,
        component: event.component.name,
        ...(event.component.instance !== undefined && { componentInstance: event.component.instance }),
        ...(event.component.evseId !== undefined && { evseId: event.component.evseId }),
        ...(event.component.connectorId !== undefined && { connectorId: event.component.connectorId }),
        variable: event.variable.name,
        ...(event.variable.instance !== undefined && { variableInstance: event.variable.instance }),
        actualValue: event.actualValue,
        ...(event.cleared !== undefined && { cleared: event.cleared }),
        ...(event.cause !== undefined && { cause: event.cause }),
        ...(event.techCode !== undefined && { techCode: event.techCode }),
        ...(event.techInfo !== undefined && { techInfo: event.techInfo }),
        ...(event.transactionId !== undefined && { transactionId: event.transactionId }),
        ...(event.variableMonitoringId !== undefined && { variableMonitoringId: event.variableMonitoringId }),
      },
    })),
  );
  return events;
};
