import type { TransactionEventRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import type { SessionEvent } from '../../../shared/slices/transactions/sessions.ts';

/** A version-neutral transaction event; `overrides` replace fields. */
export const aSessionEvent = (overrides: Partial<SessionEvent> = {}): SessionEvent => ({
  chargerTransactionId: 'tx-1',
  eventType: 'Updated',
  at: '2024-05-01T10:00:00.000Z',
  seqNo: 0,
  meterValues: [],
  ...overrides,
});

/** An energy register reading in Wh, as a meter value of a session event. */
export const aReading = (at: string, wh: number) => ({ at, sampledValues: [{ value: wh }] });

/** An OCPP 2.0.1 TransactionEvent request; `overrides` replace top-level fields. */
export const aTransactionEventRequest = (
  overrides: Partial<TransactionEventRequest> = {},
): TransactionEventRequest => ({
  eventType: 'Started',
  timestamp: '2024-05-01T10:00:00.000Z',
  triggerReason: 'Authorized',
  seqNo: 0,
  transactionInfo: { transactionId: 'tx-1' },
  ...overrides,
});
