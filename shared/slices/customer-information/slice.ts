import type { OcppHandlers } from '../../ocpp/dispatcher.ts';
import type { Dependencies } from '../dependencies.ts';
import { defineSlice, none } from '../slice.ts';
import { recordCustomerInformationAnswer, recordCustomerInformationPart } from './customer-information.ts';
import { customerInformationOperations } from './http/customer-information.ts';
import { customerInformationManifest } from './manifest.ts';

type V201 = Required<NonNullable<OcppHandlers['ocpp2.0.1']>>;

export const customerInformationSlice = defineSlice({
  ...none,
  manifest: customerInformationManifest,
  ocpp: {
    ...none.ocpp,
    'ocpp2.0.1': (deps: Dependencies): Pick<V201, 'NotifyCustomerInformation'> => ({
      // Empty whatever happens (unknown request id, part after the end): the response has no fields.
      NotifyCustomerInformation: async (ctx, req) => {
        await recordCustomerInformationPart(deps, ctx, req);
        return {};
      },
    }),
  },
  operations: customerInformationOperations,
  reactions: { ...none.reactions, 'ocpp2.0.1': { CustomerInformation: [recordCustomerInformationAnswer] } },
});
