import { describe, expect, it } from 'vitest';
import { OcppPropertyConstraintViolation } from '../../../shared/ocpp/errors.ts';
import type { MeterValuesRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import { createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

const aMeterValuesRequest = (evseId: number): MeterValuesRequest => ({
  evseId,
  meterValue: [
    {
      timestamp: '2024-05-01T12:00:00.000Z',
      sampledValue: [
        { value: 1234.5, measurand: 'Energy.Active.Import.Register', context: 'Sample.Clock' },
        { value: 230.1, measurand: 'Voltage', phase: 'L1-N', context: 'Sample.Clock' },
      ],
    },
  ],
});

describe('OCPP 2.0.1 MeterValues (outside transactions)', () => {
  it.each([
    ['the main power meter (EVSE 0)', 0],
    ['an EVSE', 1],
    ['an EVSE the charger never reported a status of', 7],
  ])('%s: answered, and not kept, as 1.6 MeterValues without a transaction', async (_, evseId) => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const answer = await handlers.MeterValues(ctx, aMeterValuesRequest(evseId));

    // Assess
    expect(answer).toEqual({});
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it.each([
    ['beyond the highest EVSE id', 1001],
    ['negative', -1],
  ])('an EVSE id %s: PropertyConstraintViolation', async (_, evseId) => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const handling = handlers.MeterValues(ctx, aMeterValuesRequest(evseId));

    // Assess
    await expect(handling).rejects.toBeInstanceOf(OcppPropertyConstraintViolation);
  });
});
