import { describe, expect, it } from 'vitest';
import { figuresOf, rollUp } from '../../../shared/slices/uptime/model.ts';
import { openIntervalDays } from '../../../shared/slices/uptime/report.ts';

/*
 * Issue 14 item 4: the interval still open when a report runs is counted from the month's start (or its status's
 * time) to now (or the month's end); a charger away for longer than the grace is offline from its last-seen time
 * (a shorter absence is a routine reconnect under way); the whole-charger connector 0 is not counted.
 */

const connector = (status: string, statusAt: string) => ({ evseId: 1, connectorId: 1, status, statusAt });

const connection = {
  tenantId: 't',
  chargerId: 'CP-1',
  connectionId: 'c-1',
  ocppVersion: 'ocpp1.6' as const,
  connectedAt: '2026-12-01T09:00:00Z',
  lastSeenAt: '2026-12-01T09:00:00Z',
};

describe('the open interval of a report', () => {
  it('counts a status held since before the month from the local month start to the month end (fall-back DST)', () => {
    // Prepare: Available since September; October in Amsterdam has 31 × 24 h + 1 h.
    const view = {
      charger: {},
      connection,
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

  it.each([
    ['connected: the status to now', { connection }, 14, 0],
    [
      'away 4 min (a routine reconnect under way): still the status',
      { lastSeenAt: '2026-12-01T23:56:00Z' },
      14,
      0,
    ],
    [
      'away since 12:00: offline from the last-seen time to now',
      { lastSeenAt: '2026-12-01T12:00:00Z' },
      2,
      12,
    ],
    ['away since before the status: offline throughout', { lastSeenAt: '2026-12-01T08:00:00Z' }, 0, 14],
  ])('counts to now within the running month, %s', (_name, state, usableHours, offlineHours) => {
    // Prepare: Available since 1 Dec 10:00 UTC; now 2 Dec 00:00.
    const view = {
      charger: { ...('lastSeenAt' in state && { lastSeenAt: state.lastSeenAt }) },
      ...('connection' in state && { connection: state.connection }),
      connectors: [connector('Available', '2026-12-01T10:00:00Z')],
    };

    // Act
    const days = openIntervalDays(view, '2026-12', 'UTC', Date.parse('2026-12-02T00:00:00Z'));

    // Assess
    expect([...days]).toEqual([
      [
        '2026-12-01',
        {
          usableMs: usableHours * 3_600_000,
          faultedMs: 0,
          offlineMs: offlineHours * 3_600_000,
          maintenanceMs: 0,
        },
      ],
    ]);
  });

  it('counts a status from when it counts (uptimeFrom: the reconnect it came over)', () => {
    // Prepare: Faulted stamped 10:00 but it came over a connection opened at 11:00; now 12:00.
    const view = {
      charger: {},
      connection,
      connectors: [{ ...connector('Faulted', '2026-12-01T10:00:00Z'), uptimeFrom: '2026-12-01T11:00:00Z' }],
    };

    // Act
    const days = openIntervalDays(view, '2026-12', 'UTC', Date.parse('2026-12-01T12:00:00Z'));

    // Assess
    expect([...days]).toEqual([
      ['2026-12-01', { usableMs: 0, faultedMs: 3_600_000, offlineMs: 0, maintenanceMs: 0 }],
    ]);
  });

  it('counts nothing for a month before the status nor a month after now', () => {
    // Prepare
    const view = { charger: {}, connection, connectors: [connector('Available', '2026-12-01T10:00:00Z')] };
    const now = Date.parse('2026-12-02T00:00:00Z');

    // Act & Assess
    expect(openIntervalDays(view, '2026-11', 'UTC', now).size).toBe(0);
    expect(openIntervalDays(view, '2027-01', 'UTC', now).size).toBe(0);
  });
});
