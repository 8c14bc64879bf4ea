import { type ChargerChannel, ChargerGoneError } from '../../../shared/slices/commands/ports.ts';

export interface RecordingChargerChannel extends ChargerChannel {
  /** Connection ids closed so far, in order. */
  readonly closed: readonly string[];
  /** Frames sent so far, in order. */
  readonly sent: readonly { readonly connectionId: string; readonly frame: string }[];
  /** Connections that answer `send` with ChargerGoneError, as API Gateway does with a 410. */
  readonly gone: Set<string>;
}

export const createRecordingChargerChannel = (): RecordingChargerChannel => {
  const closed: string[] = [];
  const sent: { connectionId: string; frame: string }[] = [];
  const gone = new Set<string>();
  return {
    closed,
    sent,
    gone,
    async close(connectionId: string): Promise<void> {
      closed.push(connectionId);
    },
    async send(connectionId: string, frame: string): Promise<void> {
      if (gone.has(connectionId)) throw new ChargerGoneError(connectionId);
      sent.push({ connectionId, frame });
    },
  };
};
