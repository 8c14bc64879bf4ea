/**
 * What a charger is told of a session's price and cost, from the one pricing path (`priceSessionWith`): pure
 * builders of the OCPP payloads, so that a receipt, a charger's display and a CDR never disagree.
 *
 * - OCPP 2.0.1 (functional block I, TariffAndCost): `totalCost` (I02 running / I03 final, incl. VAT, major
 *   units), the driver's tariff text as `personalMessage` (I01).
 * - OCPP 1.6: the Open Charge Alliance's "OCPP & California Pricing Requirements" DataTransfer messages, vendor
 *   `org.openchargealliance.costmsg`: `SetUserPrice`, `RunningCost`, `FinalCost` (the `data` is a JSON text).
 */
import { Decimal as BaseDecimal } from 'decimal.js';
import type { DataTransferRequest } from '../../ocpp/generated/ocpp16.ts';
import type { MessageContentType } from '../../ocpp/generated/ocpp201.ts';
import { minorUnitDigits } from './currencies.ts';
import type { DisplayText, OcpiTariff } from './model.ts';
import type { CostLine, PricedSession } from './pricing.ts';

const Decimal = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_UP });

/** The vendor id of the OCA California Pricing messages (OCPP 1.6 DataTransfer). */
export const costMessageVendorId = 'org.openchargealliance.costmsg';

/** OCPP 2.0.1 MessageContentType.content is at most 512 characters. */
const maxMessageContent = 512;

/** An amount in integer minor units as OCPP's decimal in major units: 1234 EUR cents → 12.34 (exact). */
export const majorUnits = (minor: number, currency: string): number =>
  new Decimal(minor).div(new Decimal(10).pow(minorUnitDigits(currency))).toNumber();

/** The session's cost as a charger shows it: the total incl. VAT (I02/I03, California `cost`), major units. */
export const totalCostOf = (priced: PricedSession): number =>
  majorUnits(priced.cost.totalInclVat, priced.cost.currency);

/** `EUR 12.34`: the currency code and the amount with the currency's minor digits. */
export const formatAmount = (minor: number, currency: string): string =>
  `${currency} ${new Decimal(minor).div(new Decimal(10).pow(minorUnitDigits(currency))).toFixed(minorUnitDigits(currency))}`;

const primaryTag = (language: string) => language.toLowerCase().split('-')[0];

/**
 * The tariff text for a driver: the `tariff_alt_text` in the driver's language (exact, else the same primary
 * language: `de-CH` finds `de`), else the first; undefined when the tariff has none.
 */
export const tariffTextFor = (
  tariff: Pick<OcpiTariff, 'tariff_alt_text'> | undefined,
  language?: string,
): DisplayText | undefined => {
  const texts = tariff?.tariff_alt_text ?? [];
  if (language) {
    const wanted = language.toLowerCase();
    const exact = texts.find((text) => text.language.toLowerCase() === wanted);
    if (exact) return exact;
    const sameLanguage = texts.find((text) => primaryTag(text.language) === primaryTag(wanted));
    if (sameLanguage) return sameLanguage;
  }
  return texts[0];
};

/** A tariff text as 2.0.1 `personalMessage` (I01): UTF-8, cut to the 512 characters the schema allows. */
export const personalMessageOf = (text: DisplayText): MessageContentType => ({
  format: 'UTF8',
  ...(text.language && { language: text.language }),
  content: [...text.text].slice(0, maxMessageContent).join(''),
});

/** The 1.6 DataTransfer of a California Pricing message. */
const costMessage = (messageId: string, data: Record<string, unknown>): DataTransferRequest => ({
  vendorId: costMessageVendorId,
  messageId,
  data: JSON.stringify(data),
});

/** The other languages of a tariff text, as California Pricing `priceTextExtra`. */
const priceTextExtraOf = (texts: readonly DisplayText[], shown: DisplayText) =>
  texts
    .filter((text) => text !== shown)
    .map((text) => ({ format: 'UTF8', language: text.language, content: text.text }));

