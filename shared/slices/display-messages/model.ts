import type { PartsProgress } from '../device-model/model.ts';

/**
 * The display messages a charger reported (OCPP 2.0.1 MessageInfoType), one record per message id, and the
 * GetDisplayMessages requests whose NotifyDisplayMessages parts reported them.
 */

export interface DisplayMessage {
  readonly tenantId: string;
  readonly chargerId: string;
  /** The message's id on the charger. */
  readonly id: number;
  readonly priority: 'AlwaysFront' | 'InFront' | 'NormalCycle';
  readonly state?: 'Charging' | 'Faulted' | 'Idle' | 'Unavailable';
  readonly startDateTime?: string;
  readonly endDateTime?: string;
  readonly transactionId?: string;
  readonly message: {
    readonly format: 'ASCII' | 'HTML' | 'URI' | 'UTF8';
    readonly language?: string;
    readonly content: string;
  };
  /** The display it is shown on (a component of the charger). */
  readonly display?: {
    readonly name: string;
    readonly instance?: string;
    readonly evseId?: number;
    readonly connectorId?: number;
  };
  /** The report that last said what it is. */
  readonly requestId: number;
  readonly updatedAt: string;
}

/** What a GetDisplayMessages asked for; none of them: every message (a complete report is then all there is). */
export interface DisplayMessagesFilter {
  readonly ids?: readonly number[];
  readonly priority?: string;
  readonly state?: string;
}

/**
 * One GetDisplayMessages and the progress of its parts. NotifyDisplayMessages has no seqNo: parts are numbered
 * as they arrive, so a report is complete at its `tbc: false` part, incomplete if the connection closes first.
 */
export interface DisplayMessagesReport extends PartsProgress {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly requestId: number;
  readonly filter?: DisplayMessagesFilter;
  readonly commandId?: string;
  readonly requestedAt?: string;
  /** Messages the parts reported. */
  readonly messages: number;
  readonly revision: number;
}
