import { z } from 'zod';
import { isCurrency } from '../currencies.ts';
import { isTimeZone } from '../local-time.ts';
import {
  cdrDimensionTypes,
  daysOfWeek,
  reservationRestrictionTypes,
  tariffDimensionTypes,
  tariffTypes,
} from '../model.ts';

/*
 * OCPI 2.2.1 Tariff and CDR parts as zod schemas: they validate the tariff API's bodies (400 naming the field at
 * fault) and generate its OpenAPI document. OCPI's own field names; its limits where it has them.
 */

/** Tariff ids: OCPI's CiString(36), limited to what is safe in a URL path and a storage key. */
export const tariffIdSchema = z
  .string()
  .regex(/^(?!\.+$)[A-Za-z0-9._-]{1,36}$/, '1-36 characters of A-Z a-z 0-9 . _ -, not only dots')
  .meta({ example: 'standard-ac' });

export const tariffPathSchema = z.strictObject({ tariffId: tariffIdSchema });

const amount = z.number().min(0, 'must be ≥ 0').max(1e9);

export const currencySchema = z
  .string()
  .refine(isCurrency, 'not an ISO 4217 currency code (three capital letters, e.g. EUR)')
  .meta({ description: 'ISO 4217', example: 'EUR' });

const timeOfDay = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM (24 h, leading zeros)')
  .meta({ example: '17:00' });

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};
const calendarDate = z
  .string()
  .regex(/^[12][0-9]{3}-[0-9]{2}-[0-9]{2}$/, 'must be YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')
  .meta({ example: '2026-12-24' });

export const priceComponentSchema = z.strictObject({
  type: z.enum(tariffDimensionTypes),
  price: amount.meta({
    description:
      'Excl. VAT, major units: per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT).',
  }),
  vat: z.number().min(0).max(100).optional().meta({ description: 'VAT %; absent: no VAT applies.' }),
  step_size: z.int().min(0).max(86_400_000).meta({
    description: 'Billing block: Wh (ENERGY), seconds (TIME, PARKING_TIME); 0: billed as measured.',
  }),
});

/** A pair of bounds that describes no range (min ≥ max) is refused at the max, naming both. */
const ordered =
  <T extends Record<string, unknown>>(pairs: readonly (readonly [keyof T & string, keyof T & string])[]) =>
  (value: T, context: z.core.$RefinementCtx<T>) => {
    for (const [min, max] of pairs) {
      const low = value[min];
      const high = value[max];
      if (low !== undefined && high !== undefined && (low as number | string) >= (high as number | string))
        context.addIssue({
          code: 'custom',
          path: [max],
          message: `must be after ${min} (the range is empty)`,
        });
    }
  };

export const tariffRestrictionsSchema = z
  .strictObject({
    start_time: timeOfDay.optional().meta({ description: 'Local time, inclusive.' }),
    end_time: timeOfDay.optional().meta({
      description: 'Local time, exclusive; before start_time wraps past midnight; 00:00 is midnight.',
    }),
    start_date: calendarDate.optional().meta({ description: 'Local date, inclusive.' }),
    end_date: calendarDate.optional().meta({ description: 'Local date, exclusive.' }),
    min_kwh: amount.optional(),
    max_kwh: amount.optional(),
    min_current: amount.optional(),
    max_current: amount.optional(),
    min_power: amount.optional(),
    max_power: amount.optional(),
    min_duration: z.int().min(0).optional().meta({ description: 'Seconds since the session started.' }),
    max_duration: z.int().min(1).optional(),
    day_of_week: z
      .array(z.enum(daysOfWeek))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'lists a day twice')
      .optional(),
    reservation: z
      .enum(reservationRestrictionTypes)
      .optional()
      .meta({ description: 'Reservation costs; the CSMS does not bill reservations, so never applied.' }),
  })
  .superRefine(
    ordered([
      ['start_date', 'end_date'],
      ['min_kwh', 'max_kwh'],
      ['min_current', 'max_current'],
      ['min_power', 'max_power'],
      ['min_duration', 'max_duration'],
    ]),
  );

const priceSchema = z
  .strictObject({ excl_vat: amount, incl_vat: amount.optional() })
  .superRefine((price, context) => {
    if (price.incl_vat !== undefined && price.incl_vat < price.excl_vat)
      context.addIssue({ code: 'custom', path: ['incl_vat'], message: 'must be ≥ excl_vat' });
  });

const dateTime = z.iso.datetime({ offset: true });

