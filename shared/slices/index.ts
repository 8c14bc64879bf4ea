import type { Operation } from '../http/operation.ts';
import type { OcppHandlers } from '../ocpp/dispatcher.ts';
import { authorizationSlice } from './authorization/slice.ts';
import { availabilitySlice } from './availability/slice.ts';
import { billingSlice } from './billing/slice.ts';
import { certificatesSlice } from './certificates/slice.ts';
import { chargersSlice } from './chargers/slice.ts';
import { type CommandReactions, concatByAction } from './commands/command-reactions.ts';
import { commandsSlice } from './commands/slice.ts';
import { configurationSlice } from './configuration/slice.ts';
import { customerInformationSlice } from './customer-information/slice.ts';
import type { Dependencies } from './dependencies.ts';
import { deviceModelSlice } from './device-model/slice.ts';
import { displayMessagesSlice } from './display-messages/slice.ts';
import { driversSlice } from './drivers/slice.ts';
import { firmwareSlice } from './firmware/slice.ts';
import { loadManagementSlice } from './load-management/slice.ts';
import { localListSlice } from './local-list/slice.ts';
import { migrationSlice } from './migration/slice.ts';
import { reservationsSlice } from './reservations/slice.ts';
import { securitySlice } from './security/slice.ts';
import { selfHealingSlice } from './self-healing/slice.ts';
import type { FunctionHandler } from './slice.ts';
import { smartChargingSlice } from './smart-charging/slice.ts';
import { tenancySlice } from './tenancy/slice.ts';
import { transactionsSlice } from './transactions/slice.ts';
import { uptimeSlice } from './uptime/slice.ts';
import { webhooksSlice } from './webhooks/slice.ts';

/**
 * Every slice's implementation: the handlers read their OCPP handlers, operations, reactions and functions from
 * here (the topology reads the same slices' manifests, in shared/topology/manifests.ts).
 */
export const slices = [
  tenancySlice,
  chargersSlice,
  securitySlice,
  authorizationSlice,
  transactionsSlice,
  commandsSlice,
  configurationSlice,
  deviceModelSlice,
  displayMessagesSlice,
  customerInformationSlice,
  reservationsSlice,
  localListSlice,
  firmwareSlice,
  billingSlice,
  smartChargingSlice,
  driversSlice,
  loadManagementSlice,
  webhooksSlice,
  selfHealingSlice,
  certificatesSlice,
  availabilitySlice,
  migrationSlice,
  uptimeSlice,
] as const;

/** Merges the slices' records of one kind; a name registered by two slices is a bug, refused at load. */
const mergeOnce = <V>(kind: string, records: readonly Readonly<Record<string, V>>[]): Record<string, V> => {
  const merged: Record<string, V> = {};
  for (const record of records)
    for (const [name, value] of Object.entries(record)) {
      if (Object.hasOwn(merged, name)) throw new Error(`${kind} ${name} is registered by two slices`);
      merged[name] = value;
    }
  return merged;
};

/** Every slice's HTTP operations, by operationId. */
export const operations: Record<string, Operation> = mergeOnce(
  'operation',
  slices.map((slice) => slice.operations),
);

/** The handlers of every charger-initiated action, per version, from the slices that declare them. */
export const createOcppHandlers = (deps: Dependencies): OcppHandlers => ({
  'ocpp1.6': mergeOnce(
    'OCPP 1.6 handler',
    slices.map((slice) => slice.ocpp['ocpp1.6'](deps)),
  ) as OcppHandlers['ocpp1.6'],
  'ocpp2.0.1': mergeOnce(
    'OCPP 2.0.1 handler',
    slices.map((slice) => slice.ocpp['ocpp2.0.1'](deps)),
  ) as OcppHandlers['ocpp2.0.1'],
});

/** What an accepted answer changes, per version and action; several slices may react to one action. */
export const commandReactions: CommandReactions = {
  'ocpp1.6': concatByAction(slices.map((slice) => slice.reactions['ocpp1.6'])),
  'ocpp2.0.1': concatByAction(slices.map((slice) => slice.reactions['ocpp2.0.1'])),
};

/** The handler factory of every slice function (workflow tasks), by function id. */
export const sliceFunctionFactories: Record<string, (deps: Dependencies) => FunctionHandler> = mergeOnce(
  'function',
  slices.map((slice) => slice.functions),
);
