import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../local/stepfunctions.ts';
import type { EventDetail } from '../../shared/events/catalog.ts';
import { createBillSessionHandler } from '../../shared/slices/billing/bill-session-handler.ts';
import type { BillingRepository } from '../../shared/slices/billing/ports.ts';
import type { Session } from '../../shared/slices/transactions/model.ts';
import { stateMachines } from '../../shared/topology/state-machines.ts';
import { createTestDependencies, type TestDependencies } from '../support/test-dependencies.ts';

/*
 * The billing workflow as defined in the manifest (the definition CDK deploys), run by the local Step Functions
 * runtime with the real task over dynalite: duplicated executions, a task that fails after its claim and is
 * retried by the state's Retry, and an invalid event (never retried).
 */

const session: Session = {
  tenantId: 'tenant-a',
  sessionId: 'S1',
  chargerId: 'CP-1',
  chargerTransactionId: 'tx-1',
  status: 'Completed',
  startedAt: '2026-06-01T10:00:00.000Z',
  endedAt: '2026-06-01T11:00:00.000Z',
  energyWh: 5000,
  version: 1,
  revision: 1,
  createdAt: '2026-06-01T10:00:00.000Z',
  updatedAt: '2026-06-01T11:00:00.000Z',
  createdBy: 'charger',
  updatedBy: 'charger',
};

const transactionEnded = {
  version: '0',
  id: 'e-1',
  'detail-type': 'TransactionEnded.v2',
  source: 'csms.ocpp',
  detail: {
    tenantId: 'tenant-a',
    chargerId: 'CP-1',
    sessionId: 'S1',
    chargerTransactionId: 'tx-1',
    startedAt: '2026-06-01T10:00:00.000Z',
    endedAt: '2026-06-01T11:00:00.000Z',
    energyWh: 5000,
    version: 1,
    occurredAt: '2026-06-01T11:00:00.000Z',
    correlationId: 'c-1',
  },
};

const quiet = { info: () => undefined, error: () => undefined };

describe('billing workflow (local Step Functions, real task, dynalite)', () => {
  let sfn: LocalStepFunctions | undefined;
  afterEach(async () => {
    await sfn?.close();
    sfn = undefined;
  });

  const run = (deps: TestDependencies) => {
    const handler = createBillSessionHandler(deps);
    const invocations: unknown[] = [];
    sfn = new LocalStepFunctions({
      stateMachines,
      logger: quiet,
      invokeFunction: async (_id, payload) => {
        invocations.push(payload);
        return handler(payload);
      },
    });
    return { sfn, invocations };
  };

  const billed = (deps: TestDependencies) =>
    deps.events.published
      .filter((event) => event.name === 'sessionBilled')
      .map((event) => (event.detail as EventDetail<'sessionBilled'>).cdrId);

  it('duplicated executions and a task failing after its claim (retried) issue one CDR, published once', async () => {
    // Prepare
    const deps = await createTestDependencies({});
    await deps.sessions.save(session);
    let failures = 1;
    const flaky: BillingRepository = {
      ...deps.billing,
      putCdr: async (cdr) => {
        if (failures-- > 0)
          throw Object.assign(new Error('throughput exceeded'), { name: 'ThrottlingException' });
        return deps.billing.putCdr(cdr);
      },
    };
    // The task reaches the table through the tenant's dependencies: those are the flaky ones.
    const flakyDeps: TestDependencies = { ...deps, billing: flaky, forTenant: () => flakyDeps };
    const { sfn: local, invocations } = run(flakyDeps);

    // Act
    const first = local.startExecution('billing', transactionEnded);
    const second = local.startExecution('billing', transactionEnded);
    await local.waitForIdle();

    // Assess
    const outcomes = [first, second].map(({ executionArn }) => local.describeExecution(executionArn));
    expect(outcomes.map((execution) => execution?.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(
      outcomes
        .map((execution) => (execution!.output as { billing: { status: string } }).billing.status)
        .sort(),
    ).toEqual(['ALREADY_BILLED', 'BILLED']);
    // One of the three invocations failed and was retried by the state's Retry.
    expect(invocations).toHaveLength(3);
    expect((await deps.billing.listCdrs('tenant-a', { limit: 10 })).items.map((cdr) => cdr.id)).toEqual([
      'S1-1',
    ]);
    expect(billed(deps)).toEqual(['S1-1']);
    expect((await deps.billing.getLedger('tenant-a', 'S1'))?.published).toBe(true);
  });

  it('fails an execution of an invalid event at once, without retries, billing nothing', async () => {
    // Prepare
    const deps = await createTestDependencies({});
    const { sfn: local, invocations } = run(deps);

    // Act
    const { executionArn } = local.startExecution('billing', {
      ...transactionEnded,
      detail: { tenantId: 'tenant-a' },
    });
    await local.waitForIdle();

    // Assess
    expect(local.describeExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'ZodError' });
    expect(invocations).toHaveLength(1);
    expect(billed(deps)).toEqual([]);
  });
});
