import { describe, expect, it } from 'vitest';
import { packCdr, packCdrs, unpackCdr, unpackCdrs } from '../../shared/slices/billing/adapters/cdr-codec.ts';
import type { Cdr } from '../../shared/slices/billing/ports.ts';

/* How CDRs are stored: identity plain, the rest compressed; CDRs stored before compression still read. */

const period = (hour: number) => ({
  start_date_time: `2026-06-01T${String(10 + hour).padStart(2, '0')}:00:00.000Z`,
  dimensions: [
    { type: 'ENERGY', volume: 7.5 },
    { type: 'TIME', volume: 1 },
  ],
});

const aCdr = {
  id: 'S1-1',
  tenantId: 'tenant-a',
  session_id: 'S1',
  sessionVersion: 1,
  credit: false,
  last_updated: '2026-06-01T15:05:00.000Z',
  start_date_time: '2026-06-01T10:00:00.000Z',
  end_date_time: '2026-06-01T15:00:00.000Z',
  cdr_token: { uid: 'TAG-1', type: 'RFID', contract_id: 'TAG-1' },
  currency: 'EUR',
  tariffs: [
    {
      id: 'T-1',
      currency: 'EUR',
      last_updated: '2026-01-01T00:00:00.000Z',
      elements: [0, 1, 2, 3, 4].map((n) => ({
        price_components: [{ type: 'ENERGY', price: 0.2 + n / 100, vat: 20, step_size: 1 }],
        restrictions: {
          start_time: `${String(4 * n).padStart(2, '0')}:00`,
          end_time: `${String(4 * n + 4).padStart(2, '0')}:00`,
        },
      })),
    },
  ],
  charging_periods: [0, 1, 2, 3, 4].map(period),
  total_cost: { excl_vat: 7.88, incl_vat: 9.45 },
  total_energy: 37.5,
} as unknown as Cdr;

describe('CDR codec', () => {
  it('keeps what identifies and lists a CDR plain and gives the CDR back as it was', () => {
    // Act
    const packed = packCdr(aCdr);

    // Assess
    expect(packed).toMatchObject({
      id: 'S1-1',
      tenantId: 'tenant-a',
      session_id: 'S1',
      sessionVersion: 1,
      credit: false,
    });
    expect(packed.last_updated).toBe('2026-06-01T15:05:00.000Z');
    expect(unpackCdr({ ...packed })).toEqual(aCdr);
  });

  it('stores a CDR in well under half of its JSON size', () => {
    // Act
    const packed = packCdr(aCdr);

    // Assess
    const stored = Buffer.byteLength(JSON.stringify({ ...packed, body: undefined })) + packed.body.byteLength;
    expect(stored).toBeLessThan(Buffer.byteLength(JSON.stringify(aCdr)) / 2);
  });

  it('reads a CDR stored before compression, and a ledger list in either form', () => {
    // Act & Assess
    expect(unpackCdr({ ...aCdr })).toEqual(aCdr);
    expect(unpackCdrs([aCdr])).toEqual([aCdr]);
    expect(unpackCdrs(packCdrs([aCdr, aCdr]))).toEqual([aCdr, aCdr]);
    expect(unpackCdrs(undefined)).toBeUndefined();
  });
});
