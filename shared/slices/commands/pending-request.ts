import type { Dependencies } from '../dependencies.ts';
import type { Command } from './model.ts';

/**
 * The command of the call in the charger's slot when it is `action` with this `requestId`. A charger may send
 * the first part of what a request asked for (NotifyMonitoringReport, NotifyDisplayMessages,
 * NotifyCustomerInformation) as soon as it has answered, before the CSMS has recorded that answer: the call is
 * still pending then, and its request id is known all the same.
 */
export const pendingRequest = async (
  deps: Pick<Dependencies, 'pendingCalls' | 'commands'>,
  input: { tenantId: string; chargerId: string; action: string; requestId: number },
): Promise<Command | undefined> => {
  const call = await deps.pendingCalls.get(input.tenantId, input.chargerId);
  if (call?.action !== input.action) return undefined;
  const command = await deps.commands.get(input.tenantId, call.commandId);
  const requestId = (command?.payload as { requestId?: unknown } | undefined)?.requestId;
  return requestId === input.requestId ? command : undefined;
};
