import { it } from 'vitest';
import { putIdToken } from '../../shared/domain/use-cases/id-tokens.ts';
import { createTestDependencies } from '../support/test-dependencies.ts';

it('puts 2000 tokens', async () => {
  const deps = await createTestDependencies();
  const t0 = performance.now();
  for (let i = 0; i < 2000; i += 1)
    await putIdToken(deps, { tenantId: 't', idToken: `TAG-${i}`, status: 'Accepted', actor: 'k' });
  const t1 = performance.now();
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.idTokens.list('t', { limit: 100, ...(cursor && { cursor }) });
    n += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  const t2 = performance.now();
  console.log(`put ${((t1 - t0) / 2000).toFixed(2)} ms each; list ${n} in ${(t2 - t1).toFixed(0)} ms`);
});
