import { describe, expect, it } from 'vitest';
import {
  type Cdr,
  cdrOfSession,
  creditCdrId,
  creditOf,
  debitCdrId,
  parseCdrId,
} from '../../../shared/slices/billing/cdr.ts';
import { decideIssue, type IssuedCdr, publishesClaim } from '../../../shared/slices/billing/ledger.ts';
import type { TariffVersion } from '../../../shared/slices/billing/model.ts';
import { priceSessionWith } from '../../../shared/slices/billing/session-pricing.ts';
import type { Session } from '../../../shared/slices/transactions/model.ts';

/*
 * The ledger's decision (what a session version adds to the CDRs issued for the session), CDR ids and credits,
 * and the session pricing of the ledger: pure functions, table tests, no mocks.
 */

const debit = (version: number): IssuedCdr => ({
  cdrId: debitCdrId('S1', version),
  kind: 'DEBIT',
  sessionVersion: version,
});
const credit = (version: number): IssuedCdr => ({
  cdrId: creditCdrId('S1', version),
  kind: 'CREDIT',
  sessionVersion: version,
  creditReferenceId: debitCdrId('S1', version),
});

describe('decideIssue', () => {
  it.each<[string, IssuedCdr[], number, ReturnType<typeof decideIssue>]>([
    ['nothing issued yet: the CDR of the version', [], 1, { debitVersion: 1 }],
    ['nothing issued, a corrected version first: its CDR alone', [], 3, { debitVersion: 3 }],
    ['the same version again (retry, replay): nothing', [debit(1)], 1, undefined],
    ['an older version after a newer one was billed: nothing', [debit(1), credit(1), debit(2)], 1, undefined],
    ['the billed version again after a correction: nothing', [debit(1), credit(1), debit(2)], 2, undefined],
    [
      'a newer version: credit the open CDR, then a new one',
      [debit(1)],
      2,
      { debitVersion: 2, credit: 'S1-1' },
    ],
    [
      'a second correction credits the latest CDR, not the first again',
      [debit(1), credit(1), debit(2)],
      3,
      { debitVersion: 3, credit: 'S1-2' },
    ],
    [
      'a version skipped (2 never billed): the open CDR is credited',
      [debit(1)],
      3,
      { debitVersion: 3, credit: 'S1-1' },
    ],
  ])('%s', (_, issued, version, expected) => {
    // Act
    const decision = decideIssue(issued, version);

    // Assess
    expect(decision).toEqual(expected);
  });
});

describe('publishesClaim', () => {
  const claim = { published: false, claimedBy: 'exec-1', updatedAt: '2026-06-01T11:00:00.000Z' };
  it.each([
    ['the claimer (or its retry)', claim, 'exec-1', '2026-06-01T11:00:01.000Z', true],
    [
      'a duplicate execution while the claimer may still run',
      claim,
      'exec-2',
      '2026-06-01T11:04:59.999Z',
      false,
    ],
    [
      'anyone once the claim is stale (5 minutes: its claimer is dead)',
      claim,
      'exec-2',
      '2026-06-01T11:05:00.000Z',
      true,
    ],
    [
      'nobody once it is published',
      { ...claim, published: true },
      'exec-1',
      '2026-06-01T11:00:01.000Z',
      false,
    ],
  ])('%s', (_, ledger, executionId, now, expected) => {
    // Act & Assess
    expect(publishesClaim(ledger, executionId, new Date(now))).toBe(expected);
  });
});

describe('CDR ids', () => {
  it.each([
    [
      'a debit',
      '01JD8X3Q4M5N6P7R8S9T0V1W2X-1',
      { sessionId: '01JD8X3Q4M5N6P7R8S9T0V1W2X', sessionVersion: 1, kind: 'DEBIT' },
    ],
    ['a credit', 'S1-12-CR', { sessionId: 'S1', sessionVersion: 12, kind: 'CREDIT' }],
    ['no version', 'S1', undefined],
    ['version 0', 'S1-0', undefined],
    ['above 2^31 - 1', 'S1-2147483648', undefined],
    ['another suffix', 'S1-1-XX', undefined],
    ['a key separator', 'S#1-1', undefined],
  ])('%s: %s', (_, cdrId, expected) => {
    // Act & Assess
    expect(parseCdrId(cdrId)).toEqual(expected);
  });

  it('names what it was made from', () => {
    // Act & Assess
    expect(parseCdrId(debitCdrId('S9', 4))).toEqual({ sessionId: 'S9', sessionVersion: 4, kind: 'DEBIT' });
    expect(parseCdrId(creditCdrId('S9', 4))).toEqual({ sessionId: 'S9', sessionVersion: 4, kind: 'CREDIT' });
  });
});

