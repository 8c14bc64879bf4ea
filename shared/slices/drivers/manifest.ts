import { defineManifest } from '../../topology/manifest.ts';

export const driversManifest = defineManifest({
  slice: 'drivers',
  summary: 'Drivers and vehicles of a tenant, with GDPR export and erasure',
  routes: {
    tenant: [
      ['POST', '/v1/drivers', 'createDriver'],
      ['GET', '/v1/drivers', 'listDrivers'],
      ['GET', '/v1/drivers/{driverId}', 'getDriver'],
      ['PATCH', '/v1/drivers/{driverId}', 'updateDriver'],
      ['DELETE', '/v1/drivers/{driverId}', 'deleteDriver'],
      ['GET', '/v1/drivers/{driverId}/export', 'exportDriver'],
      ['POST', '/v1/drivers/{driverId}/api-keys', 'issueDriverKey'],
      ['GET', '/v1/drivers/{driverId}/api-keys', 'listDriverKeys'],
      ['DELETE', '/v1/drivers/{driverId}/api-keys/{keyId}', 'revokeDriverKey'],
      ['POST', '/v1/vehicles', 'createVehicle'],
      ['GET', '/v1/vehicles', 'listVehicles'],
      ['GET', '/v1/vehicles/{vehicleId}', 'getVehicle'],
      ['PATCH', '/v1/vehicles/{vehicleId}', 'updateVehicle'],
      ['DELETE', '/v1/vehicles/{vehicleId}', 'deleteVehicle'],
    ],
  },
});
