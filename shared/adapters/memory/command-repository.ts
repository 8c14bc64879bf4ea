import type { Command } from '../../slices/commands/model.ts';
import { commandRetentionSeconds } from '../../slices/commands/model.ts';
import type { CommandRepository } from '../../slices/commands/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import { ConditionFailedError, type MemoryTable, withoutKeys } from './table.ts';

export const createMemoryCommandRepository = (table: MemoryTable): CommandRepository => ({
  async create(command) {
    const key = keys.command(command.tenantId, command.commandId);
    if (table.get(key)) throw new ConditionFailedError(key);
    table.put({
      ...key,
      type: 'Command',
      ...command,
      ttl: Math.ceil(Date.parse(command.requestedAt) / 1000) + commandRetentionSeconds,
    });
  },

  async get(tenantId, commandId) {
    const item = table.get(keys.command(tenantId, commandId));
    return item ? withoutKeys<Command>(item) : undefined;
  },

  async markSent(tenantId, commandId, sent) {
    const item = table.get(keys.command(tenantId, commandId));
    if (item?.status !== 'queued') return undefined;
    const updated = { ...item, ...sent, status: 'pending' };
    table.put(updated);
    return withoutKeys<Command>(updated);
  },

  async complete(tenantId, commandId, outcome) {
    const item = table.get(keys.command(tenantId, commandId));
    if (item?.status !== 'pending' && item?.status !== 'queued') return undefined;
    const updated = { ...item, ...outcome };
    table.put(updated);
    return withoutKeys<Command>(updated);
  },
});