const aSession = (overrides: Partial<Session> = {}): Session & { endedAt: string } =>
  ({
    tenantId: 't1',
    sessionId: 'S1',
    chargerId: 'CP-1',
    siteId: 'site-1',
    chargerTransactionId: 'tx-1',
    status: 'Completed',
    startedAt: '2026-06-01T10:00:00.000Z',
    evseId: 1,
    connectorId: 1,
    idToken: 'TAG-1',
    idTokenType: 'ISO14443',
    energyWh: 20_000,
    version: 1,
    revision: 3,
    createdAt: '2026-06-01T10:00:00.000Z',
    updatedAt: '2026-06-01T11:30:00.000Z',
    createdBy: 'charger:CP-1',
    updatedBy: 'charger:CP-1',
    // The register readings the energy comes from (charging periods are built from readings).
    meterStart: { at: '2026-06-01T10:00:00.000Z', seqNo: 0, wh: 0 },
    meterStop: {
      at: overrides.endedAt ?? '2026-06-01T11:30:00.000Z',
      seqNo: 1,
      wh: overrides.energyWh ?? 20_000,
    },
    ...overrides,
    endedAt: overrides.endedAt ?? '2026-06-01T11:30:00.000Z',
  }) as Session & { endedAt: string };

const aTariff: TariffVersion = {
  tenantId: 't1',
  tariffId: 'T-1',
  version: 2,
  validFrom: '2026-05-01T00:00:00.000Z',
  createdBy: 'key:k1',
  tariff: {
    currency: 'EUR',
    elements: [
      {
        price_components: [
          { type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 },
          { type: 'TIME', price: 2, vat: 20, step_size: 60 },
        ],
      },
    ],
  },
} as TariffVersion;

describe('priceSessionWith', () => {
  it('prices an ended session with its tariff: 20 kWh × 0.30 + 1.5 h × 2.00, VAT 20 %', () => {
    // Act
    const priced = priceSessionWith({
      session: aSession(),
      meterValues: [],
      until: '2026-06-01T11:30:00.000Z',
      resolved: { tariff: { version: aTariff, scope: 'default' }, timeZone: 'UTC' },
    });

    // Assess
    expect(priced.cost).toMatchObject({
      currency: 'EUR',
      totalExclVat: 900,
      totalVat: 180,
      totalInclVat: 1080,
      tariffId: 'T-1',
      tariffVersion: 2,
    });
    expect(priced.cost.lines.map((line) => [line.kind, line.exclVat])).toEqual([
      ['ENERGY', 600],
      ['TIME', 300],
    ]);
    expect(priced.ocpi).toMatchObject({
      total_energy: 20,
      total_time: 1.5,
      total_cost: { excl_vat: 9, incl_vat: 10.8 },
    });
  });

  it('prices a session no tariff applies to at zero, with a line that says so, energy and time kept', () => {
    // Act
    const priced = priceSessionWith({
      session: aSession(),
      meterValues: [],
      until: '2026-06-01T11:30:00.000Z',
      resolved: { timeZone: 'UTC' },
    });

    // Assess
    expect(priced.cost).toEqual({
      currency: 'EUR',
      totalExclVat: 0,
      totalVat: 0,
      totalInclVat: 0,
      lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }],
    });
    expect(priced.ocpi).toMatchObject({
      total_energy: 20,
      total_time: 1.5,
      total_cost: { excl_vat: 0, incl_vat: 0 },
    });
  });
});

describe('cdrOfSession and creditOf', () => {
  const priced = priceSessionWith({
    session: aSession({ version: 2 }),
    meterValues: [],
    until: '2026-06-01T11:30:00.000Z',
    resolved: { tariff: { version: aTariff, scope: 'default' }, timeZone: 'UTC' },
  });
  const cdr: Cdr = cdrOfSession({
    session: aSession({ version: 2 }),
    priced,
    chargingPeriods: [],
    tariff: aTariff,
    issuedAt: '2026-06-01T11:31:00.000Z',
  });

  it('issues the OCPI CDR of the version, its id naming the session and version', () => {
    // Assess
    expect(cdr).toMatchObject({
      id: 'S1-2',
      session_id: 'S1',
      start_date_time: '2026-06-01T10:00:00.000Z',
      end_date_time: '2026-06-01T11:30:00.000Z',
      cdr_token: { uid: 'TAG-1', type: 'RFID', contract_id: 'TAG-1' },
      auth_method: 'AUTH_REQUEST',
      cdr_location: { id: 'site-1', evse_uid: 'CP-1*1', connector_id: '1' },
      currency: 'EUR',
      tariffs: [{ id: 'T-1', currency: 'EUR', last_updated: '2026-05-01T00:00:00.000Z' }],
      total_cost: { excl_vat: 9, incl_vat: 10.8 },
      total_energy: 20,
      credit: false,
      last_updated: '2026-06-01T11:31:00.000Z',
      sessionVersion: 2,
    });
    expect(cdr).not.toHaveProperty('credit_reference_id');
  });

  it('credits a CDR with every amount negated, quantities kept, and a reference to it', () => {
    // Act
    const credited = creditOf(cdr, '2026-06-02T08:00:00.000Z');

    // Assess
    expect(credited).toMatchObject({
      id: 'S1-2-CR',
      credit: true,
      credit_reference_id: 'S1-2',
      total_cost: { excl_vat: -9, incl_vat: -10.8 },
      total_energy_cost: { excl_vat: -6, incl_vat: -7.2 },
      total_energy: 20,
      total_time: 1.5,
      last_updated: '2026-06-02T08:00:00.000Z',
      cost: { totalExclVat: -900, totalVat: -180, totalInclVat: -1080 },
    });
    expect(credited.cost.lines.map((line) => line.inclVat)).toEqual([-720, -360]);
    // A zero amount credits as 0, never -0.
    expect(Object.is(credited.total_fixed_cost.excl_vat, 0)).toBe(true);
  });
});