/** The body of `PUT /v1/tariffs/{tariffId}`: an OCPI 2.2.1 Tariff, and whether it is the tenant's default. */
export const putTariffRequestSchema = z
  .strictObject({
    currency: currencySchema,
    type: z.enum(tariffTypes).optional(),
    tariff_alt_text: z
      .array(
        z.strictObject({
          language: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code (two lower-case letters)'),
          text: z.string().min(1).max(512),
        }),
      )
      .max(20)
      .optional(),
    tariff_alt_url: z.url().max(255).optional(),
    min_price: priceSchema.optional(),
    max_price: priceSchema.optional(),
    elements: z
      .array(
        z.strictObject({
          price_components: z.array(priceComponentSchema).min(1).max(10),
          restrictions: tariffRestrictionsSchema.optional(),
        }),
      )
      .min(1)
      .max(100),
    start_date_time: dateTime.optional(),
    end_date_time: dateTime.optional(),
    energy_mix: z.looseObject({ is_green_energy: z.boolean() }).optional(),
    // The party fields of an OCPI tariff are the CSMS's to fill: a partner's tariff may be pasted as it is.
    country_code: z.string().optional().meta({ description: 'Ignored: the CSMS fills it.' }),
    party_id: z.string().optional().meta({ description: 'Ignored: the CSMS fills it.' }),
    id: z.string().optional().meta({ description: 'Ignored: the tariff id is the path.' }),
    last_updated: z.string().optional().meta({ description: 'Ignored: the CSMS fills it.' }),
    default: z.boolean().optional().meta({ description: "true: the tenant's default tariff." }),
  })
  .superRefine((tariff, context) => {
    if (tariff.min_price && tariff.max_price && tariff.min_price.excl_vat > tariff.max_price.excl_vat)
      context.addIssue({ code: 'custom', path: ['max_price', 'excl_vat'], message: 'must be ≥ min_price' });
    if (
      tariff.start_date_time &&
      tariff.end_date_time &&
      Date.parse(tariff.start_date_time) >= Date.parse(tariff.end_date_time)
    )
      context.addIssue({ code: 'custom', path: ['end_date_time'], message: 'must be after start_date_time' });
  });

