import { logger } from '../../handlers/logger.ts';
import type { Page } from '../../kernel/ports.ts';
import { updateRevisioned } from '../../kernel/revisioned.ts';
import type {
  GetDisplayMessagesRequest,
  MessageInfoType,
  NotifyDisplayMessagesRequest,
} from '../../ocpp/generated/ocpp201.ts';
import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import { acceptReportPart, closeOpenReports, type ProgressStore } from '../device-model/report-parts.ts';
import { endedReportDetail, type ReportEnding, withRequestAnswer } from '../device-model/report-progress.ts';
import type { DisplayMessage, DisplayMessagesReport } from './model.ts';

/**
 * The display messages of a charger (OCPP 2.0.1 block O). GetDisplayMessages — sent through the raw passthrough
 * — makes its request id a requested report (the reaction to the charger's answer, or the call still pending
 * when the first part comes first); each NotifyDisplayMessages part stores its messages (a message an item,
 * replacing what was known of its id) and then the report's progress, with the state machine of NotifyReport
 * (report-progress.ts). The parts carry no seqNo: they are numbered as they arrive. A complete report of every
 * message (GetDisplayMessages without id, priority or state) replaces the stored messages, and so does its
 * `Unknown` answer (the charger has none). An accepted ClearDisplayMessage removes its message. A part of a
 * request id the CSMS never gave is logged and changes nothing.
 */

type Deps = Pick<Dependencies, 'displayMessages' | 'events' | 'clock' | 'pendingCalls' | 'commands'>;
type Report = Omit<DisplayMessagesReport, 'revision'>;

const storeOf = (
  deps: Pick<Dependencies, 'displayMessages'>,
  tenantId: string,
  chargerId: string,
  requestId: number,
): ProgressStore<DisplayMessagesReport> => ({
  load: () => deps.displayMessages.getReport(tenantId, chargerId, requestId),
  save: (next) => deps.displayMessages.saveReport(next),
});

const requestedReport = (command: Command, at: string): Report => {
  const payload = command.payload as unknown as GetDisplayMessagesRequest;
  const filter = {
    ...(payload.id && { ids: [...payload.id] }),
    ...(payload.priority && { priority: payload.priority }),
    ...(payload.state && { state: payload.state }),
  };
  return {
    tenantId: command.tenantId,
    chargerId: command.chargerId,
    requestId: payload.requestId,
    ...(Object.keys(filter).length > 0 && { filter }),
    commandId: command.commandId,
    requestedAt: command.requestedAt,
    status: 'requested',
    seqNos: [],
    messages: 0,
    updatedAt: at,
  };
};

/** Reaction to GetDisplayMessages: the report is requested (or refused) under its request id. */
export const recordDisplayMessagesAnswer: CommandReaction = async (deps, { command, response }) => {
  const { status } = response as { status: string };
  const at = deps.clock.now().toISOString();
  const { after } = await updateRevisioned(
    storeOf(deps, command.tenantId, command.chargerId, (command.payload as { requestId: number }).requestId),
    (current) =>
      withRequestAnswer<Report>(
        { ...(current ?? requestedReport(command, at)), commandId: command.commandId },
        status,
        at,
      ),
  );
  // No message at all (Unknown to a request of every message): none is left to show.
  if (status === 'Unknown' && after?.status === 'rejected' && !after.filter)
    await deps.displayMessages.deleteMessagesNotOf(command.tenantId, command.chargerId, after.requestId);
};

/** Reaction to ClearDisplayMessage: an Accepted one removed the message from the charger. */
export const removeClearedMessage: CommandReaction = async (deps, { command, response }) => {
  if ((response as { status?: string }).status !== 'Accepted') return;
  const { id } = command.payload as { id: number };
  if (!Number.isSafeInteger(id) || id < 0 || id > 2 ** 31 - 1) return;
  await deps.displayMessages.deleteMessage(command.tenantId, command.chargerId, id);
};

