import { beforeEach, describe, expect, it } from 'vitest';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import { createDriver, createVehicle } from '../../../shared/slices/drivers/drivers.ts';
import { attributeSession, createFleet } from '../../../shared/slices/drivers/fleets.ts';
import type { Vehicle } from '../../../shared/slices/drivers/model.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';

/*
 * Who a session is of, from its id token (over the real repositories): the token's driver, the vehicle the token
 * names (Autocharge MAC, Plug & Charge contract id) or the driver's only one, and the vehicle's fleet before the
 * driver's.
 */

const tenantId = 'tenant-a';
const actor = 'key-admin';

describe('attributeSession', () => {
  let deps: TestDependencies;
  let fleets: { own: string; other: string };

  const aDriver = async (fleetId?: string) =>
    (await createDriver(deps, { tenantId, name: 'Ada', ...(fleetId && { fleetId }), actor })).driverId;
  const aVehicle = async (fields: Partial<Vehicle>) => {
    const outcome = await createVehicle(deps, { tenantId, fields, actor });
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.vehicle.vehicleId;
  };
  const aToken = (idToken: string, driverId?: string) =>
    putIdToken(deps, { tenantId, idToken, status: 'Accepted', ...(driverId && { driverId }), actor });

  beforeEach(async () => {
    deps = await createTestDependencies();
    fleets = {
      own: (await createFleet(deps, { tenantId, name: 'own', actor })).fleetId,
      other: (await createFleet(deps, { tenantId, name: 'other', actor })).fleetId,
    };
  });

  it('is nobody for no token, an unknown one and one without a driver', async () => {
    // Prepare
    await aToken('TAG-NOBODY');

    // Act
    const answers = await Promise.all(
      [undefined, 'TAG-UNKNOWN', 'TAG-NOBODY', 'bad#token'].map((idToken) =>
        attributeSession(deps, { tenantId, idToken }),
      ),
    );

    // Assess
    expect(answers).toEqual([{}, {}, {}, {}]);
  });

  it("is the driver's only vehicle, and that vehicle's fleet before the driver's", async () => {
    // Prepare
    const driverId = await aDriver(fleets.other);
    const vehicleId = await aVehicle({ driverId, fleetId: fleets.own });
    await aToken('tag-1', driverId);

    // Act
    const attribution = await attributeSession(deps, { tenantId, idToken: 'TAG-1' });

    // Assess
    expect(attribution).toEqual({ driverId, vehicleId, fleetId: fleets.own });
  });

  it("is the driver's fleet for a vehicle of no fleet, and no vehicle when the driver has several", async () => {
    // Prepare
    const driverId = await aDriver(fleets.own);
    await aVehicle({ driverId });
    await aVehicle({ driverId });
    await aToken('TAG-1', driverId);

    // Act
    const attribution = await attributeSession(deps, { tenantId, idToken: 'TAG-1' });

    // Assess
    expect(attribution).toEqual({ driverId, fleetId: fleets.own });
  });

  it.each([
    ['the MAC address Autocharge reports', '00:1A:2B:3C:4D:5E', { macAddress: '001A2B3C4D5E' }],
    ['the contract id, with or without dashes', 'DEABCC12345678X', { contractId: 'DE-ABC-C12345678-X' }],
  ])("is the one of the driver's vehicles the token names: %s", async (_case, token, identifiers) => {
    // Prepare
    const driverId = await aDriver();
    await aVehicle({ driverId, fleetId: fleets.other });
    const named = await aVehicle({ driverId, fleetId: fleets.own, ...identifiers });
    await aToken(token, driverId);

    // Act
    const attribution = await attributeSession(deps, { tenantId, idToken: token.toLowerCase() });

    // Assess
    expect(attribution).toEqual({ driverId, vehicleId: named, fleetId: fleets.own });
  });
});
