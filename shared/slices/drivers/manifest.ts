import { defineManifest } from '../../topology/manifest.ts';

export const driversManifest = defineManifest({
  slice: 'drivers',
  summary: 'Drivers, vehicles and fleets of a tenant, with GDPR export and erasure and fleet reports',
  routes: {
    tenant: [
      ['POST', '/v1/drivers', 'createDriver'],
      ['GET', '/v1/drivers', 'listDrivers'],
      ['GET', '/v1/drivers/{driverId}', 'getDriver'],
      ['PATCH', '/v1/drivers/{driverId}', 'updateDriver'],
      ['DELETE', '/v1/drivers/{driverId}', 'deleteDriver'],
      ['GET', '/v1/drivers/{driverId}/export', 'exportDriver'],
      ['POST', '/v1/vehicles', 'createVehicle'],
      ['GET', '/v1/vehicles', 'listVehicles'],
      ['GET', '/v1/vehicles/{vehicleId}', 'getVehicle'],
      ['PATCH', '/v1/vehicles/{vehicleId}', 'updateVehicle'],
      ['DELETE', '/v1/vehicles/{vehicleId}', 'deleteVehicle'],
      ['POST', '/v1/fleets', 'createFleet'],
      ['GET', '/v1/fleets', 'listFleets'],
      ['GET', '/v1/fleets/{fleetId}', 'getFleet'],
      ['PATCH', '/v1/fleets/{fleetId}', 'updateFleet'],
      ['DELETE', '/v1/fleets/{fleetId}', 'deleteFleet'],
      ['GET', '/v1/fleets/{fleetId}/drivers', 'listFleetDrivers'],
      ['GET', '/v1/fleets/{fleetId}/vehicles', 'listFleetVehicles'],
      ['GET', '/v1/fleets/{fleetId}/sessions', 'listFleetSessions'],
      ['GET', '/v1/fleets/{fleetId}/reports/monthly', 'fleetMonthlyReport'],
    ],
  },
});
