import { describe, expect, it } from 'vitest';
import {
  isSecretConfigurationKey,
  redactRequest,
  redactResponse,
} from '../../../shared/slices/commands/secret-redaction.ts';

describe('isSecretConfigurationKey', () => {
  it.each([
    ['ocpp1.6', 'AuthorizationKey', true],
    ['ocpp1.6', 'WifiPassword', true],
    ['ocpp1.6', 'MqttClientSecret', true],
    ['ocpp1.6', 'HeartbeatInterval', false],
    ['ocpp1.6', 'AuthorizeRemoteTxRequests', false],
    ['ocpp2.0.1', 'SecurityCtrlr.BasicAuthPassword', true],
    ['ocpp2.0.1', 'VendorCtrlr.TlsPrivateKey', true],
    ['ocpp2.0.1', 'SecurityCtrlr.SecurityProfile', false],
    ['ocpp2.0.1', 'OCPPCommCtrlr.HeartbeatInterval', false],
  ] as const)('%s %s → %s', (version, key, secret) => {
    expect(isSecretConfigurationKey(version, key)).toBe(secret);
  });
});

describe('redactRequest / redactResponse', () => {
  it('leaves other actions, other keys and payloads that break their schema as they are', () => {
    // Prepare
    const reset = { type: 'Soft' };
    const broken = { configurationKey: 'not an array' };
    const other = { key: 'HeartbeatInterval', value: '300' };

    // Act
    const results = [
      redactRequest('ocpp1.6', 'Reset', reset),
      redactResponse('ocpp1.6', 'GetConfiguration', broken),
      redactRequest('ocpp1.6', 'ChangeConfiguration', other),
      redactRequest('ocpp1.6', 'toString', reset),
    ];

    // Assess
    expect(results).toEqual([reset, broken, other, reset]);
  });

  it('does not change the payload it is given: the charger gets that one', () => {
    // Prepare
    const payload = { key: 'AuthorizationKey', value: 'secret' };

    // Act
    const redacted = redactRequest('ocpp1.6', 'ChangeConfiguration', payload);

    // Assess
    expect(redacted).toEqual({ key: 'AuthorizationKey', value: '***' });
    expect(payload.value).toBe('secret');
  });

  it('hides the values of secret variables in a NotifyReport', () => {
    // Act
    const redacted = redactRequest('ocpp2.0.1', 'NotifyReport', {
      requestId: 1,
      generatedAt: '2024-05-01T12:00:00Z',
      seqNo: 0,
      reportData: [
        {
          component: { name: 'SecurityCtrlr' },
          variable: { name: 'BasicAuthPassword' },
          variableAttribute: [{ type: 'Actual', value: 'secret', mutability: 'WriteOnly' }],
        },
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
          variableAttribute: [{ type: 'Actual', value: '300' }],
        },
      ],
    });

    // Assess
    const values = (redacted.reportData as { variableAttribute: { value: string }[] }[]).map(
      (item) => item.variableAttribute[0]?.value,
    );
    expect(values).toEqual(['***', '300']);
  });
});
