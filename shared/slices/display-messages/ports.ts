import type { Page } from '../../kernel/ports.ts';
import type { DisplayMessage, DisplayMessagesReport } from './model.ts';

/** A charger's display messages and the reports of them, in a partition per charger. */
export interface DisplayMessageRepository {
  /** Stores the messages, each replacing the one of its id. */
  putMessages(messages: readonly DisplayMessage[]): Promise<void>;
  /** By message id. */
  listMessages(
    tenantId: string,
    chargerId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<DisplayMessage>>;
  deleteMessage(tenantId: string, chargerId: string, messageId: number): Promise<void>;
  /** Deletes the messages the report `requestId` did not report; returns how many. */
  deleteMessagesNotOf(tenantId: string, chargerId: string, requestId: number): Promise<number>;
  getReport(
    tenantId: string,
    chargerId: string,
    requestId: number,
  ): Promise<DisplayMessagesReport | undefined>;
  /** Stores it if the stored one still has `revision - 1` (revision 1: if there is none); false otherwise. */
  saveReport(report: DisplayMessagesReport): Promise<boolean>;
  /** Reports not finished yet (requested, in progress). */
  openReports(tenantId: string, chargerId: string): Promise<DisplayMessagesReport[]>;
}

/** What the display-messages slice adds to the dependencies. */
export interface DisplayMessagesDependencies {
  readonly displayMessages: DisplayMessageRepository;
}
