import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../../shared/ocpp/versions.ts';
import { createV16Handlers, createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';

const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----';

const eventsOf = (deps: TestDependencies, name: 'securityEventReceived' | 'certificateSigningRequested') =>
  deps.events.published.filter((event) => event.name === name).map((event) => event.detail);

describe('security events and certificate signing requests, 1.6 security extension and 2.0.1 block A', () => {
  it.each([
    ['ocpp1.6', createV16Handlers],
    ['ocpp2.0.1', createV201Handlers],
  ] as const)(
    '%s SecurityEventNotification: published with its time in UTC, nothing stored',
    async (version, create) => {
      // Prepare
      const deps = await createTestDependencies();
      const handlers = create(deps);
      const ctx = aMessageContext({ ocppVersion: version as OcppVersion });

      // Act
      const answer = await handlers.SecurityEventNotification(ctx, {
        type: 'TamperDetectionActivated',
        timestamp: '2024-05-01T14:00:00+02:00',
        techInfo: 'lid open',
      });

      // Assess
      expect(answer).toEqual({});
      expect(eventsOf(deps, 'securityEventReceived')).toEqual([
        {
          tenantId: 'tenant-a',
          chargerId: 'cp-1',
          siteId: 'site-1',
          correlationId: 'corr-1',
          ocppVersion: version,
          type: 'TamperDetectionActivated',
          techInfo: 'lid open',
          occurredAt: '2024-05-01T12:00:00.000Z',
        },
      ]);
      expect(await deps.table.scan()).toEqual([]);
    },
  );

  it('2.0.1 SignCertificate: a PEM request is accepted and published with its certificate type', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);
    const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

    // Act
    const answer = await handlers.SignCertificate(ctx, { csr, certificateType: 'V2GCertificate' });

    // Assess
    expect(answer).toEqual({ status: 'Accepted' });
    expect(eventsOf(deps, 'certificateSigningRequested')).toEqual([
      expect.objectContaining({ ocppVersion: 'ocpp2.0.1', csr, certificateType: 'V2GCertificate' }),
    ]);
  });

  it.each([
    ['ocpp1.6', createV16Handlers],
    ['ocpp2.0.1', createV201Handlers],
  ] as const)(
    '%s SignCertificate: what is no PEM request is rejected and not published',
    async (version, create) => {
      // Prepare
      const deps = await createTestDependencies();
      const handlers = create(deps);
      const ctx = aMessageContext({ ocppVersion: version as OcppVersion });

      // Act
      const answer = await handlers.SignCertificate(ctx, { csr: 'MIIBnotPEM' });

      // Assess
      expect(answer).toEqual({ status: 'Rejected' });
      expect(eventsOf(deps, 'certificateSigningRequested')).toEqual([]);
    },
  );
});
