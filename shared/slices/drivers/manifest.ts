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
    // The driver API: driver keys only ("me" is the key's driver); tagged "Driver API" in the OpenAPI document.
    driver: [
      ['GET', '/v1/driver/me', 'getDriverMe'],
      ['GET', '/v1/driver/vehicles', 'listDriverVehicles'],
      ['GET', '/v1/driver/id-tokens', 'listDriverIdTokens'],
      ['GET', '/v1/driver/chargers', 'findDriverChargers'],
      ['GET', '/v1/driver/chargers/{chargerId}', 'getDriverCharger'],
      ['GET', '/v1/driver/chargers/{chargerId}/price', 'getDriverPrice'],
      ['POST', '/v1/driver/sessions', 'startDriverSession'],
      ['GET', '/v1/driver/sessions', 'listDriverSessions'],
      ['GET', '/v1/driver/sessions/{sessionId}', 'getDriverSession'],
      ['POST', '/v1/driver/sessions/{sessionId}/stop', 'stopDriverSession'],
      ['GET', '/v1/driver/commands/{commandId}', 'getDriverCommand'],
    ],
  },
});
