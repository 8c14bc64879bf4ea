import { describe, expect, it } from 'vitest';
import type { ReportDataType } from '../../../shared/ocpp/generated/ocpp201.ts';
import {
  ocppComponentVariableOf,
  redactedVariable,
  refOf,
  variablesOfReport,
  withAttributeValue,
} from '../../../shared/slices/device-model/reported-variables.ts';

const base = { tenantId: 't1', chargerId: 'cp1', requestId: 3, at: '2026-01-01T00:00:00.000Z' };

describe('variablesOfReport', () => {
  it('maps a report item to a record with its component, variable, attributes and characteristics', () => {
    // Prepare
    const data: ReportDataType = {
      component: { name: 'EVSE', instance: 'main', evse: { id: 1, connectorId: 2 } },
      variable: { name: 'Power', instance: 'Max' },
      variableAttribute: [
        { type: 'Actual', value: '22000', mutability: 'ReadOnly', persistent: true, constant: false },
        { type: 'MaxSet', value: '11000' },
        { value: 'implicit Actual' },
      ],
      variableCharacteristics: {
        unit: 'W',
        dataType: 'decimal',
        minLimit: 0,
        maxLimit: 22000,
        supportsMonitoring: true,
      },
    };

    // Act
    const [record] = variablesOfReport(base, [data]);

    // Assess
    expect(record).toEqual({
      tenantId: 't1',
      chargerId: 'cp1',
      component: { name: 'EVSE', instance: 'main', evseId: 1, connectorId: 2 },
      variable: { name: 'Power', instance: 'Max' },
      attributes: [
        { type: 'Actual', value: '22000', mutability: 'ReadOnly', persistent: true, constant: false },
        { type: 'MaxSet', value: '11000' },
        { type: 'Actual', value: 'implicit Actual' },
      ],
      characteristics: {
        unit: 'W',
        dataType: 'decimal',
        minLimit: 0,
        maxLimit: 22000,
        supportsMonitoring: true,
      },
      requestId: 3,
      updatedAt: base.at,
    });
  });

  it.each([
    ['SecurityCtrlr', 'BasicAuthPassword'],
    ['VendorCtrlr', 'AdminPassword'],
    ['NetworkCtrlr', 'VpnSecret'],
  ])('stores %s.%s as ***', (component, variable) => {
    // Act
    const [record] = variablesOfReport(base, [
      {
        component: { name: component },
        variable: { name: variable },
        variableAttribute: [{ type: 'Actual', value: 'plain-secret', mutability: 'WriteOnly' }],
      },
    ]);

    // Assess
    expect(record?.attributes).toEqual([{ type: 'Actual', value: '***', mutability: 'WriteOnly' }]);
  });

  it('leaves an ordinary variable’s value as reported', () => {
    // Act
    const [record] = variablesOfReport(base, [
      {
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
        variableAttribute: [{ value: '300' }],
      },
    ]);

    // Assess
    expect(record?.attributes).toEqual([{ type: 'Actual', value: '300' }]);
  });
});

describe('withAttributeValue', () => {
  const ref = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
  const at = '2026-01-02T00:00:00.000Z';

  it('replaces the value of that attribute only, keeping its other fields and the other attributes', () => {
    // Prepare
    const [current] = variablesOfReport(base, [
      {
        ...ocppComponentVariableOf(ref),
        variableAttribute: [
          { type: 'Actual', value: '300', mutability: 'ReadWrite' },
          { type: 'Target', value: '600' },
        ],
      },
    ]);

    // Act
    const next = withAttributeValue(current, { tenantId: 't1', chargerId: 'cp1', ref, at }, 'Actual', '120');

    // Assess
    expect(next.attributes).toEqual([
      { type: 'Actual', value: '120', mutability: 'ReadWrite' },
      { type: 'Target', value: '600' },
    ]);
    expect(next).toMatchObject({ requestId: 3, updatedAt: at });
  });

  it('creates a record for a variable no report named', () => {
    // Act
    const next = withAttributeValue(undefined, { tenantId: 't1', chargerId: 'cp1', ref, at }, 'Target', '5');

    // Assess
    expect(next).toEqual({
      tenantId: 't1',
      chargerId: 'cp1',
      ...ref,
      attributes: [{ type: 'Target', value: '5' }],
      updatedAt: at,
    });
  });

  it('stores a secret as ***', () => {
    // Prepare
    const secret = { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } };

    // Act
    const next = withAttributeValue(
      undefined,
      { tenantId: 't1', chargerId: 'cp1', ref: secret, at },
      'Actual',
      'p',
    );

    // Assess
    expect(next.attributes).toEqual([{ type: 'Actual', value: '***' }]);
  });
});

describe('refOf / ocppComponentVariableOf', () => {
  it.each([
    [{ component: { name: 'A' }, variable: { name: 'B' } }],
    [{ component: { name: 'EVSE', evse: { id: 0 } }, variable: { name: 'Power', instance: 'x' } }],
    [
      {
        component: { name: 'Connector', instance: 'L', evse: { id: 1, connectorId: 1 } },
        variable: { name: 'A' },
      },
    ],
  ])('round-trips %j', (pair) => {
    // Act & Assess
    expect(ocppComponentVariableOf(refOf(pair))).toEqual(pair);
  });
});

describe('redactedVariable', () => {
  it('hides a secret stored in plain text before redaction existed', () => {
    // Prepare
    const stored = {
      tenantId: 't1',
      chargerId: 'cp1',
      component: { name: 'SecurityCtrlr' },
      variable: { name: 'BasicAuthPassword' },
      attributes: [{ type: 'Actual' as const, value: 'plain' }],
      updatedAt: base.at,
    };

    // Act & Assess
    expect(redactedVariable(stored).attributes).toEqual([{ type: 'Actual', value: '***' }]);
  });
});
