/**
 * ISO 4217 currencies and their minor units, from the runtime's ICU data (`Intl`), not a hand-kept table:
 * ICU follows the ISO 4217 maintenance agency's list.
 */
const supported = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency code the runtime knows (upper case, as OCPI writes it). */
export const isCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && supported.has(code);

const digitsCache = new Map<string, number>();

/** Decimal places of the currency's minor unit: EUR 2, JPY 0, KWD 3. */
export const minorUnitDigits = (currency: string): number => {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    if (!isCurrency(currency)) throw new Error(`unknown ISO 4217 currency ${JSON.stringify(currency)}`);
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, digits);
  }
  return digits;
};
