import type { RateLimiter } from '../../slices/tenancy/ports.ts';
import { keys } from '../dynamodb/keys.ts';
import type { MemoryTable } from './table.ts';

/** Same fixed one-second windows as the DynamoDB adapter, counted in the memory table. */
export const createMemoryRateLimiter = (table: MemoryTable): RateLimiter => ({
  async consume(tenantId, limitPerSecond, now) {
    const second = Math.floor(now.getTime() / 1000);
    const key = keys.rateWindow(tenantId, second);
    const count = (table.get(key)?.requests as number | undefined) ?? 0;
    if (count >= limitPerSecond) return { allowed: false, retryAfterSeconds: 1 };
    table.put({ ...key, requests: count + 1, ttl: second + 60 });
    return { allowed: true, retryAfterSeconds: 0 };
  },
});
