import { describe, expect, it } from 'vitest';
import type { OCSPRequestDataType } from '../../../shared/ocpp/generated/ocpp201.ts';
import { createUnconfiguredCertificateProvider } from '../../../shared/slices/certificates/adapters/unconfigured-certificate-provider.ts';
import {
  getCertificateStatus,
  getEvCertificate,
} from '../../../shared/slices/certificates/ev-certificates.ts';
import type {
  CertificateProvider,
  CertificateStatusRequest,
  EvCertificateRequest,
} from '../../../shared/slices/certificates/ports.ts';
import { createOcppHandlers } from '../../../shared/slices/index.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';

/** ISO 15118 certificate requests answered through the CertificateProvider port. */

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

const ocspRequestData: OCSPRequestDataType = {
  hashAlgorithm: 'SHA256',
  issuerNameHash: 'a1b2',
  issuerKeyHash: 'c3d4',
  serialNumber: '0f',
  responderURL: 'http://ocsp.example.test',
};

const evRequest = {
  iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
  action: 'Install',
  exiRequest: 'RVhJ',
} as const;

/** A PKI of the test's own: records what it was asked and answers as told (or throws). */
const aFakeProvider = (answers: {
  ev?: Awaited<ReturnType<CertificateProvider['get15118EVCertificate']>> | Error;
  status?: Awaited<ReturnType<CertificateProvider['getCertificateStatus']>> | Error;
}) => {
  const asked: (EvCertificateRequest | CertificateStatusRequest)[] = [];
  const provider: CertificateProvider = {
    async get15118EVCertificate(request) {
      asked.push(request);
      if (answers.ev instanceof Error) throw answers.ev;
      return answers.ev ?? { status: 'Failed', reasonCode: 'NotFound' };
    },
    async getCertificateStatus(request) {
      asked.push(request);
      if (answers.status instanceof Error) throw answers.status;
      return answers.status ?? { status: 'Failed', reasonCode: 'NotFound' };
    },
  };
  return { provider, asked };
};

describe('ISO 15118 EV certificates (Get15118EVCertificate)', () => {
  it("hands the EV's request to the provider and the provider's EXI response to the charger", async () => {
    // Prepare
    const { provider, asked } = aFakeProvider({ ev: { status: 'Accepted', exiResponse: 'UkVTUE9OU0U=' } });

    // Act
    const answer = await getEvCertificate({ certificates: provider }, ctx, evRequest);

    // Assess
    expect(answer).toEqual({ status: 'Accepted', exiResponse: 'UkVTUE9OU0U=' });
    expect(asked).toEqual([{ tenantId: 'tenant-a', chargerId: 'cp-1', ...evRequest }]);
  });

  it("passes the provider's refusal on as Failed with its reason", async () => {
    // Prepare
    const { provider } = aFakeProvider({
      ev: { status: 'Failed', reasonCode: 'InvalidCertificate', additionalInfo: 'contract revoked' },
    });

    // Act
    const answer = await getEvCertificate({ certificates: provider }, ctx, {
      ...evRequest,
      action: 'Update',
    });

    // Assess
    expect(answer).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'InvalidCertificate', additionalInfo: 'contract revoked' },
      exiResponse: '',
    });
  });

  it.each([
    ['throws', new Error('PKI unreachable')],
    [
      'answers beyond the schema (a 5601-character EXI response)',
      { status: 'Accepted', exiResponse: 'x'.repeat(5601) },
    ],
    ['gives a reason code longer than 20 characters', { status: 'Failed', reasonCode: 'R'.repeat(21) }],
  ] as const)('answers Failed / InternalError when the provider %s', async (_, ev) => {
    // Prepare
    const { provider } = aFakeProvider({ ev: ev as never });

    // Act
    const answer = await getEvCertificate({ certificates: provider }, ctx, evRequest);

    // Assess
    expect(answer).toMatchObject({
      status: 'Failed',
      statusInfo: { reasonCode: 'InternalError' },
      exiResponse: '',
    });
  });

  it('answers Failed / NotEnabled with no V2G PKI configured (the default adapter)', async () => {
    // Act
    const answer = await getEvCertificate(
      { certificates: createUnconfiguredCertificateProvider() },
      ctx,
      evRequest,
    );

    // Assess
    expect(answer).toEqual({
      status: 'Failed',
      statusInfo: {
        reasonCode: 'NotEnabled',
        additionalInfo: expect.stringContaining('No V2G certificate provider'),
      },
      exiResponse: '',
    });
  });
});

describe('the OCPP 2.0.1 handlers', () => {
  it('answer both messages from the provider the dependencies hold, whichever it is', async () => {
    // Prepare
    const { provider, asked } = aFakeProvider({
      ev: { status: 'Accepted', exiResponse: 'RVhJLVJFUw==' },
      status: { status: 'Accepted', ocspResult: 'T0NTUA==' },
    });
    const handlers = createOcppHandlers(await createTestDependencies({ certificates: provider }))[
      'ocpp2.0.1'
    ]!;

    // Act
    const ev = await handlers.Get15118EVCertificate!(ctx, evRequest);
    const status = await handlers.GetCertificateStatus!(ctx, { ocspRequestData });

    // Assess
    expect(ev).toEqual({ status: 'Accepted', exiResponse: 'RVhJLVJFUw==' });
    expect(status).toEqual({ status: 'Accepted', ocspResult: 'T0NTUA==' });
    expect(asked).toHaveLength(2);
  });
});

describe('OCSP certificate status (GetCertificateStatus)', () => {
  it('hands the OCSP request data to the provider and its OCSP response to the charger', async () => {
    // Prepare
    const { provider, asked } = aFakeProvider({ status: { status: 'Accepted', ocspResult: 'MIIB' } });

    // Act
    const answer = await getCertificateStatus({ certificates: provider }, ctx, { ocspRequestData });

    // Assess
    expect(answer).toEqual({ status: 'Accepted', ocspResult: 'MIIB' });
    expect(asked).toEqual([{ tenantId: 'tenant-a', chargerId: 'cp-1', ocspRequestData }]);
  });

  it('answers Failed / InternalError when the provider throws, Failed / NotEnabled without a provider', async () => {
    // Prepare
    const { provider } = aFakeProvider({ status: new Error('responder down') });

    // Act
    const failing = await getCertificateStatus({ certificates: provider }, ctx, { ocspRequestData });
    const unconfigured = await getCertificateStatus(
      { certificates: createUnconfiguredCertificateProvider() },
      ctx,
      { ocspRequestData },
    );

    // Assess
    expect(failing).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'InternalError' } });
    expect(failing).not.toHaveProperty('ocspResult');
    expect(unconfigured).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'NotEnabled' } });
  });
});
