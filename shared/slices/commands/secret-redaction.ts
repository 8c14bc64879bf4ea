import type { OcppVersion } from '../../ocpp/versions.ts';
import type { Command } from './model.ts';

/**
 * Secrets a CSMS call carries — a charger's Basic-auth password pushed with ChangeConfiguration / SetVariables,
 * a VPN or APN password in SetNetworkProfile — or that a charger reports by mistake (the specs make them
 * write-only, not every firmware obeys) are never stored or returned in plain text: command records (kept 90
 * days), the stored configuration and every route that returns them hold `***` instead. The charger gets the
 * real value. No hash is kept: an unsalted hash of a short, human-chosen secret can be guessed offline by
 * anyone who may read it, and nothing here needs to compare.
 *
 * Only the call queue item (`CALLQ#…`) holds the real payload of a call that waits for the charger's slot,
 * because it is what goes out; it is deleted when the call goes out or fails, expires with the queue's deadline
 * (TTL backstop), and no route returns it.
 */

export const redactedValue = '***';

/** OCPP 1.6 configuration keys holding a secret (1.6 security extension: the Basic-auth password). */
export const secretConfigurationKeys16: readonly string[] = ['AuthorizationKey'];

/** OCPP 2.0.1 variables holding a secret, as `Component.Variable` (Part 2, SecurityCtrlr). */
export const secretVariables201: readonly string[] = ['SecurityCtrlr.BasicAuthPassword'];

/**
 * Vendor-specific keys and variables are not listed anywhere: one whose name says it is a password, secret,
 * passphrase or private key is treated as one too. Hiding a harmless value is the cheaper mistake.
 */
const secretLookingName = /passw(or)?d|passphrase|secret|private.?key/i;

export const isSecretConfigurationKey = (version: OcppVersion, key: string): boolean => {
  if (version === 'ocpp1.6') return secretConfigurationKeys16.includes(key) || secretLookingName.test(key);
  const variable = key.slice(key.indexOf('.') + 1);
  return secretVariables201.includes(key) || secretLookingName.test(variable);
};

type Payload = Record<string, unknown>;

const isObject = (value: unknown): value is Payload =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces the fields that are present; payloads that break their schema (stored as answered) are handled too. */
const hide = (object: Payload, fields: readonly string[]): Payload => {
  const present = fields.filter((field) => object[field] !== undefined);
  if (present.length === 0) return object;
  return { ...object, ...Object.fromEntries(present.map((field) => [field, redactedValue])) };
};

const mapArray = (payload: Payload, field: string, redact: (item: Payload) => Payload): Payload => {
  const items = payload[field];
  if (!Array.isArray(items)) return payload;
  return { ...payload, [field]: items.map((item) => (isObject(item) ? redact(item) : item)) };
};

const nameOf = (value: unknown): string =>
  isObject(value) && typeof value.name === 'string' ? value.name : '';

/** A 2.0.1 item naming a component and a variable, e.g. a SetVariableData or a GetVariableResult. */
const isSecretVariableItem = (item: Payload): boolean =>
  isSecretConfigurationKey('ocpp2.0.1', `${nameOf(item.component)}.${nameOf(item.variable)}`);

/** A 1.6 item with a `key`: ChangeConfiguration's request, a GetConfiguration `configurationKey`. */
const redactKeyValue = (item: Payload): Payload =>
  typeof item.key === 'string' && isSecretConfigurationKey('ocpp1.6', item.key)
    ? hide(item, ['value'])
    : item;

const redactAttributeValue = (item: Payload): Payload =>
  isSecretVariableItem(item) ? hide(item, ['attributeValue']) : item;

/** NotifyReport's reportData: the variable's attributes carry the values. */
const redactReportData = (item: Payload): Payload =>
  isSecretVariableItem(item)
    ? mapArray(item, 'variableAttribute', (attribute) => hide(attribute, ['value']))
    : item;

const redactNetworkProfile = (payload: Payload): Payload => {
  const data = payload.connectionData;
  if (!isObject(data)) return payload;
  return {
    ...payload,
    connectionData: {
      ...data,
      ...(isObject(data.vpn) && { vpn: hide(data.vpn, ['password', 'key']) }),
      ...(isObject(data.apn) && { apn: hide(data.apn, ['apnPassword', 'simPin']) }),
    },
  };
};

type Redactor = (payload: Payload) => Payload;

/** Per version and action, what hides the secrets of a request (CSMS→charger, or charger→CSMS) payload. */
const requestRedactors: Record<OcppVersion, Readonly<Record<string, Redactor>>> = {
  'ocpp1.6': { ChangeConfiguration: redactKeyValue },
  'ocpp2.0.1': {
    SetVariables: (payload) => mapArray(payload, 'setVariableData', redactAttributeValue),
    SetNetworkProfile: redactNetworkProfile,
    NotifyReport: (payload) => mapArray(payload, 'reportData', redactReportData),
  },
};

/** Per version and action, what hides the secrets of an answer. */
const responseRedactors: Record<OcppVersion, Readonly<Record<string, Redactor>>> = {
  'ocpp1.6': { GetConfiguration: (payload) => mapArray(payload, 'configurationKey', redactKeyValue) },
  'ocpp2.0.1': { GetVariables: (payload) => mapArray(payload, 'getVariableResult', redactAttributeValue) },
};

const redactorOf = (table: Readonly<Record<string, Redactor>>, action: string): Redactor | undefined =>
  Object.hasOwn(table, action) ? table[action] : undefined;

export const redactRequest = (version: OcppVersion, action: string, payload: Payload): Payload =>
  redactorOf(requestRedactors[version], action)?.(payload) ?? payload;

export const redactResponse = (version: OcppVersion, action: string, payload: Payload): Payload =>
  redactorOf(responseRedactors[version], action)?.(payload) ?? payload;

/** The command as it may be stored and shown: its request and answer without secrets. */
export const redactCommand = (command: Command): Command => ({
  ...command,
  payload: redactRequest(command.ocppVersion, command.action, command.payload),
  ...(command.response && {
    response: redactResponse(command.ocppVersion, command.action, command.response),
  }),
});