/**
 * `SetUserPrice` (sent after an accepted Authorize): the driver's tariff text, the other languages as
 * `priceTextExtra`. Undefined when the tariff has no text to show.
 */
export const setUserPriceMessage = (input: {
  idToken: string;
  tariff: Pick<OcpiTariff, 'tariff_alt_text'>;
  language?: string;
}): DataTransferRequest | undefined => {
  const shown = tariffTextFor(input.tariff, input.language);
  if (!shown) return undefined;
  const extra = priceTextExtraOf(input.tariff.tariff_alt_text ?? [], shown);
  return costMessage('SetUserPrice', {
    idToken: input.idToken,
    priceText: shown.text,
    ...(extra.length > 0 && { priceTextExtra: extra }),
  });
};

/** A unit price incl. VAT, as the driver pays it (4 decimals, as OCPI's prices). */
const unitPriceInclVat = (line: CostLine): number =>
  new Decimal(line.unitPrice ?? 0)
    .times(new Decimal(100).plus(line.vatPercent ?? 0).div(100))
    .toDecimalPlaces(4)
    .toNumber();

/** The price of a dimension now: its last line's (the component in use at the end of what was priced). */
const lastLineOf = (priced: PricedSession, kind: CostLine['kind']): CostLine | undefined =>
  priced.cost.lines.filter((line) => line.kind === kind).at(-1);

/**
 * `RunningCost` (at the running-cost interval, on meter values): the cost so far incl. VAT, the latest energy
 * register reading (Wh), whether energy flows, and the unit prices (incl. VAT) in use: `chargingPrice`
 * (`kWhPrice`, `hourPrice`, `flatFee`) and, with a parking-time component, `idlePrice.hourPrice`.
 */
export const runningCostMessage = (input: {
  transactionId: number;
  at: string;
  meterValueWh: number;
  charging: boolean;
  priced: PricedSession;
}): DataTransferRequest => {
  const { priced } = input;
  const energy = lastLineOf(priced, 'ENERGY');
  const time = lastLineOf(priced, 'TIME');
  const flat = lastLineOf(priced, 'FLAT');
  const parking = lastLineOf(priced, 'PARKING_TIME');
  return costMessage('RunningCost', {
    transactionId: input.transactionId,
    timestamp: new Date(input.at).toISOString(),
    meterValue: Math.round(input.meterValueWh),
    cost: totalCostOf(priced),
    state: input.charging ? 'Charging' : 'Idle',
    chargingPrice: {
      ...(energy && { kWhPrice: unitPriceInclVat(energy) }),
      ...(time && { hourPrice: unitPriceInclVat(time) }),
      ...(flat && { flatFee: unitPriceInclVat(flat) }),
    },
    ...(parking && { idlePrice: { hourPrice: unitPriceInclVat(parking) } }),
  });
};

/** `h:mm` of a number of hours. */
const hoursAndMinutes = (hours: number): string => {
  const minutes = Math.round(hours * 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};

/** The receipt line of a priced session: its total incl. VAT, the VAT, energy and time. */
export const receiptTextOf = (priced: PricedSession): string => {
  const { cost, ocpi } = priced;
  const energy = new Decimal(ocpi.total_energy).toDecimalPlaces(3).toString();
  // OCPI's total_time is the whole session, parking included.
  const time = hoursAndMinutes(ocpi.total_time);
  return (
    `TOTAL ${formatAmount(cost.totalInclVat, cost.currency)} incl. VAT ${formatAmount(cost.totalVat, cost.currency)}` +
    ` - ENERGY ${energy} kWh - TIME ${time} h`
  );
};

/**
 * `FinalCost` (after StopTransaction.conf): the final cost incl. VAT and a receipt line. No `qrCodeText`: the
 * CSMS has no receipt page to link to.
 */
export const finalCostMessage = (input: {
  transactionId: number;
  priced: PricedSession;
}): DataTransferRequest =>
  costMessage('FinalCost', {
    transactionId: input.transactionId,
    cost: totalCostOf(input.priced),
    priceText: receiptTextOf(input.priced),
  });
