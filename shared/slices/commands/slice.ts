import { defineSlice, none } from '../slice.ts';
import { createCallQueueTimerHandler } from './call-queue-timer-handler.ts';
import { commandOperations } from './http/commands.ts';
import { commandsManifest } from './manifest.ts';

export const commandsSlice = defineSlice({
  ...none,
  manifest: commandsManifest,
  operations: commandOperations,
  functions: { 'call-queue-timer': createCallQueueTimerHandler },
});