/** The records of one part's messages. */
export const messagesOfPart = (
  base: { tenantId: string; chargerId: string; requestId: number; at: string },
  messageInfo: readonly MessageInfoType[],
): DisplayMessage[] =>
  messageInfo.map((info) => ({
    tenantId: base.tenantId,
    chargerId: base.chargerId,
    id: info.id,
    priority: info.priority,
    ...(info.state && { state: info.state }),
    ...(info.startDateTime && { startDateTime: info.startDateTime }),
    ...(info.endDateTime && { endDateTime: info.endDateTime }),
    ...(info.transactionId && { transactionId: info.transactionId }),
    message: {
      format: info.message.format,
      ...(info.message.language && { language: info.message.language }),
      content: info.message.content,
    },
    ...(info.display && {
      display: {
        name: info.display.name,
        ...(info.display.instance !== undefined && { instance: info.display.instance }),
        ...(info.display.evse && { evseId: info.display.evse.id }),
        ...(info.display.evse?.connectorId !== undefined && { connectorId: info.display.evse.connectorId }),
      },
    }),
    requestId: base.requestId,
    updatedAt: base.at,
  }));

const publishReported = async (deps: Pick<Dependencies, 'events'>, at: ReportEnding, report: Report) => {
  const detail = endedReportDetail(at, report);
  if (!detail) return;
  await deps.events.publish([
    {
      name: 'displayMessagesReported',
      detail: {
        ...detail,
        messages: report.messages,
      },
    },
  ]);
};

/** One NotifyDisplayMessages part (its answer is empty whatever happens: the response has no fields). */
export const recordDisplayMessagesPart = async (
  deps: Deps,
  ctx: ChargerMessageContext,
  part: NotifyDisplayMessagesRequest,
): Promise<'unknown' | 'afterEnd' | 'stored' | 'repeated'> => {
  const { tenantId, chargerId } = ctx;
  const at = deps.clock.now().toISOString();
  const messages = messagesOfPart(
    { tenantId, chargerId, requestId: part.requestId, at },
    part.messageInfo ?? [],
  );
  const result = await acceptReportPart(deps, {
    tenantId,
    chargerId,
    requestId: part.requestId,
    action: 'GetDisplayMessages',
    store: storeOf(deps, tenantId, chargerId, part.requestId),
    requested: (command) => requestedReport(command, at),
    // No seqNo in this message: the next number of the report.
    part: (current) => ({
      seqNo: current.seqNos.length,
      tbc: part.tbc ?? false,
      generatedAt: at,
      connectionId: ctx.connectionId,
      at,
    }),
    counted: (report) => ({ ...report, messages: report.messages + messages.length }),
    storeContent: () => deps.displayMessages.putMessages(messages),
  });
  const logged = { tenantId, chargerId, requestId: part.requestId };
  if (result.kind === 'unknown')
    logger.warn('NotifyDisplayMessages of a request the CSMS never made; not stored', logged);
  if (result.kind === 'afterEnd')
    logger.warn('NotifyDisplayMessages part after its report ended; not stored', {
      ...logged,
      status: result.report.status,
    });
  if (result.kind === 'stored' && result.finished) {
    if (result.report.status === 'complete' && !result.report.filter)
      await deps.displayMessages.deleteMessagesNotOf(tenantId, chargerId, part.requestId);
    await publishReported(deps, { ...ctx, occurredAt: at }, result.report);
  }
  return result.kind;
};

/** `$disconnect`: the display-message reports in progress over the closed connection are incomplete. */
export const closeDisplayMessagesReportsOfConnection = async (
  deps: Pick<Dependencies, 'displayMessages' | 'events' | 'clock'>,
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
    await deps.displayMessages.openReports(input.tenantId, input.chargerId),
    (report) => storeOf(deps, input.tenantId, input.chargerId, report.requestId),
    { connectionId: input.connectionId, at },
  );
  for (const report of closed) await publishReported(deps, { ...input, occurredAt: at }, report);
  return closed.map((report) => report.requestId);
};

/** The stored messages of a charger, by id. */
export const listDisplayMessages = (
  deps: Pick<Dependencies, 'displayMessages'>,
  input: { tenantId: string; chargerId: string; limit: number; cursor?: string },
): Promise<Page<DisplayMessage>> => {
  const { tenantId, chargerId, ...query } = input;
  return deps.displayMessages.listMessages(tenantId, chargerId, query);
};
