import { logger } from '../../handlers/logger.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type {
  CustomerInformationRequest as CustomerInformationCall,
  NotifyCustomerInformationRequest,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import {
  acceptReportPart,
  closeOpenReports,
  isStorableRequestId,
  type ProgressStore,
} from '../device-model/report-parts.ts';
import { endedReportDetail, type ReportEnding, withRequestAnswer } from '../device-model/report-progress.ts';
import { type CustomerInformationRequest, customerInformationRetentionDays } from './model.ts';

/**
 * Customer information (OCPP 2.0.1 block N). CustomerInformation — sent through the raw passthrough — makes its
 * request id a requested report (the reaction to the charger's answer, or the call still pending when the first
 * part comes first); each NotifyCustomerInformation part's data is stored under its seqNo, then the request's
 * progress, with the state machine of NotifyReport (report-progress.ts); the data reads as the parts
 * concatenated in seqNo order. Personal data: the request and its parts expire 30 days after the request, and
 * the published event carries none of it. A part of a request id the CSMS never gave is logged and changes
 * nothing.
 */

type Deps = Pick<Dependencies, 'customerInformation' | 'events' | 'clock' | 'pendingCalls' | 'commands'>;
type Request = Omit<CustomerInformationRequest, 'revision'>;

const retentionMs = customerInformationRetentionDays * 86_400_000;

const storeOf = (
  deps: Pick<Dependencies, 'customerInformation'>,
  tenantId: string,
  chargerId: string,
  requestId: number,
): ProgressStore<CustomerInformationRequest> => ({
  load: () => deps.customerInformation.getRequest(tenantId, chargerId, requestId),
  save: (next) => deps.customerInformation.saveRequest(next),
});

const identifiedBy = (payload: CustomerInformationCall): Request['identifiedBy'] => {
  if (payload.idToken) return 'idToken';
  if (payload.customerIdentifier !== undefined) return 'customerIdentifier';
  if (payload.customerCertificate) return 'customerCertificate';
  return undefined;
};

const requestedOf = (command: Command, at: string): Request => {
  const payload = command.payload as unknown as CustomerInformationCall;
  const by = identifiedBy(payload);
  return {
    tenantId: command.tenantId,
    chargerId: command.chargerId,
    requestId: payload.requestId,
    report: payload.report,
    clear: payload.clear,
    ...(by && { identifiedBy: by }),
    commandId: command.commandId,
    requestedAt: command.requestedAt,
    status: 'requested',
    seqNos: [],
    characters: 0,
    expiresAt: new Date(Date.parse(command.requestedAt ?? at) + retentionMs).toISOString(),
    updatedAt: at,
  };
};

/** Reaction to CustomerInformation: the request is recorded (or refused) under its request id. */
export const recordCustomerInformationAnswer: CommandReaction = async (deps, { command, response }) => {
  const { status } = response as { status: string };
  const { requestId } = command.payload as { requestId: number };
  if (!isStorableRequestId(requestId)) return;
  const at = deps.clock.now().toISOString();
  await updateRevisioned(storeOf(deps, command.tenantId, command.chargerId, requestId), (current) =>
    withRequestAnswer<Request>(
      { ...(current ?? requestedOf(command, at)), commandId: command.commandId },
      status,
      at,
    ),
  );
};

const publishReported = async (deps: Pick<Dependencies, 'events'>, at: ReportEnding, request: Request) => {
  const detail = endedReportDetail(at, request);
  if (!detail) return;
  await deps.events.publish([
    {
      name: 'customerInformationReported',
      detail: {
        ...detail,
        characters: request.characters,
      },
    },
  ]);
};

/** One NotifyCustomerInformation part (its answer is empty whatever happens: the response has no fields). */
export const recordCustomerInformationPart = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  part: NotifyCustomerInformationRequest,
): Promise<'unknown' | 'afterEnd' | 'stored' | 'repeated'> => {
  const { tenantId, chargerId } = ctx;
  const at = deps.clock.now().toISOString();
  const result = await acceptReportPart(deps, {
    tenantId,
    chargerId,
    requestId: part.requestId,
    action: 'CustomerInformation',
    store: storeOf(deps, tenantId, chargerId, part.requestId),
    requested: (command) => requestedOf(command, at),
    part: {
      seqNo: part.seqNo,
      tbc: part.tbc ?? false,
      generatedAt: part.generatedAt,
      connectionId: ctx.connectionId,
      at,
    },
    counted: (request) => ({ ...request, characters: request.characters + part.data.length }),
    storeContent: (request) =>
      deps.customerInformation.putPart({
        tenantId,
        chargerId,
        requestId: part.requestId,
        seqNo: part.seqNo,
        data: part.data,
        generatedAt: part.generatedAt,
        receivedAt: at,
        expiresAt: request.expiresAt,
      }),
  });
  // Never the data itself in the log: it is personal data.
  const logged = { tenantId, chargerId, requestId: part.requestId, seqNo: part.seqNo };
  if (result.kind === 'unknown')
    logger.warn('NotifyCustomerInformation of a request the CSMS never made; not stored', logged);
  if (result.kind === 'afterEnd')
    logger.warn('NotifyCustomerInformation part after its request ended; not stored', {
      ...logged,
      status: result.report.status,
    });
  if (result.kind === 'stored' && result.finished)
    await publishReported(deps, { ...ctx, occurredAt: at }, result.report);
  return result.kind;
};

/** `$disconnect`: the customer information in progress over the closed connection is incomplete. */
export const closeCustomerInformationOfConnection = async (
  deps: Pick<Dependencies, 'customerInformation' | 'events' | 'clock'>,
  input: {
    tenantId: string;
    chargerId: string;
    siteId?: string;
    connectionId: string;
    correlationId: string;
  },
): Promise<number[]> => {
  const at = deps.clock.now().toISOString();
  const closed = await closeOpenReports(
    await deps.customerInformation.openRequests(input.tenantId, input.chargerId),
    (request) => storeOf(deps, input.tenantId, input.chargerId, request.requestId),
    { connectionId: input.connectionId, at },
  );
  for (const request of closed) await publishReported(deps, { ...input, occurredAt: at }, request);
  return closed.map((request) => request.requestId);
};

export interface CustomerInformationView extends Request {
  /** The parts' data concatenated in seqNo order. */
  readonly data: string;
}

/** A request and its data; undefined when there is none, or it has expired (TTL deletion may lag). */
export const getCustomerInformation = async (
  deps: Pick<Dependencies, 'customerInformation' | 'clock'>,
  input: { tenantId: string; chargerId: string; requestId: number },
): Promise<CustomerInformationView | undefined> => {
  if (!isStorableRequestId(input.requestId)) return undefined;
  const request = await deps.customerInformation.getRequest(input.tenantId, input.chargerId, input.requestId);
  if (!request || Date.parse(request.expiresAt) <= deps.clock.now().getTime()) return undefined;
  const parts = await deps.customerInformation.listParts(input.tenantId, input.chargerId, input.requestId);
  const { revision: _revision, ...rest } = request;
  return { ...rest, data: parts.map((part) => part.data).join('') };
};