const tariffFields = {
  id: z.string(),
  currency: z.string(),
  type: z.enum(tariffTypes).optional(),
  tariff_alt_text: z.array(z.object({ language: z.string(), text: z.string() })).optional(),
  tariff_alt_url: z.string().optional(),
  min_price: z.object({ excl_vat: z.number(), incl_vat: z.number().optional() }).optional(),
  max_price: z.object({ excl_vat: z.number(), incl_vat: z.number().optional() }).optional(),
  elements: z.array(
    z.object({
      price_components: z.array(priceComponentSchema),
      restrictions: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  start_date_time: z.string().optional(),
  end_date_time: z.string().optional(),
  energy_mix: z.record(z.string(), z.unknown()).optional(),
  last_updated: z.string(),
};

export const tariffResponseSchema = z
  .object({
    ...tariffFields,
    version: z.int().meta({ description: 'Every change makes a new version; sessions keep theirs.' }),
    default: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Tariff' });

export const listTariffsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const tariffListResponseSchema = z.object({
  items: z.array(tariffResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});

const dimensionSchema = z.strictObject({
  type: z.enum(cdrDimensionTypes),
  volume: z.number().min(-1e9).max(1e9),
});

/** The body of `POST /v1/tariffs/{tariffId}/price`: the parts of an OCPI 2.2.1 CDR that price it. */
export const priceTariffRequestSchema = z
  .object({
    start_date_time: dateTime,
    end_date_time: dateTime,
    charging_periods: z
      .array(
        z.object({
          start_date_time: dateTime,
          dimensions: z
            .array(dimensionSchema)
            .min(1)
            .max(20)
            .superRefine((dimensions, context) => {
              for (const [index, dimension] of dimensions.entries()) {
                if (
                  ['ENERGY', 'TIME', 'PARKING_TIME', 'RESERVATION_TIME'].includes(dimension.type) &&
                  dimension.volume < 0
                )
                  context.addIssue({
                    code: 'custom',
                    path: [index, 'volume'],
                    message: `a negative ${dimension.type} is not priced`,
                  });
              }
            }),
          tariff_id: z.string().optional(),
        }),
      )
      .min(1)
      .max(10_000),
    time_zone: z
      .string()
      .refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Amsterdam)')
      .optional()
      .meta({ description: "IANA time zone the tariff's times are read in; default UTC." }),
    version: z.int().min(1).optional().meta({ description: 'The tariff version; default: the latest.' }),
  })
  .superRefine((request, context) => {
    const start = Date.parse(request.start_date_time);
    const end = Date.parse(request.end_date_time);
    if (end < start)
      context.addIssue({
        code: 'custom',
        path: ['end_date_time'],
        message: 'must not be before start_date_time',
      });
    for (const [index, period] of request.charging_periods.entries()) {
      const at = Date.parse(period.start_date_time);
      if (at < start || at > end)
        context.addIssue({
          code: 'custom',
          path: ['charging_periods', index, 'start_date_time'],
          message: 'must be within the session (start_date_time to end_date_time)',
        });
    }
  });

const priceResponse = z.object({ excl_vat: z.number(), incl_vat: z.number() });

export const costLineSchema = z
  .object({
    kind: z.enum([...tariffDimensionTypes, 'MIN_PRICE', 'MAX_PRICE', 'NO_TARIFF']).meta({
      description: '`NO_TARIFF`: no tariff applied to the session; it was billed at zero.',
    }),
    elementIndex: z.int().optional(),
    quantity: z.number().optional().meta({ description: 'kWh, hours (after step_size) or 1 (FLAT).' }),
    unitPrice: z.number().optional(),
    vatPercent: z.number().optional(),
    exclVat: z.int().meta({ description: 'Minor units.' }),
    vat: z.int(),
    inclVat: z.int(),
  })
  .meta({ id: 'CostLine' });

export const sessionCostSchema = z
  .object({
    currency: z.string(),
    totalExclVat: z.int().meta({ description: 'Minor units of the currency.' }),
    totalVat: z.int(),
    totalInclVat: z.int(),
    tariffId: z.string().optional(),
    tariffVersion: z.int().optional(),
    lines: z.array(costLineSchema),
  })
  .meta({ id: 'SessionCost' });

export const priceTariffResponseSchema = z
  .object({
    currency: z.string(),
    total_cost: priceResponse,
    total_fixed_cost: priceResponse,
    total_energy: z.number(),
    total_energy_cost: priceResponse,
    total_time: z.number(),
    total_time_cost: priceResponse,
    total_parking_time: z.number(),
    total_parking_cost: priceResponse,
    cost: sessionCostSchema,
  })
  .meta({ id: 'TariffPrice' });

// ---- CDRs ----

/** CDR ids: `<sessionId>-<version>` (the debit of a session version), `…-CR` its credit. */
export const cdrIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]{1,40}-[1-9][0-9]{0,9}(-CR)?$/, 'a CDR id: <sessionId>-<version>, or …-CR')
  .meta({ example: '01JD8X3Q4M5N6P7R8S9T0V1W2X-1' });

export const cdrPathSchema = z.strictObject({ cdrId: cdrIdSchema });

/** Accepted with any offset; the index holds UTC: normalized so that the range compares right. */
const rangeBound = dateTime.transform((value) => new Date(value).toISOString());

export const listCdrsQuerySchema = z
  .strictObject({
    from: rangeBound.optional().meta({ description: 'Issued (`last_updated`) at or after; ISO-8601.' }),
    to: rangeBound.optional().meta({ description: 'Issued before; ISO-8601.' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.from > query.to)
      context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export const cdrResponseSchema = z
  .object({
    id: z.string(),
    start_date_time: z.string(),
    end_date_time: z.string(),
    session_id: z.string(),
    cdr_token: z.object({
      uid: z.string(),
      type: z.enum(['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID']),
      contract_id: z.string(),
    }),
    auth_method: z.enum(['AUTH_REQUEST', 'COMMAND', 'WHITELIST']),
    cdr_location: z
      .object({ id: z.string(), evse_uid: z.string(), evse_id: z.string(), connector_id: z.string() })
      .meta({ description: 'The site (else the charger), its EVSE and connector.' }),
    currency: z.string(),
    tariffs: z.array(z.object(tariffFields)).meta({ description: 'The tariff version that priced it.' }),
    charging_periods: z.array(
      z.object({
        start_date_time: z.string(),
        dimensions: z.array(z.object({ type: z.enum(cdrDimensionTypes), volume: z.number() })),
        tariff_id: z.string().optional(),
      }),
    ),
    total_cost: priceResponse,
    total_fixed_cost: priceResponse,
    total_energy: z.number(),
    total_energy_cost: priceResponse,
    total_time: z.number(),
    total_time_cost: priceResponse,
    total_parking_time: z.number(),
    total_parking_cost: priceResponse,
    credit: z.boolean(),
    credit_reference_id: z.string().optional(),
    last_updated: z.string(),
    chargerId: z.string(),
    siteId: z.string().optional(),
    sessionVersion: z
      .int()
      .meta({ description: 'The session version it bills (a credit: the one it credits).' }),
    cost: sessionCostSchema.meta({
      description: 'Our cost lines, integer minor units (negative on a credit).',
    }),
  })
  .meta({ id: 'Cdr' });

export const cdrListResponseSchema = z.object({
  items: z.array(cdrResponseSchema),
  cursor: z.string().optional().meta({ description: 'Pass back to get the next page; absent on the last.' }),
});
