import { defineSlice, none } from '../slice.ts';
import { loadManagementOperations } from './http/load-management.ts';
import { loadManagementManifest } from './manifest.ts';

export const loadManagementSlice = defineSlice({
  ...none,
  manifest: loadManagementManifest,
  operations: loadManagementOperations,
});
