import { defineSlice, none } from '../slice.ts';
import { idTokenImportOperations } from './http/id-token-import.ts';
import { reportOperations } from './http/reports.ts';
import { sessionImportOperations } from './http/session-import.ts';
import { migrationManifest } from './manifest.ts';

export const migrationSlice = defineSlice({
  ...none,
  manifest: migrationManifest,
  operations: { ...idTokenImportOperations, ...sessionImportOperations, ...reportOperations },
});
