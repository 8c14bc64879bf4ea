import { describe, expect, it } from 'vitest';
import { negotiateSubprotocol, type OcppVersion } from '../../../shared/ocpp/versions.ts';

const both: readonly OcppVersion[] = ['ocpp2.0.1', 'ocpp1.6'];

describe('negotiateSubprotocol', () => {
  it.each([
    ['a single supported protocol', 'ocpp1.6', both, 'ocpp1.6'],
    ["the charger's first supported choice, not the server's", 'ocpp1.6, ocpp2.0.1', both, 'ocpp1.6'],
    ['skipping protocols the server does not speak', 'ocpp2.1,ocpp2.0.1,ocpp1.6', both, 'ocpp2.0.1'],
    ['whatever the whitespace', '  ocpp2.1 ,\tocpp2.0.1  ', both, 'ocpp2.0.1'],
    ['only what the server supports', 'ocpp2.0.1, ocpp1.6', ['ocpp1.6'] as const, 'ocpp1.6'],
  ])('picks %s', (_, header, supported, expected) => {
    // Act
    const chosen = negotiateSubprotocol(header, supported);

    // Assess
    expect(chosen).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['no common protocol', 'ocpp1.5, ocpp2.1'],
    ['a different case', 'OCPP1.6'],
  ])('gives nothing for %s', (_, header) => {
    // Act
    const chosen = negotiateSubprotocol(header, both);

    // Assess
    expect(chosen).toBeUndefined();
  });
});
