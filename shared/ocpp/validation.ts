import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { OcppFaultKind } from './error-codes.ts';
import { createOcppError, OcppNotImplemented } from './errors.ts';
import { messageSchemas, requestSchemaId, responseSchemaId, schemaActions } from './schemas.ts';
import type { OcppVersion } from './versions.ts';

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default` is the plugin.
const addFormats = ajvFormats.default;

const faultByKeyword: Readonly<Record<string, OcppFaultKind>> = {
  type: 'type',
  required: 'occurrence',
  minItems: 'occurrence',
  maxItems: 'occurrence',
  minProperties: 'occurrence',
  maxProperties: 'occurrence',
  enum: 'property',
  const: 'property',
  maxLength: 'property',
  minLength: 'property',
  minimum: 'property',
  maximum: 'property',
  exclusiveMinimum: 'property',
  exclusiveMaximum: 'property',
  pattern: 'property',
  format: 'property',
  multipleOf: 'property',
};

const createAjv = (): Ajv => {
  // The OCA schemas carry non-standard keywords (javaType, tsEnumNames...), hence strictSchema: false.
  const ajv = new Ajv({ strictSchema: false });
  addFormats(ajv);
  // As ocpp-rpc does: a plain multipleOf rejects decimals like 0.3 against multipleOf 0.1 (floating point).
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    metaSchema: { type: 'number' },
    errors: true,
    compile: (divisor: number) => {
      const validate: { (data: number): boolean; errors?: Partial<ErrorObject>[] } = (data) => {
        const quotient = data / divisor;
        const valid = Math.abs(Math.round(quotient) - quotient) < 1e-6;
        validate.errors = valid
          ? undefined
          : [
              {
                keyword: 'multipleOf',
                message: `must be multiple of ${divisor}`,
                params: { multipleOf: divisor },
              },
            ];
        return valid;
      };
      return validate;
    },
  });
  return ajv;
};

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * Compiles a message schema on its first use and keeps it. The `$id` is dropped: Ajv >= 8.17 (fast-uri) rejects
 * `urn:Action.req` as a URN without namespace, and the schemas only use local `#/definitions` refs anyway.
 */
const validatorFor = (version: OcppVersion, schemaId: string): ValidateFunction | undefined => {
  const key = `${version} ${schemaId}`;
  let validator = compiled.get(key);
  if (validator === undefined) {
    const schema = messageSchemas(version).find(({ $id }) => $id === schemaId);
    if (schema === undefined) return undefined;
    const { $id: _, ...withoutId } = schema;
    ajv ??= createAjv();
    validator = ajv.compile(withoutId);
    compiled.set(key, validator);
  }
  return validator;
};

/** True when the version defines the action (it has a request schema), whichever side sends it. */
export const isKnownAction = (version: OcppVersion, action: string): boolean =>
  schemaActions(version).has(action);

/** The JSON pointer of the offending field: for required/additionalProperties Ajv points at the parent. */
const fieldOf = (error: ErrorObject): string => {
  if (error.keyword === 'required') return `${error.instancePath}/${error.params.missingProperty}`;
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${error.params.additionalProperty}`;
  return error.instancePath;
};

const describe = (error: ErrorObject, field: string): string => {
  const subject = field === '' ? 'payload' : field;
  if (error.keyword === 'required') return `${subject} is required`;
  if (error.keyword === 'additionalProperties') return `${subject} is not allowed`;
  if (error.keyword === 'enum')
    return `${subject} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return `${subject} ${error.message ?? 'is invalid'}`;
};

const validate = (version: OcppVersion, action: string, schemaId: string, payload: unknown): void => {
  const validator = isKnownAction(version, action) ? validatorFor(version, schemaId) : undefined;
  if (validator === undefined) throw new OcppNotImplemented(`Unknown action '${action}' in ${version}`);
  if (validator(payload)) return;
  // Ajv stops at the first error (allErrors is off), which is the one worth reporting.
  const [first] = validator.errors ?? [];
  if (first === undefined) throw createOcppError('format', 'payload is invalid');
  const field = fieldOf(first);
  throw createOcppError(faultByKeyword[first.keyword] ?? 'format', describe(first, field), {
    field,
    keyword: first.keyword,
  });
};

/** Checks a request payload against `<action>.req`; throws the OcppError to answer with. */
export const validateRequest = (version: OcppVersion, action: string, payload: unknown): void =>
  validate(version, action, requestSchemaId(action), payload);

/** Checks a response payload against `<action>.conf`; throws an OcppError naming the violation. */
export const validateResponse = (version: OcppVersion, action: string, payload: unknown): void =>
  validate(version, action, responseSchemaId(action), payload);
