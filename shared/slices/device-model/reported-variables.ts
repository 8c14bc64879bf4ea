import type { ReportDataType } from '../../ocpp/generated/ocpp201.ts';
import { isSecretConfigurationKey, redactedValue } from '../commands/secret-redaction.ts';
import type {
  AttributeType,
  DeviceModelVariable,
  VariableAttribute,
  VariableCharacteristics,
  VariableRef,
} from './model.ts';

/**
 * Pure mapping of what chargers say about their variables (NotifyReport `reportData`, GetVariables and
 * SetVariables results) to device-model records. A secret (SecurityCtrlr.BasicAuthPassword, names that look like
 * a password) is stored as `***`, as the command records do (secret-redaction.ts).
 */

interface OcppComponentVariable {
  readonly component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  readonly variable: { name: string; instance?: string };
}

/** The ref of an OCPP component/variable pair. */
export const refOf = ({ component, variable }: OcppComponentVariable): VariableRef => ({
  component: {
    name: component.name,
    ...(component.instance !== undefined && { instance: component.instance }),
    ...(component.evse && { evseId: component.evse.id }),
    ...(component.evse?.connectorId !== undefined && { connectorId: component.evse.connectorId }),
  },
  variable: {
    name: variable.name,
    ...(variable.instance !== undefined && { instance: variable.instance }),
  },
});

/** The OCPP component/variable pair of a ref (for GetVariables / SetVariables requests). */
export const ocppComponentVariableOf = (ref: VariableRef): OcppComponentVariable => ({
  component: {
    name: ref.component.name,
    ...(ref.component.instance !== undefined && { instance: ref.component.instance }),
    ...(ref.component.evseId !== undefined && {
      evse: {
        id: ref.component.evseId,
        ...(ref.component.connectorId !== undefined && { connectorId: ref.component.connectorId }),
      },
    }),
  },
  variable: ref.variable,
});

export const isSecretVariable = (ref: VariableRef): boolean =>
  isSecretConfigurationKey('ocpp2.0.1', `${ref.component.name}.${ref.variable.name}`);

const storedValue = (ref: VariableRef, value: string | undefined): string | undefined =>
  value !== undefined && isSecretVariable(ref) ? redactedValue : value;

const attributeOf = (
  ref: VariableRef,
  attribute: ReportDataType['variableAttribute'][number],
): VariableAttribute => {
  const value = storedValue(ref, attribute.value);
  return {
    type: attribute.type ?? 'Actual',
    ...(value !== undefined && { value }),
    ...(attribute.mutability !== undefined && { mutability: attribute.mutability }),
    ...(attribute.persistent !== undefined && { persistent: attribute.persistent }),
    ...(attribute.constant !== undefined && { constant: attribute.constant }),
  };
};

const characteristicsOf = (
  characteristics: NonNullable<ReportDataType['variableCharacteristics']>,
): VariableCharacteristics => ({
  dataType: characteristics.dataType,
  supportsMonitoring: characteristics.supportsMonitoring,
  ...(characteristics.unit !== undefined && { unit: characteristics.unit }),
  ...(characteristics.minLimit !== undefined && { minLimit: characteristics.minLimit }),
  ...(characteristics.maxLimit !== undefined && { maxLimit: characteristics.maxLimit }),
  ...(characteristics.valuesList !== undefined && { valuesList: characteristics.valuesList }),
});

/** The records of one NotifyReport part: a report item replaces what was known of its variable. */
export const variablesOfReport = (
  base: { tenantId: string; chargerId: string; requestId: number; at: string },
  reportData: readonly ReportDataType[],
): DeviceModelVariable[] =>
  reportData.map((data) => {
    const ref = refOf(data);
    return {
      tenantId: base.tenantId,
      chargerId: base.chargerId,
      ...ref,
      attributes: data.variableAttribute.map((attribute) => attributeOf(ref, attribute)),
      ...(data.variableCharacteristics && {
        characteristics: characteristicsOf(data.variableCharacteristics),
      }),
      requestId: base.requestId,
      updatedAt: base.at,
    };
  });

/**
 * The record after the charger confirmed a value of one attribute (SetVariables Accepted, GetVariables
 * Accepted): that attribute's value replaced, the rest as it was; a variable no report named yet gets a record
 * with that attribute only.
 */
export const withAttributeValue = (
  current: DeviceModelVariable | undefined,
  base: { tenantId: string; chargerId: string; ref: VariableRef; at: string },
  type: AttributeType,
  value: string | undefined,
): DeviceModelVariable => {
  const stored = storedValue(base.ref, value);
  const attributes = current?.attributes ?? [];
  const existing = attributes.find((attribute) => attribute.type === type);
  const { value: _previous, ...rest } = existing ?? { type };
  const next: VariableAttribute = { ...rest, ...(stored !== undefined && { value: stored }) };
  return {
    ...(current ?? { tenantId: base.tenantId, chargerId: base.chargerId, ...base.ref }),
    attributes: existing
      ? attributes.map((attribute) => (attribute === existing ? next : attribute))
      : [...attributes, next],
    updatedAt: base.at,
  };
};

/** A stored record as it may be shown: secrets redacted, also in records stored before they were. */
export const redactedVariable = (variable: DeviceModelVariable): DeviceModelVariable =>
  isSecretVariable(variable)
    ? {
        ...variable,
        attributes: variable.attributes.map((attribute) =>
          attribute.value === undefined ? attribute : { ...attribute, value: redactedValue },
        ),
      }
    : variable;
