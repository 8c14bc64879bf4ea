import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { defineSlice, none } from '../slice.ts';
import {
  recordDisplayMessagesAnswer,
  recordDisplayMessagesPart,
  removeClearedMessage,
} from './display-messages.ts';
import { displayMessagesOperations } from './http/display-messages.ts';
import { displayMessagesManifest } from './manifest.ts';

type V201 = Required<NonNullable<OcppHandlers['ocpp2.0.1']>>;

export const displayMessagesSlice = defineSlice({
  ...none,
  manifest: displayMessagesManifest,
  ocpp: {
    ...none.ocpp,
    'ocpp2.0.1': (deps: Dependencies): Pick<V201, 'NotifyDisplayMessages'> => ({
      // Empty whatever happens (unknown request id, part after the end): the response has no fields.
      NotifyDisplayMessages: async (ctx, req) => {
        await recordDisplayMessagesPart(deps, ctx, req);
        return {};
      },
    }),
  },
  operations: displayMessagesOperations,
  reactions: {
    ...none.reactions,
    'ocpp2.0.1': {
      GetDisplayMessages: [recordDisplayMessagesAnswer],
      ClearDisplayMessage: [removeClearedMessage],
    },
  },
});
