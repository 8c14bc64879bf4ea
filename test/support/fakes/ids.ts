import type { IdGenerator } from '../../../shared/kernel/ports.ts';

/**
 * Sortable ids `${prefix}000001`, `${prefix}000002`, …; valid wherever a ULID is (no `#`, no `.`, no `_`).
 */
export const createSequentialIds = (prefix = 'ID'): IdGenerator => {
  let counter = 0;
  return {
    next() {
      counter += 1;
      return `${prefix}${String(counter).padStart(6, '0')}`;
    },
  };
};
