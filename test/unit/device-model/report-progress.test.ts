import { describe, expect, it } from 'vitest';
import type { DeviceModelReport } from '../../../shared/slices/device-model/model.ts';
import {
  applyReportPart,
  closeReportOnDisconnect,
  type ReportPart,
  withRequestAnswer,
} from '../../../shared/slices/device-model/report-progress.ts';

type Report = Omit<DeviceModelReport, 'revision'>;

const requested: Report = {
  tenantId: 't1',
  chargerId: 'cp1',
  requestId: 7,
  request: 'GetBaseReport',
  reportBase: 'FullInventory',
  status: 'requested',
  seqNos: [],
  variables: 0,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const part = (seqNo: number, tbc: boolean, overrides: Partial<ReportPart> = {}): ReportPart => ({
  tenantId: 't1',
  chargerId: 'cp1',
  requestId: 7,
  seqNo,
  tbc,
  variables: 10,
  generatedAt: '2026-01-01T00:00:01.000Z',
  connectionId: 'conn-1',
  at: `2026-01-01T00:00:0${seqNo + 2}.000Z`,
  ...overrides,
});

/** Applies the parts in order, as the handler does: the last outcome, and the report then. */
const run = (start: Report | undefined, parts: readonly ReportPart[]) => {
  let report = start;
  let outcome: ReturnType<typeof applyReportPart> = { kind: 'afterEnd' };
  for (const next of parts) {
    outcome = applyReportPart(report, next);
    if (outcome.kind !== 'afterEnd') report = outcome.report;
  }
  return { outcome, report };
};

describe('applyReportPart', () => {
  it.each([
    ['one part', [part(0, false)], 'complete', undefined, 10],
    ['three parts in order', [part(0, true), part(1, true), part(2, false)], 'complete', undefined, 30],
    ['the last part with one missing', [part(0, true), part(2, false)], 'incomplete', 'partsMissing', 20],
    ['the last part without the first', [part(1, false)], 'incomplete', 'partsMissing', 10],
    ['parts still coming', [part(0, true), part(1, true)], 'inProgress', undefined, 20],
  ] as const)('%s → %s', (_, parts, status, reason, variables) => {
    // Act
    const { report } = run(requested, parts);

    // Assess
    expect(report?.status).toBe(status);
    expect(report?.incompleteReason).toBe(reason);
    expect(report?.variables).toBe(variables);
    expect(report?.request).toBe('GetBaseReport');
  });

  it('counts a repeated part once and says it was repeated', () => {
    // Act
    const { outcome, report } = run(requested, [part(0, true), part(0, true)]);

    // Assess
    expect(outcome.kind).toBe('repeated');
    expect(report).toMatchObject({ seqNos: [0], variables: 10, status: 'inProgress' });
  });

  it.each(['complete', 'incomplete', 'rejected'] as const)(
    'stores nothing after the report ended %s',
    (status) => {
      // Act
      const outcome = applyReportPart({ ...requested, status }, part(3, false));

      // Assess
      expect(outcome).toEqual({ kind: 'afterEnd' });
    },
  );

  it('starts an unsolicited report for a request id the CSMS never gave', () => {
    // Act
    const outcome = applyReportPart(undefined, part(0, false));

    // Assess
    expect(outcome).toMatchObject({
      kind: 'stored',
      finished: true,
      report: { request: 'unsolicited', status: 'complete', seqNos: [0], requestId: 7, lastSeqNo: 0 },
    });
  });

  it('says finished only for the part that ends the report', () => {
    // Act
    const first = applyReportPart(requested, part(0, true));
    const last = first.kind === 'stored' ? applyReportPart(first.report, part(1, false)) : first;

    // Assess
    expect([first.kind === 'stored' && first.finished, last.kind === 'stored' && last.finished]).toEqual([
      false,
      true,
    ]);
  });
});

describe('closeReportOnDisconnect', () => {
  const inProgress: Report = { ...requested, status: 'inProgress', seqNos: [0], connectionId: 'conn-1' };
  const at = '2026-01-01T00:01:00.000Z';

  it.each([
    ['in progress over that connection', inProgress, 'conn-1', 'incomplete'],
    ['in progress over another connection', inProgress, 'conn-2', undefined],
    ['requested, no part yet', requested, 'conn-1', undefined],
    ['complete', { ...inProgress, status: 'complete' as const }, 'conn-1', undefined],
  ])('%s → %s', (_, report, connectionId, status) => {
    // Act
    const closed = closeReportOnDisconnect(report, { connectionId, at });

    // Assess
    expect(closed?.status).toBe(status);
    if (closed) expect(closed).toMatchObject({ incompleteReason: 'disconnected', finishedAt: at });
  });
});

describe('withRequestAnswer', () => {
  it.each([
    ['Accepted', requested, 'requested'],
    ['Rejected', requested, 'rejected'],
    ['EmptyResultSet', requested, 'rejected'],
    ['NotSupported', requested, 'rejected'],
    // Parts came before the answer was recorded: they say more than the answer.
    ['Rejected', { ...requested, status: 'inProgress' as const }, 'inProgress'],
  ])('%s on a %s report', (answer, report, status) => {
    // Act
    const next = withRequestAnswer(report, answer, '2026-01-01T00:00:05.000Z');

    // Assess
    expect(next).toMatchObject({ status, answerStatus: answer });
  });
});
