import { type ConnectionInput, disconnectCharger } from '../chargers/charger-connection.ts';
import type { Dependencies } from '../dependencies.ts';
import { failCallOfClosedConnection } from './remote-commands.ts';

/** `$disconnect`: the charger goes offline (if this was its current connection) and its open call fails. */
export const chargerConnectionClosed = async (
  deps: Pick<Dependencies, 'connections' | 'pendingCalls' | 'commands' | 'events' | 'clock'>,
  input: ConnectionInput,
): Promise<{ removed: boolean; failedCommandId?: string }> => {
  const { removed } = await disconnectCharger(deps, input);
  const { failedCommandId } = await failCallOfClosedConnection(deps, input);
  return { removed, ...(failedCommandId && { failedCommandId }) };
};
