import type { ChargerChannel } from '../../domain/ports.ts';

export interface MemoryChargerChannel extends ChargerChannel {
  /** Connection ids closed so far, in order. */
  readonly closed: readonly string[];
}

export const createMemoryChargerChannel = (): MemoryChargerChannel => {
  const closed: string[] = [];
  return {
    closed,
    async close(connectionId: string): Promise<void> {
      closed.push(connectionId);
    },
  };
};
