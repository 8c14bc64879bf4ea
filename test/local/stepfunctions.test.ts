import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from '../../local/stepfunctions.ts';
import type { FunctionId } from '../../shared/topology/functions.ts';
import {
  functionPlaceholder,
  type StateMachineSpec,
  stateMachines,
} from '../../shared/topology/state-machines.ts';

const quietLogger = () => {
  const errors: unknown[][] = [];
  return { errors, logger: { info: () => {}, error: (...args: unknown[]) => void errors.push(args) } };
};

const transactionEnded = {
  version: '0',
  id: 'e-1',
  'detail-type': 'TransactionEnded.v2',
  source: 'csms.ocpp',
  detail: { tenantId: 't-1', chargerId: 'cp-1', sessionId: 'S-1', energyWh: 1200 },
};

describe('LocalStepFunctions', () => {
  let sfn: LocalStepFunctions | undefined;
  const create = (
    options: Partial<LocalStepFunctionsOptions> & Pick<LocalStepFunctionsOptions, 'invokeFunction'>,
  ) => {
    sfn = new LocalStepFunctions({ stateMachines, logger: quietLogger().logger, ...options });
    return sfn;
  };
  afterEach(async () => {
    await sfn?.close();
    sfn = undefined;
  });

  it('runs the billing workflow, calling its function with the Task input', async () => {
    // Prepare
    const calls: [FunctionId, unknown][] = [];
    const local = create({
      invokeFunction: async (id, payload) => {
        calls.push([id, payload]);
        return { recorded: true, at: new Date('2024-01-01T00:00:00Z') };
      },
    });

    // Act
    const { executionArn } = local.startExecution('billing', transactionEnded);
    await local.waitForIdle();

    // Assess
    // The state's Parameters: the event's detail and the execution's id (the Context Object's, as on AWS).
    expect(calls).toEqual([['bill-session', { detail: transactionEnded.detail, executionId: executionArn }]]);
    expect(local.describeExecution(executionArn)).toMatchObject({
      stateMachineId: 'billing',
      status: 'SUCCEEDED',
      input: transactionEnded,
      // ResultPath $.billing, and the result crossed a JSON boundary as a Lambda result does.
      output: { ...transactionEnded, billing: { recorded: true, at: '2024-01-01T00:00:00.000Z' } },
    });
    expect(executionArn).toMatch(/^arn:aws:states:[\w-]+:000000000000:execution:billing:/);
  });

  it('returns before any state runs', async () => {
    // Prepare
    let invoked = false;
    const local = create({
      invokeFunction: async () => {
        invoked = true;
        return {};
      },
    });

    // Act
    local.startExecution('loadBalancing', { detail: { siteId: 's-1' } });
    const runningAtStart = local.listExecutions().map((execution) => execution.status);
    const invokedAtStart = invoked;
    await local.waitForIdle();

    // Assess
    expect({ runningAtStart, invokedAtStart, invoked }).toEqual({
      runningAtStart: ['RUNNING'],
      invokedAtStart: false,
      invoked: true,
    });
  });

  it('records a failing function as a FAILED execution and logs it', async () => {
    // Prepare
    const { errors, logger } = quietLogger();
    class PricingError extends Error {
      override name = 'PricingError';
    }
    const local = create({
      logger,
      invokeFunction: async () => {
        throw new PricingError('no tariff');
      },
    });

    // Act
    const { executionArn } = local.startExecution('billing', transactionEnded);
    await local.waitForIdle();

    // Assess
    expect(local.describeExecution(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'PricingError',
      cause: 'no tariff',
    });
    expect(local.describeExecution(executionArn)?.stoppedAt).toBeInstanceOf(Date);
    expect(errors).toHaveLength(1);
  });

  it('routes Tasks nested in Parallel branches and Map processors', async () => {
    // Prepare
    const nested: StateMachineSpec = {
      description: 'nested',
      type: 'STANDARD',
      definition: {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Parallel',
            End: true,
            Branches: [
              {
                StartAt: 'Billing',
                States: {
                  Billing: {
                    Type: 'Task',
                    Resource: functionPlaceholder('bill-session'),
                    End: true,
                  },
                },
              },
              {
                StartAt: 'PerSite',
                States: {
                  PerSite: {
                    Type: 'Map',
                    ItemsPath: '$.sites',
                    End: true,
                    ItemProcessor: {
                      StartAt: 'Load',
                      States: {
                        Load: {
                          Type: 'Task',
                          Resource: functionPlaceholder('check-site-managed'),
                          End: true,
                        },
                      },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    };
    const calls: [FunctionId, unknown][] = [];
    const local = create({
      stateMachines: { loadBalancing: nested },
      invokeFunction: async (id, payload) => {
        calls.push([id, payload]);
        return id;
      },
    });

    // Act
    const { executionArn } = local.startExecution('loadBalancing', { sites: ['s-1', 's-2'] });
    await local.waitForIdle();

    // Assess
    expect(calls).toHaveLength(3);
    expect(calls).toEqual(
      expect.arrayContaining([
        ['bill-session', { sites: ['s-1', 's-2'] }],
        ['check-site-managed', 's-1'],
        ['check-site-managed', 's-2'],
      ]),
    );
    expect(local.describeExecution(executionArn)?.output).toEqual([
      'bill-session',
      ['check-site-managed', 'check-site-managed'],
    ]);
  });

  it.each([
    ['a Resource that is not a placeholder', 'arn:aws:states:::dynamodb:putItem', /only \$\{fn:<id>\}/],
    [
      'an unknown function',
      functionPlaceholder('no-such-function' as FunctionId),
      /unknown function no-such-function/,
    ],
  ])('refuses a definition with %s', (_name, resource, message) => {
    // Prepare
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } };

    // Act
    const build = () =>
      create({
        stateMachines: { billing: { description: '', type: 'STANDARD', definition } },
        invokeFunction: async () => ({}),
      });

    // Assess
    expect(build).toThrow(message);
  });

  it('refuses Task state names used twice, since local handlers are keyed by name', () => {
    // Prepare
    const task = { Type: 'Task', Resource: functionPlaceholder('check-site-managed'), End: true };
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Load', States: { Load: task } },
            { StartAt: 'Load', States: { Load: task } },
          ],
        },
      },
    };

    // Act
    const build = () =>
      create({
        stateMachines: { billing: { description: '', type: 'STANDARD', definition } },
        invokeFunction: async () => ({}),
      });

    // Assess
    expect(build).toThrow(/names must be unique/);
  });

  it('waits for executions started while waiting', async () => {
    // Prepare: billing's function starts a load-balancing execution, as a workflow putting an event would.
    const calls: FunctionId[] = [];
    const local: LocalStepFunctions = create({
      invokeFunction: async (id) => {
        calls.push(id);
        if (id === 'bill-session') local.startExecution('loadBalancing', { detail: {} });
        return {};
      },
    });

    // Act
    local.startExecution('billing', transactionEnded);
    await local.waitForIdle();

    // Assess
    expect(calls).toEqual(['bill-session', 'check-site-managed']);
    expect(local.listExecutions().map((execution) => execution.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it('aborts running executions on close and refuses new ones', async () => {
    // Prepare
    let release = () => {};
    let started = () => {};
    const invoked = new Promise<void>((resolve) => {
      started = resolve;
    });
    const local = create({
      invokeFunction: () => {
        started();
        return new Promise((resolve) => {
          release = () => resolve({});
        });
      },
    });
    const { executionArn } = local.startExecution('billing', transactionEnded);
    await invoked;

    // Act
    await local.close();

    // Assess
    expect(local.describeExecution(executionArn)?.status).toBe('ABORTED');
    expect(() => local.startExecution('billing', transactionEnded)).toThrow(/closed/);
    release();
  });

  it('filters by state machine and keeps only the last 1000 executions', async () => {
    // Prepare
    const local = create({ invokeFunction: async () => ({}) });
    local.startExecution('loadBalancing', { n: -1, detail: {} });
    for (let n = 0; n < 1000; n++) local.startExecution('billing', { n, detail: {} });

    // Act
    await local.waitForIdle();
    const all = local.listExecutions();
    const billing = local.listExecutions('billing');

    // Assess
    expect(all).toHaveLength(1000);
    expect(billing).toHaveLength(1000);
    expect(all[0]?.input).toEqual({ n: 0, detail: {} });
    expect(local.listExecutions('loadBalancing')).toEqual([]);
  });

  it('throws for a state machine that does not exist', () => {
    // Prepare
    const local = create({
      stateMachines: { billing: stateMachines.billing },
      invokeFunction: async () => ({}),
    });

    // Act
    const start = () => local.startExecution('loadBalancing', {});

    // Assess
    expect(start).toThrow(/does not exist/);
  });
});
