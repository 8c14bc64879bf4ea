import { describe, expect, it } from 'vitest';
import { dataTransferLength } from '../../../shared/slices/chargers/charger-messages.ts';
import { createV16Handlers, createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';

describe('DataTransfer from chargers', () => {
  it.each([
    ['nothing', undefined, 0],
    ['a 1.6 string', 'abc', 3],
    ['a 2.0.1 object', { a: 1 }, 7],
    ['a 2.0.1 array', [1, 2], 5],
    ['a 2.0.1 number', 42, 2],
  ])('logs the length of %s', (_, data, length) => {
    // Act
    const logged = dataTransferLength(data);

    // Assess
    expect(logged).toBe(length);
  });

  it('answers UnknownVendorId in both versions, whatever the vendor, and changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const v16 = createV16Handlers(deps);
    const v201 = createV201Handlers(deps);

    // Act
    const answers = [
      await v16.DataTransfer(aMessageContext(), { vendorId: 'com.acme', messageId: 'Hello', data: 'x' }),
      await v201.DataTransfer(aMessageContext({ ocppVersion: 'ocpp2.0.1' }), {
        vendorId: 'org.openchargealliance.costmsg',
        data: { any: ['json'] },
      }),
      await v201.DataTransfer(aMessageContext({ ocppVersion: 'ocpp2.0.1' }), { vendorId: 'com.acme' }),
    ];

    // Assess
    expect(answers).toEqual([
      { status: 'UnknownVendorId' },
      { status: 'UnknownVendorId' },
      { status: 'UnknownVendorId' },
    ]);
    expect(await deps.table.scan()).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });
});
