import { describe, expect, it } from 'vitest';
import type { NotifyMonitoringReportRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import type { Command } from '../../../shared/slices/commands/model.ts';
import {
  closeMonitoringReportsOfConnection,
  recordMonitoringReportAnswer,
  recordMonitoringReportPart,
} from '../../../shared/slices/device-model/device-monitoring.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, at } from './builders.ts';

/** NotifyMonitoringReport parts, answers and disconnects against the real repositories (dynalite). */

type Deps = Awaited<ReturnType<typeof createTestDependencies>>;

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;

const aCommand = (payload: Record<string, unknown>, overrides: Partial<Command> = {}): Command => ({
  tenantId,
  commandId: 'cmd-1',
  chargerId,
  ocppVersion: 'ocpp2.0.1',
  action: 'GetMonitoringReport',
  payload,
  messageId: 'm-1',
  requestedAt: at,
  requestedBy: 'key-1',
  status: 'completed',
  expiresAt: at,
  ...overrides,
});

const givenAnswered = (deps: Deps, payload: Record<string, unknown>, status = 'Accepted') =>
  recordMonitoringReportAnswer(deps, { command: aCommand(payload), response: { status } });

const aPart = (
  seqNo: number,
  tbc: boolean,
  monitors: readonly { component: string; variable: string; id: number }[],
  requestId = 5,
): NotifyMonitoringReportRequest => ({
  requestId,
  generatedAt: at,
  seqNo,
  tbc,
  monitor: monitors.map(({ component, variable, id }) => ({
    component: { name: component, evse: { id: 1 } },
    variable: { name: variable },
    variableMonitoring: [{ id, transaction: false, value: 600, type: 'UpperThreshold', severity: 5 }],
  })),
});

const storedMonitors = async (deps: Deps) =>
  (await deps.deviceModels.listMonitors(tenantId, chargerId, { limit: 50 })).items.map((monitor) => [
    monitor.component.name,
    monitor.variable.name,
    monitor.id,
    monitor.requestId,
  ]);

describe('device-model monitoring reports', () => {
  it('stores the monitors of each part, completes the report with the last one and publishes it once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });

    // Act
    const outcomes = [
      await recordMonitoringReportPart(
        deps,
        ctx,
        aPart(0, true, [{ component: 'EVSE', variable: 'Power', id: 1 }]),
      ),
      await recordMonitoringReportPart(
        deps,
        ctx,
        aPart(1, false, [
          { component: 'Connector', variable: 'Temperature', id: 2 },
          { component: 'EVSE', variable: 'Power', id: 3 },
        ]),
      ),
    ];

    // Assess
    expect(outcomes).toEqual(['stored', 'stored']);
    expect(await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 5)).toMatchObject({
      status: 'complete',
      seqNos: [0, 1],
      lastSeqNo: 1,
      monitors: 3,
      answerStatus: 'Accepted',
      commandId: 'cmd-1',
    });
    expect(await storedMonitors(deps)).toEqual([
      ['Connector', 'Temperature', 2, 5],
      ['EVSE', 'Power', 1, 5],
      ['EVSE', 'Power', 3, 5],
    ]);
    const [first] = (await deps.deviceModels.listMonitors(tenantId, chargerId, { limit: 1 })).items;
    expect(first).toEqual({
      tenantId,
      chargerId,
      component: { name: 'Connector', evseId: 1 },
      variable: { name: 'Temperature' },
      id: 2,
      transaction: false,
      value: 600,
      type: 'UpperThreshold',
      severity: 5,
      requestId: 5,
      updatedAt: at,
    });
    expect(deps.events.published).toEqual([
      {
        name: 'deviceMonitoringReported',
        detail: expect.objectContaining({
          requestId: 5,
          status: 'complete',
          parts: 2,
          monitors: 3,
          siteId: 'site-1',
        }),
      },
    ]);
  });

  it('logs a part of a request id the CSMS never gave and changes nothing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });

    // Act
    const outcome = await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }], 99),
    );

    // Assess
    expect(outcome).toBe('unknown');
    expect(await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 99)).toBeUndefined();
    expect(await storedMonitors(deps)).toEqual([]);
    expect(deps.events.published).toEqual([]);
  });

  it('knows the request of the call still pending when the first part comes before its answer is recorded', async () => {
    // Prepare: the GetMonitoringReport call holds the charger's slot, its answer not handled yet.
    const deps = await createTestDependencies();
    const command = aCommand(
      { requestId: 8, monitoringCriteria: ['ThresholdMonitoring'] },
      { status: 'pending' },
    );
    await deps.commands.create(command);
    await deps.pendingCalls.acquire(
      {
        tenantId,
        chargerId,
        commandId: command.commandId,
        messageId: command.messageId,
        action: 'GetMonitoringReport',
        ocppVersion: 'ocpp2.0.1',
        connectionId: ctx.connectionId,
        expiresAt: '2099-01-01T00:00:00.000Z',
      },
      new Date(at),
    );

    // Act
    const outcome = await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }], 8),
    );
    await recordMonitoringReportAnswer(deps, { command, response: { status: 'Accepted' } });

    // Assess
    expect(outcome).toBe('stored');
    expect(await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 8)).toMatchObject({
      status: 'complete',
      answerStatus: 'Accepted',
      monitoringCriteria: ['ThresholdMonitoring'],
      monitors: 1,
    });
    expect(await storedMonitors(deps)).toEqual([['EVSE', 'Power', 1, 8]]);
  });

  it('replaces the stored monitors with a complete report of every monitor, not with a filtered one', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [
        { component: 'EVSE', variable: 'Power', id: 1 },
        { component: 'EVSE', variable: 'Current', id: 2 },
      ]),
    );
    await givenAnswered(deps, { requestId: 6, monitoringCriteria: ['DeltaMonitoring'] });
    await givenAnswered(deps, { requestId: 7 });

    // Act
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 3 }], 6),
    );
    const afterFiltered = await storedMonitors(deps);
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }], 7),
    );

    // Assess
    expect(afterFiltered).toEqual([
      ['EVSE', 'Current', 2, 5],
      ['EVSE', 'Power', 1, 5],
      ['EVSE', 'Power', 3, 6],
    ]);
    expect(await storedMonitors(deps)).toEqual([['EVSE', 'Power', 1, 7]]);
  });

  it('leaves the monitors when a report of every monitor ends incomplete', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }]),
    );
    await givenAnswered(deps, { requestId: 6 });

    // Act: seqNo 1 is missing at the last part.
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, true, [{ component: 'EVSE', variable: 'Current', id: 2 }], 6),
    );
    await recordMonitoringReportPart(deps, ctx, aPart(2, false, [], 6));

    // Assess
    expect(await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 6)).toMatchObject({
      status: 'incomplete',
      incompleteReason: 'partsMissing',
    });
    expect(await storedMonitors(deps)).toEqual([
      ['EVSE', 'Current', 2, 6],
      ['EVSE', 'Power', 1, 5],
    ]);
  });

  it('stores nothing of a part after its report ended, nor of a refused request', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });
    await givenAnswered(deps, { requestId: 6, monitoringCriteria: ['PeriodicMonitoring'] }, 'Rejected');
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }]),
    );

    // Act
    const outcomes = [
      await recordMonitoringReportPart(
        deps,
        ctx,
        aPart(1, false, [{ component: 'EVSE', variable: 'Power', id: 9 }]),
      ),
      await recordMonitoringReportPart(
        deps,
        ctx,
        aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 10 }], 6),
      ),
    ];

    // Assess
    expect(outcomes).toEqual(['afterEnd', 'afterEnd']);
    expect(await storedMonitors(deps)).toEqual([['EVSE', 'Power', 1, 5]]);
    expect((await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 6))?.status).toBe('rejected');
    expect(deps.events.published).toHaveLength(1);
  });

  it('forgets every monitor when the charger has none to report (EmptyResultSet to a report of all)', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, false, [{ component: 'EVSE', variable: 'Power', id: 1 }]),
    );

    // Act
    await givenAnswered(deps, { requestId: 6, monitoringCriteria: ['DeltaMonitoring'] }, 'EmptyResultSet');
    const afterFiltered = await storedMonitors(deps);
    await givenAnswered(deps, { requestId: 7 }, 'EmptyResultSet');

    // Assess
    expect(afterFiltered).toEqual([['EVSE', 'Power', 1, 5]]);
    expect(await storedMonitors(deps)).toEqual([]);
  });

  it('closes the monitoring reports of the closed connection only, and publishes them incomplete', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenAnswered(deps, { requestId: 5 });
    await givenAnswered(deps, { requestId: 6 });
    await recordMonitoringReportPart(
      deps,
      ctx,
      aPart(0, true, [{ component: 'EVSE', variable: 'Power', id: 1 }], 5),
    );
    await recordMonitoringReportPart(
      deps,
      { ...ctx, connectionId: 'conn-2' },
      aPart(0, true, [{ component: 'EVSE', variable: 'Power', id: 2 }], 6),
    );

    // Act
    const closed = await closeMonitoringReportsOfConnection(
      deps,
      aConnectionInput({ connectionId: 'conn-1' }),
    );

    // Assess
    expect(closed).toEqual([5]);
    expect((await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 5))?.status).toBe('incomplete');
    expect((await deps.deviceModels.getMonitoringReport(tenantId, chargerId, 6))?.status).toBe('inProgress');
    expect(deps.events.published.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        requestId: 5,
        status: 'incomplete',
        incompleteReason: 'disconnected',
        monitors: 1,
      }),
    ]);
  });
});
