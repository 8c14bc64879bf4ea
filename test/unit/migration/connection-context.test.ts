import { describe, expect, it } from 'vitest';
import { readConnectionContext } from '../../../shared/handlers/websocket-context.ts';

/* Issue 15: a charger's migration cohort travels in the `$connect` authorizer context, like its site. */

describe("the connection context's cohort", () => {
  it.each([
    ['a cohort', { cohort: 'wave-1' }, { cohort: 'wave-1' }],
    ['an empty cohort (API Gateway hands on strings)', { cohort: '' }, {}],
    ['no cohort', {}, {}],
  ])('reads %s', (_case, extra, expected) => {
    // Act
    const context = readConnectionContext({
      tenantId: 't1',
      chargerId: 'cp1',
      ocppVersion: 'ocpp1.6',
      ...extra,
    });

    // Assess
    expect(context).toEqual({ tenantId: 't1', chargerId: 'cp1', ocppVersion: 'ocpp1.6', ...expected });
  });
});
