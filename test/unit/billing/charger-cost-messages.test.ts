import { describe, expect, it } from 'vitest';
import { validateRequest, validateResponse } from '../../../shared/ocpp/validation.ts';
import { createRunningCostGate } from '../../../shared/slices/billing/adapters/running-cost-gate.ts';
import { isEnergyFlowing } from '../../../shared/slices/billing/charger-cost.ts';
import {
  costMessageVendorId,
  finalCostMessage,
  majorUnits,
  personalMessageOf,
  runningCostMessage,
  setUserPriceMessage,
  tariffTextFor,
  totalCostOf,
} from '../../../shared/slices/billing/charger-cost-messages.ts';
import type { OcpiTariff } from '../../../shared/slices/billing/model.ts';
import { type PricedSession, priceSession } from '../../../shared/slices/billing/pricing.ts';
import type { SessionMeterValue } from '../../../shared/slices/transactions/model.ts';

/*
 * The builders of what a charger is told of a session's cost: priced session → payloads, each checked against
 * the OCA schema of its version (the same check as every frame in and out), and the choices they make.
 */

const start = '2026-05-04T10:00:00.000Z';
const end = '2026-05-04T11:30:00.000Z';

/** 0.25/kWh at 20 % VAT, 2.00/h charging at 20 %, 1.00 start fee at 10 %, 6.00/h parking at 20 %. */
const tariff: OcpiTariff = {
  currency: 'EUR',
  tariff_alt_text: [
    { language: 'en', text: '0.30/kWh, 2.40/h, 1.10 start, idle 7.20/h' },
    { language: 'de-DE', text: '0,30/kWh, 2,40/h, 1,10 Start, Standzeit 7,20/h' },
    { language: 'fr', text: '0,30/kWh, 2,40/h, 1,10 départ, stationnement 7,20/h' },
  ],
  elements: [
    {
      price_components: [
        { type: 'ENERGY', price: 0.25, vat: 20, step_size: 1 },
        { type: 'TIME', price: 2, vat: 20, step_size: 60 },
        { type: 'FLAT', price: 1, vat: 10, step_size: 0 },
        { type: 'PARKING_TIME', price: 6, vat: 20, step_size: 60 },
      ],
    },
  ],
};

/** An hour charging 10 kWh, then half an hour parked. */
const priced: PricedSession = priceSession({
  tariff,
  tariffId: 'standard',
  tariffVersion: 1,
  start_date_time: start,
  end_date_time: end,
  charging_periods: [
    {
      start_date_time: start,
      dimensions: [
        { type: 'ENERGY', volume: 10 },
        { type: 'TIME', volume: 1 },
      ],
    },
    { start_date_time: '2026-05-04T11:00:00.000Z', dimensions: [{ type: 'PARKING_TIME', volume: 0.5 }] },
  ],
  timeZone: 'Europe/Amsterdam',
});

const dataOf = (message: { data?: string }) => JSON.parse(message.data ?? 'null');

