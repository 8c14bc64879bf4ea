import type { CustomerInformationPart, CustomerInformationRequest } from './model.ts';

/** CustomerInformation requests and their parts, in a partition per charger, each item expiring (TTL). */
export interface CustomerInformationRepository {
  getRequest(
    tenantId: string,
    chargerId: string,
    requestId: number,
  ): Promise<CustomerInformationRequest | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  saveRequest(request: CustomerInformationRequest): Promise<boolean>;
  /** Stores one part; the same seqNo again replaces it. */
  putPart(part: CustomerInformationPart): Promise<void>;
  /** The request's parts, by seqNo. */
  listParts(tenantId: string, chargerId: string, requestId: number): Promise<CustomerInformationPart[]>;
  /** Requests not finished yet (requested, in progress). */
  openRequests(tenantId: string, chargerId: string): Promise<CustomerInformationRequest[]>;
}

/** What the customer-information slice adds to the dependencies. */
export interface CustomerInformationDependencies {
  readonly customerInformation: CustomerInformationRepository;
}
