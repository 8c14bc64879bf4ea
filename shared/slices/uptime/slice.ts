import { defineSlice, none } from '../slice.ts';
import { uptimeReportOperations } from './http/reports.ts';
import { uptimeManifest } from './manifest.ts';

export const uptimeSlice = defineSlice({
  ...none,
  manifest: uptimeManifest,
  operations: uptimeReportOperations,
});
