import { defineSlice, none } from '../slice.ts';
import { storeChangedConfiguration, storeReportedConfiguration } from './charger-configuration.ts';
import { chargerConfigurationOperations } from './http/charger-configuration.ts';
import { configurationManifest } from './manifest.ts';

export const configurationSlice = defineSlice({
  ...none,
  manifest: configurationManifest,
  operations: chargerConfigurationOperations,
  reactions: {
    ...none.reactions,
    'ocpp1.6': {
      GetConfiguration: [storeReportedConfiguration],
      ChangeConfiguration: [storeChangedConfiguration],
    },
  },
});