describe('what a charger is told of a session cost', () => {
  it('prices the session once: 2.50 + 2.00 + 1.00 + 3.00 = 8.50 excl., 10.10 incl. VAT', () => {
    // Assess
    expect(priced.cost).toMatchObject({ currency: 'EUR', totalExclVat: 850, totalInclVat: 1010 });
    expect(totalCostOf(priced)).toBe(10.1);
  });

  it.each([
    [1010, 'EUR', 10.1],
    [1, 'EUR', 0.01],
    [0, 'EUR', 0],
    [1234, 'JPY', 1234],
    [1234, 'KWD', 1.234],
  ])('gives %i minor units of %s as %d major units, exactly', (minor, currency, major) => {
    // Act & Assess
    expect(majorUnits(minor, currency)).toBe(major);
  });

  it.each([
    ['the driver language', 'fr', 'fr'],
    ['the same primary language', 'de', 'de-DE'],
    ['a regional variant of it', 'de-AT', 'de-DE'],
    ['case-insensitively', 'FR', 'fr'],
    ['the first without a match', 'nl', 'en'],
    ['the first without a language', undefined, 'en'],
  ])('chooses the tariff text in %s', (_, language, expected) => {
    // Act & Assess
    expect(tariffTextFor(tariff, language)?.language).toBe(expected);
  });

  it('has no text for a tariff without tariff_alt_text, or no tariff', () => {
    // Act & Assess
    expect(tariffTextFor({ tariff_alt_text: [] })).toBeUndefined();
    expect(tariffTextFor(undefined, 'en')).toBeUndefined();
  });

  it('2.0.1 I01: the text as personalMessage fits AuthorizeResponse and TransactionEventResponse', () => {
    // Prepare
    const text = tariffTextFor(tariff, 'de');

    // Act
    const personalMessage = personalMessageOf(text!);

    // Assess
    expect(personalMessage).toEqual({ format: 'UTF8', language: 'de-DE', content: text!.text });
    const idTokenInfo = { status: 'Accepted', personalMessage };
    expect(() => validateResponse('ocpp2.0.1', 'Authorize', { idTokenInfo })).not.toThrow();
    expect(() => validateResponse('ocpp2.0.1', 'TransactionEvent', { idTokenInfo })).not.toThrow();
  });

  it('2.0.1: a long tariff text is cut to the 512 characters of MessageContentType', () => {
    // Act
    const message = personalMessageOf({ language: 'en', text: 'é'.repeat(600) });

    // Assess
    expect([...message.content]).toHaveLength(512);
    expect(() =>
      validateResponse('ocpp2.0.1', 'Authorize', {
        idTokenInfo: { status: 'Accepted', personalMessage: message },
      }),
    ).not.toThrow();
  });

  it('2.0.1 I02/I03: totalCost fits TransactionEventResponse', () => {
    // Act & Assess
    expect(() =>
      validateResponse('ocpp2.0.1', 'TransactionEvent', { totalCost: totalCostOf(priced) }),
    ).not.toThrow();
  });

  it('1.6 SetUserPrice: the driver text, the other languages as priceTextExtra, a valid DataTransfer', () => {
    // Act
    const message = setUserPriceMessage({ idToken: 'TAG-1', tariff, language: 'fr' });

    // Assess
    expect(message).toMatchObject({ vendorId: costMessageVendorId, messageId: 'SetUserPrice' });
    expect(dataOf(message!)).toEqual({
      idToken: 'TAG-1',
      priceText: tariff.tariff_alt_text![2]!.text,
      priceTextExtra: [
        { format: 'UTF8', language: 'en', content: tariff.tariff_alt_text![0]!.text },
        { format: 'UTF8', language: 'de-DE', content: tariff.tariff_alt_text![1]!.text },
      ],
    });
    expect(() => validateRequest('ocpp1.6', 'DataTransfer', message)).not.toThrow();
  });

  it('1.6 SetUserPrice: none for a tariff without text; no priceTextExtra with one text', () => {
    // Act
    const none = setUserPriceMessage({ idToken: 'TAG-1', tariff: { tariff_alt_text: [] } });
    const single = setUserPriceMessage({
      idToken: 'TAG-1',
      tariff: { tariff_alt_text: [{ language: 'en', text: 'free' }] },
    });

    // Assess
    expect(none).toBeUndefined();
    expect(dataOf(single!)).toEqual({ idToken: 'TAG-1', priceText: 'free' });
  });

  it('1.6 RunningCost: cost incl. VAT, the reading, the state and the unit prices incl. VAT', () => {
    // Act
    const message = runningCostMessage({
      transactionId: 7,
      at: '2026-05-04T13:30:00+02:00',
      meterValueWh: 10_400.4,
      charging: false,
      priced,
    });

    // Assess
    expect(message).toMatchObject({ vendorId: costMessageVendorId, messageId: 'RunningCost' });
    expect(dataOf(message)).toEqual({
      transactionId: 7,
      timestamp: '2026-05-04T11:30:00.000Z',
      meterValue: 10_400,
      cost: 10.1,
      state: 'Idle',
      chargingPrice: { kWhPrice: 0.3, hourPrice: 2.4, flatFee: 1.1 },
      idlePrice: { hourPrice: 7.2 },
    });
    expect(() => validateRequest('ocpp1.6', 'DataTransfer', message)).not.toThrow();
  });

  it('1.6 FinalCost: the final cost incl. VAT and a receipt line, a valid DataTransfer', () => {
    // Act
    const message = finalCostMessage({ transactionId: 7, priced });

    // Assess
    expect(message).toMatchObject({ vendorId: costMessageVendorId, messageId: 'FinalCost' });
    expect(dataOf(message)).toEqual({
      transactionId: 7,
      cost: 10.1,
      priceText: 'TOTAL EUR 10.10 incl. VAT EUR 1.60 - ENERGY 10 kWh - TIME 1:30 h',
    });
    expect(() => validateRequest('ocpp1.6', 'DataTransfer', message)).not.toThrow();
  });
});

const sample = (at: string, wh: number): SessionMeterValue => ({
  at,
  seqNo: 1,
  sampledValues: [{ value: wh, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

describe('whether energy flows (1.6 RunningCost state)', () => {
  it.each([
    ['no reading yet', [], true],
    ['one reading', [sample(start, 100)], true],
    ['a rising register', [sample(start, 100), sample(end, 250)], true],
    ['a register that stands still', [sample(start, 100), sample(end, 100)], false],
    [
      'readings other than the register ignored',
      [
        sample(start, 100),
        { at: end, seqNo: 2, sampledValues: [{ value: 0, measurand: 'Power.Active.Import' }] },
      ],
      true,
    ],
  ])('%s', (_, values, expected) => {
    // Act & Assess
    expect(isEnergyFlowing(values as SessionMeterValue[])).toBe(expected);
  });
});

describe('the running-cost gate', () => {
  it('prices a session at most once per interval, by the charger clock; never a sample older than the last', () => {
    // Prepare
    const gate = createRunningCostGate(300);

    // Act
    const decisions = [
      gate.due('s1', '2026-05-04T10:00:00Z'),
      gate.due('s1', '2026-05-04T10:04:59Z'),
      gate.due('s2', '2026-05-04T10:01:00Z'),
      gate.due('s1', '2026-05-04T10:05:00Z'),
      gate.due('s1', '2026-05-04T09:00:00Z'),
    ];

    // Assess
    expect(decisions).toEqual([true, false, true, true, false]);
  });

  it('prices nothing with interval 0 (off), and nothing of an unreadable time', () => {
    // Act & Assess
    expect(createRunningCostGate(0).due('s1', '2026-05-04T10:00:00Z')).toBe(false);
    expect(createRunningCostGate(300).due('s1', 'not a time')).toBe(false);
  });

  it('forgets the least recently priced session beyond its capacity', () => {
    // Prepare
    const gate = createRunningCostGate(300, 1);
    gate.due('s1', '2026-05-04T10:00:00Z');
    gate.due('s2', '2026-05-04T10:00:00Z');

    // Act & Assess: s1 was forgotten, so its next sample is priced
    expect(gate.due('s1', '2026-05-04T10:01:00Z')).toBe(true);
  });
});
