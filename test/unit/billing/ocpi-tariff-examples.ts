import type { OcpiTariff } from '../../../shared/slices/billing/model.ts';

/**
 * The example tariffs of the OCPI 2.2.1 tariffs module (github.com/ocpi/ocpi, branch release-2.2.1-bugfixes,
 * examples/*.json), without the party fields the CSMS fills (country_code, party_id, id, last_updated).
 */
export const ocpiExamples = {
  /** tariff_8_simple_025kwh.json */
  simple025kwh: {
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 }] }],
  },
  /** tariff_9_025kwh_start.json */
  start025kwh: {
    currency: 'EUR',
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
        ],
      },
    ],
  },
  /** tariff_12_025kwh_min_price.json */
  minPrice025kwh: {
    currency: 'EUR',
    min_price: { excl_vat: 0.5, incl_vat: 0.55 },
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 }] }],
  },
  /** tariff_10_025kwh_parking_start.json */
  parkingStart025kwh: {
    currency: 'EUR',
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
          { type: 'PARKING_TIME', price: 2.0, vat: 20.0, step_size: 900 },
        ],
      },
    ],
  },
  /** tariff_6_025kwh_start_max_price.json */
  startMaxPrice025kwh: {
    currency: 'EUR',
    max_price: { excl_vat: 10.0, incl_vat: 11.0 },
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 1 },
        ],
      },
    ],
    end_date_time: '2019-06-30T23:59:59Z',
  },
  /** tariff_1_simple_2hour.json */
  simple2hour: {
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'TIME', price: 2.0, vat: 10.0, step_size: 60 }] }],
  },
  /** tariff_13_simple_3hour_5parking.json */
  simple3hour5parking: {
    currency: 'EUR',
    elements: [
      {
        price_components: [
          { type: 'TIME', price: 3.0, vat: 10.0, step_size: 60 },
          { type: 'PARKING_TIME', price: 5.0, vat: 20.0, step_size: 300 },
        ],
      },
    ],
  },
  /** tariff_2_alt_text.json */
  altText: {
    currency: 'EUR',
    type: 'AD_HOC_PAYMENT',
    tariff_alt_text: [
      { language: 'en', text: '2.00 euro p/hour including VAT.' },
      { language: 'nl', text: '2.00 euro p/uur inclusief BTW.' },
    ],
    elements: [{ price_components: [{ type: 'TIME', price: 1.9, vat: 5.2, step_size: 300 }] }],
  },
  /** tariff_3_alt_url.json */
  altUrl: {
    currency: 'EUR',
    type: 'PROFILE_CHEAP',
    tariff_alt_url: 'https://company.com/tariffs/13',
    elements: [
      {
        price_components: [
          { type: 'FLAT', price: 0.5, vat: 20.0, step_size: 1 },
          { type: 'ENERGY', price: 0.25, vat: 10.0, step_size: 100 },
        ],
      },
    ],
  },
  /** tariff_4_complex.json */
  complex: {
    currency: 'EUR',
    type: 'REGULAR',
    tariff_alt_url: 'https://company.com/tariffs/14',
    elements: [
      { price_components: [{ type: 'FLAT', price: 2.5, vat: 15.0, step_size: 1 }] },
      {
        price_components: [{ type: 'TIME', price: 1.0, vat: 20.0, step_size: 900 }],
        restrictions: { max_current: 32.0 },
      },
      {
        price_components: [{ type: 'TIME', price: 2.0, vat: 20.0, step_size: 600 }],
        restrictions: {
          min_current: 32.0,
          day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
        },
      },
      {
        price_components: [{ type: 'TIME', price: 1.25, vat: 20.0, step_size: 600 }],
        restrictions: { min_current: 32.0, day_of_week: ['SATURDAY', 'SUNDAY'] },
      },
      {
        price_components: [{ type: 'PARKING_TIME', price: 5.0, vat: 10.0, step_size: 300 }],
        restrictions: {
          start_time: '09:00',
          end_time: '18:00',
          day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
        },
      },
      {
        price_components: [{ type: 'PARKING_TIME', price: 6.0, vat: 10.0, step_size: 300 }],
        restrictions: { start_time: '10:00', end_time: '17:00', day_of_week: ['SATURDAY'] },
      },
    ],
  },
  /** tariff_14_step_size.json */
  stepSize: {
    currency: 'EUR',
    elements: [
      {
        price_components: [
          { type: 'TIME', price: 1.2, step_size: 1800 },
          { type: 'PARKING_TIME', price: 1.0, step_size: 900 },
        ],
        restrictions: { start_time: '00:00', end_time: '17:00' },
      },
      {
        price_components: [
          { type: 'TIME', price: 2.4, step_size: 900 },
          { type: 'PARKING_TIME', price: 1.0, step_size: 900 },
        ],
        restrictions: { start_time: '17:00', end_time: '20:00' },
      },
      {
        price_components: [{ type: 'TIME', price: 2.4, step_size: 900 }],
        restrictions: { start_time: '20:00', end_time: '00:00' },
      },
    ],
  },
  /** tariffrestriction_example_max_power.json */
  maxPower: {
    currency: 'EUR',
    type: 'REGULAR',
    elements: [
      {
        price_components: [{ type: 'ENERGY', price: 0.2, vat: 20.0, step_size: 1 }],
        restrictions: { max_power: 16.0 },
      },
      {
        price_components: [{ type: 'ENERGY', price: 0.35, vat: 20.0, step_size: 1 }],
        restrictions: { max_power: 32.0 },
      },
      { price_components: [{ type: 'ENERGY', price: 0.5, vat: 20.0, step_size: 1 }] },
    ],
  },
  /** tariffrestriction_example_max_duration.json */
  maxDuration: {
    currency: 'EUR',
    type: 'REGULAR',
    elements: [
      {
        price_components: [{ type: 'ENERGY', price: 0.0, vat: 20.0, step_size: 1 }],
        restrictions: { max_duration: 1800 },
      },
      {
        price_components: [{ type: 'ENERGY', price: 0.25, vat: 20.0, step_size: 1 }],
        restrictions: { max_duration: 3600 },
      },
      { price_components: [{ type: 'ENERGY', price: 0.4, vat: 20.0, step_size: 1 }] },
    ],
  },
  /** tariff_5_free_of_charge.json */
  freeOfCharge: {
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'FLAT', price: 0.0, step_size: 0 }] }],
  },
} satisfies Record<string, OcpiTariff>;
