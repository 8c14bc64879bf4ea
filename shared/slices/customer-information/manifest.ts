import { defineManifest } from '../../topology/manifest.ts';

export const customerInformationManifest = defineManifest({
  slice: 'customer-information',
  summary:
    'OCPP 2.0.1 customer information (block N): the NotifyCustomerInformation parts answering a ' +
    'CustomerInformation request, concatenated per request id and kept 30 days (personal data)',
  ocpp: { 'ocpp2.0.1': ['NotifyCustomerInformation'] },
  routes: {
    tenant: [['GET', '/v1/chargers/{chargerId}/customer-information/{requestId}', 'getCustomerInformation']],
  },
  reactions: { 'ocpp2.0.1': ['CustomerInformation'] },
  events: ['customerInformationReported'],
});
