import type { PartsProgress } from '../device-model/model.ts';

/**
 * What a charger reported of a customer (OCPP 2.0.1 NotifyCustomerInformation), per CustomerInformation request:
 * personal data, so the request and its parts expire `customerInformationRetentionDays` after the request.
 */

export const customerInformationRetentionDays = 30;

export interface CustomerInformationRequest extends PartsProgress {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  /** Whether the charger was asked to report, and to clear, what it has of the customer. */
  readonly report: boolean;
  readonly clear: boolean;
  /** What named the customer (the identifier itself is not kept here). */
  readonly identifiedBy?: 'idToken' | 'customerIdentifier' | 'customerCertificate';
  readonly commandId?: string;
  readonly requestedAt?: string;
  /** Characters of data the parts carried. */
  readonly characters: number;
  /** When it and its parts are deleted (DynamoDB TTL; never shown after it). */
  readonly expiresAt: string;
  readonly revision: number;
}

/** One part's data, as the charger sent it. */
export interface CustomerInformationPart {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly seqNo: number;
  readonly data: string;
  readonly generatedAt: string;
  readonly receivedAt: string;
  readonly expiresAt: string;
}
