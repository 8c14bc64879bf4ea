import { describe, expect, it } from 'vitest';
import { OcppError } from '../../../shared/ocpp/errors.ts';
import { putIdToken } from '../../../shared/slices/authorization/id-tokens.ts';
import { getSession } from '../../../shared/slices/transactions/sessions.ts';
import { toSessionEvent } from '../../../shared/slices/transactions/transactions-201.ts';
import { createV201Handlers } from '../../support/ocpp-handlers.ts';
import { createTestDependencies, type TestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext } from './builders.ts';
import { aTransactionEventRequest } from './session-builders.ts';

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });

const givenTokens = async (deps: TestDependencies) => {
  await putIdToken(deps, {
    tenantId: 'tenant-a',
    idToken: 'tag-ok',
    status: 'Accepted',
    groupId: 'Fleet',
    expiresAt: '2030-01-01T00:00:00Z',
    actor: 'key-1',
  });
  await putIdToken(deps, { tenantId: 'tenant-a', idToken: 'tag-blocked', status: 'Blocked', actor: 'key-1' });
};

describe('OCPP 2.0.1 Authorize', () => {
  it.each([
    [
      'an accepted token with expiry and group',
      { idToken: 'TAG-OK', type: 'ISO14443' as const },
      {
        status: 'Accepted',
        cacheExpiryDateTime: '2030-01-01T00:00:00.000Z',
        groupIdToken: { idToken: 'Fleet', type: 'Central' },
      },
    ],
    ['a blocked token', { idToken: 'tag-blocked', type: 'ISO14443' as const }, { status: 'Blocked' }],
    ['an unknown token', { idToken: 'nobody', type: 'ISO14443' as const }, { status: 'Unknown' }],
    ['a known token as another type', { idToken: 'tag-ok', type: 'eMAID' as const }, { status: 'Unknown' }],
  ])('answers %s', async (_name, idToken, idTokenInfo) => {
    // Prepare
    const deps = await createTestDependencies();
    await givenTokens(deps);
    const handlers = createV201Handlers(deps);

    // Act
    const response = await handlers.Authorize!(ctx, { idToken });

    // Assess
    expect(response).toEqual({ idTokenInfo });
  });
});

describe('OCPP 2.0.1 TransactionEvent', () => {
  it('answers the authorization of the token the event carries', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenTokens(deps);
    const handlers = createV201Handlers(deps);

    // Act
    const response = await handlers.TransactionEvent!(
      ctx,
      aTransactionEventRequest({ idToken: { idToken: 'tag-blocked', type: 'ISO14443' } }),
    );

    // Assess
    expect(response).toEqual({ idTokenInfo: { status: 'Blocked' } });
  });

  it.each([
    ['no token', {}],
    ['a NoAuthorization token', { idToken: { idToken: '', type: 'NoAuthorization' as const } }],
  ])('answers without idTokenInfo for %s, and records no token', async (_name, overrides) => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const response = await handlers.TransactionEvent!(ctx, aTransactionEventRequest(overrides));

    // Assess
    expect(response).toEqual({});
    const found = await getSession(deps, { tenantId: 'tenant-a', sessionId: 'ID000001' });
    expect(found?.session).not.toHaveProperty('idToken');
  });

  it('refuses an empty transaction id with a CALLERROR', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    const handling = handlers.TransactionEvent!(
      ctx,
      aTransactionEventRequest({ transactionInfo: { transactionId: '' } }),
    );

    // Assess
    await expect(handling).rejects.toBeInstanceOf(OcppError);
    expect(await deps.table.scan()).toEqual([]);
  });

  it('maps the request: UTC times, EVSE, token, default stop reason, units and multipliers', () => {
    // Act
    const event = toSessionEvent(
      aTransactionEventRequest({
        eventType: 'Ended',
        timestamp: '2024-05-01T12:00:00+02:00',
        seqNo: 4,
        evse: { id: 2, connectorId: 1 },
        idToken: { idToken: 'Tag', type: 'eMAID' },
        transactionInfo: { transactionId: 'tx-9', remoteStartId: 17 },
        meterValue: [
          {
            timestamp: '2024-05-01T11:59:00-01:00',
            sampledValue: [
              { value: 12.5, unitOfMeasure: { unit: 'kWh', multiplier: 0 }, context: 'Transaction.End' },
              {
                value: 16,
                measurand: 'Current.Import',
                phase: 'L1',
                location: 'Outlet',
                unitOfMeasure: { unit: 'A' },
              },
            ],
          },
        ],
      }),
      // Unbounded here: the bound is `readChargerTime`'s (tested with it).
      (_field, timestamp) => new Date(timestamp).toISOString(),
    );

    // Assess
    expect(event).toEqual({
      chargerTransactionId: 'tx-9',
      eventType: 'Ended',
      at: '2024-05-01T10:00:00.000Z',
      seqNo: 4,
      evseId: 2,
      connectorId: 1,
      idToken: { idToken: 'Tag', type: 'eMAID' },
      stoppedReason: 'Local',
      remoteStartId: 17,
      meterValues: [
        {
          at: '2024-05-01T12:59:00.000Z',
          sampledValues: [
            { value: 12.5, unit: 'kWh', context: 'Transaction.End' },
            { value: 16, measurand: 'Current.Import', unit: 'A', phase: 'L1', location: 'Outlet' },
          ],
        },
      ],
    });
  });

  it('records the session of the charger with its site', async () => {
    // Prepare
    const deps = await createTestDependencies();
    const handlers = createV201Handlers(deps);

    // Act
    await handlers.TransactionEvent!(
      aMessageContext({ ocppVersion: 'ocpp2.0.1', chargerId: 'cp-7', siteId: 'site-7' }),
      aTransactionEventRequest({ evse: { id: 1 } }),
    );

    // Assess
    const found = await getSession(deps, { tenantId: 'tenant-a', sessionId: 'ID000001' });
    expect(found?.session).toMatchObject({
      chargerId: 'cp-7',
      siteId: 'site-7',
      evseId: 1,
      status: 'Active',
    });
    expect(found?.session).not.toHaveProperty('connectorId');
  });
});
