import { defineSlice, none } from '../slice.ts';
import { localListOperations } from './http/local-list.ts';
import { recordLocalListUpdate } from './local-list.ts';
import { localListManifest } from './manifest.ts';

export const localListSlice = defineSlice({
  ...none,
  manifest: localListManifest,
  operations: localListOperations,
  reactions: { ...none.reactions, 'ocpp1.6': { SendLocalList: [recordLocalListUpdate] } },
});
