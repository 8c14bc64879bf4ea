import { describe, expect, it } from 'vitest';
import { figuresOf, rollUp } from '../../../shared/slices/uptime/model.ts';
import { openIntervalDays } from '../../../shared/slices/uptime/report.ts';

/*
 * Issue 14 item 4: the interval still open when a report runs is counted from the month's start (or its status's
 * time) to now (or the month's end), offline from the disconnect; the whole-charger connector 0 is not counted.
 */

const connector = (status: string, statusAt: string, offlineAt?: string) => ({
  evseId: 1,
  connectorId: 1,
  status,
  statusAt,
  ...(offlineAt && { offlineAt }),
});

describe('the open interval of a report', () => {
  it('counts a status held since before the month from the local month start to the month end (fall-back DST)', () => {
    // Prepare: Available since September; October in Amsterdam has 31 × 24 h + 1 h.
    const view = {
      connectors: [
        connector('Available', '2026-09-15T10:00:00Z'),
        { ...connector('Faulted', '2026-09-01T00:00:00Z'), evseId: 0, connectorId: 0 },
      ],
    };

    // Act
    const days = openIntervalDays(view, '2026-10', 'Europe/Amsterdam', Date.parse('2026-12-01T00:00:00Z'));
    const month = figuresOf(rollUp([...days.values()]));

    // Assess
    expect(days.size).toBe(31);
    expect(month).toMatchObject({
      usableSeconds: (31 * 24 + 1) * 3600,
      countedSeconds: (31 * 24 + 1) * 3600,
    });
  });

  it('counts to now within the running month, offline from the disconnect', () => {
    // Prepare: Available since 1 Dec 10:00 UTC, disconnected at 12:00; now 2 Dec 00:00.
    const view = { connectors: [connector('Available', '2026-12-01T10:00:00Z', '2026-12-01T12:00:00Z')] };

    // Act
    const days = openIntervalDays(view, '2026-12', 'UTC', Date.parse('2026-12-02T00:00:00Z'));

    // Assess
    expect([...days]).toEqual([
      ['2026-12-01', { usableMs: 2 * 3_600_000, faultedMs: 0, offlineMs: 12 * 3_600_000, maintenanceMs: 0 }],
    ]);
  });

  it('counts nothing for a month before the status nor a month after now', () => {
    // Prepare
    const view = { connectors: [connector('Available', '2026-12-01T10:00:00Z')] };
    const now = Date.parse('2026-12-02T00:00:00Z');

    // Act & Assess
    expect(openIntervalDays(view, '2026-11', 'UTC', now).size).toBe(0);
    expect(openIntervalDays(view, '2027-01', 'UTC', now).size).toBe(0);
  });
});
