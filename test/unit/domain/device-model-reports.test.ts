import { describe, expect, it } from 'vitest';
import type { NotifyReportRequest } from '../../../shared/ocpp/generated/ocpp201.ts';
import { recordReportAnswer } from '../../../shared/slices/device-model/device-model-answers.ts';
import {
  closeReportsOfConnection,
  recordReportPart,
} from '../../../shared/slices/device-model/device-model-reports.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aConnectionInput, aMessageContext, at } from './builders.ts';

/** NotifyReport parts and disconnects against the real repositories (dynalite): what is stored, published. */

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const { tenantId, chargerId } = ctx;

const aPart = (seqNo: number, tbc: boolean, requestId = 5): NotifyReportRequest => ({
  requestId,
  generatedAt: at,
  seqNo,
  tbc,
  reportData: [
    {
      component: { name: `Component${seqNo}` },
      variable: { name: 'Enabled' },
      variableAttribute: [{ value: 'true' }],
    },
  ],
});

const givenRequested = async (deps: Awaited<ReturnType<typeof createTestDependencies>>, requestId = 5) => {
  await recordReportAnswer(deps, {
    command: {
      tenantId,
      commandId: 'cmd-1',
      chargerId,
      ocppVersion: 'ocpp2.0.1',
      action: 'GetBaseReport',
      payload: { requestId, reportBase: 'FullInventory' },
      messageId: 'm-1',
      requestedAt: at,
      requestedBy: 'key-1',
      status: 'completed',
      expiresAt: at,
    },
    response: { status: 'Accepted' },
  });
};

describe('device-model reports', () => {
  it('stores the parts, completes the report with the last one and publishes it once', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenRequested(deps);

    // Act
    const outcomes = [
      await recordReportPart(deps, ctx, aPart(0, true)),
      await recordReportPart(deps, ctx, aPart(1, false)),
    ];

    // Assess
    expect(outcomes).toEqual(['stored', 'stored']);
    expect(await deps.deviceModels.getReport(tenantId, chargerId, 5)).toMatchObject({
      request: 'GetBaseReport',
      status: 'complete',
      seqNos: [0, 1],
      variables: 2,
      commandId: 'cmd-1',
    });
    expect((await deps.deviceModels.listVariables(tenantId, chargerId, { limit: 10 })).items).toHaveLength(2);
    expect(deps.events.published).toEqual([
      {
        name: 'deviceModelReported',
        detail: expect.objectContaining({
          requestId: 5,
          status: 'complete',
          solicited: true,
          reportBase: 'FullInventory',
          parts: 2,
          variables: 2,
          siteId: 'site-1',
        }),
      },
    ]);
  });

  it('does not store a part after its report ended', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenRequested(deps);
    await recordReportPart(deps, ctx, aPart(0, false));

    // Act
    const outcome = await recordReportPart(deps, ctx, aPart(1, false));

    // Assess
    expect(outcome).toBe('afterEnd');
    expect((await deps.deviceModels.listVariables(tenantId, chargerId, { limit: 10 })).items).toHaveLength(1);
    expect(deps.events.published).toHaveLength(1);
  });

  it('marks incomplete, never complete, a report whose last part comes with one missing', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenRequested(deps);

    // Act
    await recordReportPart(deps, ctx, aPart(0, true));
    await recordReportPart(deps, ctx, aPart(2, false));

    // Assess
    expect(await deps.deviceModels.getReport(tenantId, chargerId, 5)).toMatchObject({
      status: 'incomplete',
      incompleteReason: 'partsMissing',
    });
    expect(deps.events.published.map((event) => event.detail)).toEqual([
      expect.objectContaining({ status: 'incomplete', incompleteReason: 'partsMissing' }),
    ]);
  });

  it('closes the reports of the closed connection only', async () => {
    // Prepare
    const deps = await createTestDependencies();
    await givenRequested(deps, 5);
    await givenRequested(deps, 6);
    await recordReportPart(deps, ctx, aPart(0, true, 5));
    await recordReportPart(deps, { ...ctx, connectionId: 'conn-2' }, aPart(0, true, 6));

    // Act
    const closed = await closeReportsOfConnection(deps, aConnectionInput({ connectionId: 'conn-1' }));

    // Assess
    expect(closed).toEqual([5]);
    expect((await deps.deviceModels.getReport(tenantId, chargerId, 5))?.status).toBe('incomplete');
    expect((await deps.deviceModels.getReport(tenantId, chargerId, 6))?.status).toBe('inProgress');
    expect(deps.events.published.map((event) => event.detail)).toEqual([
      expect.objectContaining({ requestId: 5, status: 'incomplete', incompleteReason: 'disconnected' }),
    ]);
  });

  it('keeps a report unsolicited until a request with its id is answered', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    await recordReportPart(deps, ctx, aPart(0, true, 9));
    const before = await deps.deviceModels.getReport(tenantId, chargerId, 9);
    await givenRequested(deps, 9);
    const after = await deps.deviceModels.getReport(tenantId, chargerId, 9);

    // Assess
    expect(before).toMatchObject({ request: 'unsolicited', status: 'inProgress' });
    expect(after).toMatchObject({ request: 'GetBaseReport', status: 'inProgress', answerStatus: 'Accepted' });
  });
});
