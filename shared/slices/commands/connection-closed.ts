import { type ConnectionInput, disconnectCharger } from '../chargers/charger-connection.ts';
import type { Dependencies } from '../dependencies.ts';
import { failCallOfClosedConnection } from './remote-commands.ts';

/** `$disconnect`: the charger goes offline (if this was its current connection); its open and queued calls fail. */
export const chargerConnectionClosed = async (
  deps: Pick<
    Dependencies,
    'connections' | 'pendingCalls' | 'commands' | 'events' | 'clock' | 'cohortCounters'
  >,
  input: ConnectionInput,
): Promise<{ removed: boolean; failedCommandId?: string; failedQueuedCommandIds: string[] }> => {
  const { removed } = await disconnectCharger(deps, input);
  const failed = await failCallOfClosedConnection(deps, input);
  return { removed, ...failed };
};
