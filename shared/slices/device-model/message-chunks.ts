import type { DeviceModelVariable, MessageLimits } from './model.ts';

/**
 * A charger announces how much it takes in one CSMS message (DeviceDataCtrlr `ItemsPerMessage` and
 * `BytesPerMessage`, instance GetVariables / SetVariables / GetReport…; some report the flat names
 * `ItemsPerMessageGetVariables` etc.). The CSMS splits its requests accordingly: pure functions here.
 */

const limitNames = { itemsPerMessage: 'ItemsPerMessage', bytesPerMessage: 'BytesPerMessage' } as const;

const positiveInteger = (value: string | undefined): number | undefined => {
  const trimmed = value?.trim();
  if (trimmed === undefined || !/^\d{1,9}$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number > 0 ? number : undefined;
};

const actualValue = (variable: DeviceModelVariable | undefined): string | undefined =>
  variable?.attributes.find((attribute) => attribute.type === 'Actual')?.value;

/** The DeviceDataCtrlr variables naming one limit of `action`: the instance form and the flat name. */
export const limitRefs = (action: string) =>
  Object.entries(limitNames).map(([field, name]) => ({
    field: field as keyof MessageLimits,
    refs: [
      { component: { name: 'DeviceDataCtrlr' }, variable: { name, instance: action } },
      { component: { name: 'DeviceDataCtrlr' }, variable: { name: `${name}${action}` } },
    ],
  }));

/** The limits of `action` from the stored variables (the instance form first); absent ones are not limits. */
export const messageLimitsOf = (
  action: string,
  lookup: (ref: {
    component: { name: string };
    variable: { name: string; instance?: string };
  }) => DeviceModelVariable | undefined,
): MessageLimits => {
  const limits: Record<string, number> = {};
  for (const { field, refs } of limitRefs(action)) {
    for (const ref of refs) {
      const value = positiveInteger(actualValue(lookup(ref)));
      if (value !== undefined) {
        limits[field] = value;
        break;
      }
    }
  }
  return limits;
};

/**
 * Bytes of a CALL frame around its list: `[2,"<message id>","<action>",{"<field>":[…]}]` with a 36-character
 * message id (the CSMS's are ULIDs, 26).
 */
export const frameOverheadBytes = (action: string, field: string): number =>
  Buffer.byteLength(JSON.stringify([2, 'x'.repeat(36), action, { [field]: [] }]));

/**
 * Splits `items` into the fewest consecutive chunks that each respect both limits: at most `itemsPerMessage`
 * items, at most `bytesPerMessage` bytes of frame (`overheadBytes` plus the items' JSON and their commas). An
 * item too large for any message goes alone: the charger's answer says what it makes of it.
 */
export const chunkItems = <T>(
  items: readonly T[],
  limits: MessageLimits,
  overheadBytes: number,
  bytesOf: (item: T) => number = (item) => Buffer.byteLength(JSON.stringify(item)),
): T[][] => {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = overheadBytes;
  for (const item of items) {
    const size = bytesOf(item) + (chunk.length > 0 ? 1 : 0);
    const tooMany = limits.itemsPerMessage !== undefined && chunk.length >= limits.itemsPerMessage;
    const tooLarge = limits.bytesPerMessage !== undefined && bytes + size > limits.bytesPerMessage;
    if (chunk.length > 0 && (tooMany || tooLarge)) {
      chunks.push(chunk);
      chunk = [];
      bytes = overheadBytes;
    }
    bytes += bytesOf(item) + (chunk.length > 0 ? 1 : 0);
    chunk.push(item);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
};
