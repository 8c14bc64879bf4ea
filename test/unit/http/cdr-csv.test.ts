import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/http/csv.ts';
import { acceptsCsv } from '../../../shared/http/request-body.ts';
import { cdrOperations } from '../../../shared/slices/billing/http/cdrs.ts';

describe('acceptsCsv', () => {
  it.each([
    ['text/csv', true],
    ['text/csv; charset=utf-8', true],
    ['application/json, TEXT/CSV;q=0.5', true],
    ['text/csv;q=0', false],
    ['text/csv; q=0.0', false],
    ['application/json', false],
    ['*/*', false],
    ['text/csvx', false],
    [undefined, false],
  ])('%s → %s', (accept, expected) => {
    // Act & Assess
    expect(acceptsCsv(accept)).toBe(expected);
  });
});

describe('CDR listing as CSV', () => {
  const aCdr = (uid: string) => ({
    id: 'S1-1',
    session_id: 'S1',
    start_date_time: '2026-06-01T10:00:00.000Z',
    end_date_time: '2026-06-01T11:00:00.000Z',
    cdr_token: { uid, type: 'RFID', contract_id: uid },
    auth_method: 'AUTH_REQUEST',
    cdr_location: { id: 'site-1', evse_uid: 'CP-1*1', evse_id: 'CP-1*1', connector_id: '1' },
    currency: 'EUR',
    tariffs: [],
    charging_periods: [],
    total_cost: { excl_vat: -4, incl_vat: -4.8 },
    total_fixed_cost: { excl_vat: 0, incl_vat: 0 },
    total_energy: 10,
    total_energy_cost: { excl_vat: -4, incl_vat: -4.8 },
    total_time: 1,
    total_time_cost: { excl_vat: 0, incl_vat: 0 },
    total_parking_time: 0,
    total_parking_cost: { excl_vat: 0, incl_vat: 0 },
    credit: true,
    credit_reference_id: 'S1-0',
    last_updated: '2026-06-01T11:01:00.000Z',
    chargerId: 'CP-1',
    sessionVersion: 1,
    cost: { currency: 'EUR', totalExclVat: -400, totalVat: -80, totalInclVat: -480, lines: [] },
  });

  it('escapes a token a spreadsheet would run as a formula, keeps negative amounts numbers, cursor in a header', () => {
    // Act
    const csv = cdrOperations.listCdrs.csvResponse!({
      items: [aCdr('=HYPERLINK("http://x")')],
      cursor: 'abc',
    });

    // Assess
    const [header, row] = parseCsv(csv.text);
    expect(row![header!.indexOf('cdr_token_uid')]).toBe('\'=HYPERLINK("http://x")');
    expect(row![header!.indexOf('total_incl_vat_minor')]).toBe('-480');
    expect(row![header!.indexOf('total_cost_incl_vat')]).toBe('-4.8');
    expect(row![header!.indexOf('credit')]).toBe('true');
    expect(csv.headers).toEqual({ 'x-next-cursor': 'abc' });
  });
});
