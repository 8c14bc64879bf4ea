import { OcppPropertyConstraintViolation } from './errors.ts';

/**
 * Numbers from chargers that the CSMS keys items by or stores, checked before anything is written. The schemas
 * say `integer` or `number` and nothing more: −5 made a phantom connector, 1e300 made the DynamoDB marshaller
 * throw (an InternalError after part of the message was written). Out of bounds is a PropertyConstraintViolation
 * (OCPP-J: "at least one field contains an invalid value"), in both versions; nothing is written.
 */

/**
 * The highest EVSE or connector id accepted. The largest sites behind one OCPP identity have a few dozen
 * EVSEs; a thousand leaves room for any of them and keeps keys short.
 */
export const maxConnectorId = 1000;

/** OCPP integers are 32-bit in practice (1.6 transaction ids are); seqNo and ids beyond are no counter. */
export const maxOcppInteger = 2 ** 31 - 1;

/** A whole number `min`…`max`, or a PropertyConstraintViolation naming the field. */
export const requireIntegerIn = (field: string, value: number, min: number, max: number): number => {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new OcppPropertyConstraintViolation(`${field} must be a whole number from ${min} to ${max}`, {
      field,
    });
  return value;
};

/** A connector (1.6) or EVSE / connector (2.0.1) id: 0 (the charger itself, where allowed) … `maxConnectorId`. */
export const requireConnectorId = (field: string, value: number, min = 0): number =>
  requireIntegerIn(field, value, min, maxConnectorId);

/**
 * Whether DynamoDB can hold the number (38 significant digits, magnitude from 1e-130 to below 1e126): every
 * finite double in that range can.
 */
export const isStorableNumber = (value: number): boolean =>
  value === 0 || (Number.isFinite(value) && Math.abs(value) >= 1e-130 && Math.abs(value) < 1e126);

/** A measured value the CSMS stores, or a PropertyConstraintViolation naming the field. */
export const requireStorableNumber = (field: string, value: number): number => {
  if (!isStorableNumber(value))
    throw new OcppPropertyConstraintViolation(`${field} is beyond what can be stored`, { field });
  return value;
};
