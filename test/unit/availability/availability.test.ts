import { describe, expect, it } from 'vitest';
import {
  type AvailabilityState,
  chargerAvailability,
  connectorState,
  maxPowerW,
  summarizeAvailability,
} from '../../../shared/slices/availability/model.ts';
import {
  type ChargerView,
  type Connection,
  type ConnectorStatus,
  silentAfter,
} from '../../../shared/slices/chargers/model.ts';
import { aCharger } from '../domain/builders.ts';

const now = new Date('2026-12-03T12:00:00.000Z');
const heartbeat = 540;
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const aConnection = (lastSeenMinutesAgo: number): Connection => ({
  tenantId: 't1',
  chargerId: 'CP-1',
  connectionId: 'conn-1',
  ocppVersion: 'ocpp1.6',
  connectedAt: minutesAgo(100),
  lastSeenAt: minutesAgo(lastSeenMinutesAgo),
});
const aStatus = (evseId: number, status: string, extra: Partial<ConnectorStatus> = {}): ConnectorStatus => ({
  evseId,
  connectorId: evseId === 0 ? 0 : 1,
  status,
  statusAt: minutesAgo(5),
  ...extra,
});
const aView = (overrides: Partial<ChargerView> = {}): ChargerView => ({
  charger: aCharger({ chargerId: 'CP-1', siteId: 'S1', lastSeenAt: minutesAgo(100) }),
  connection: aConnection(1),
  connectors: [],
  ...overrides,
});
const statesOf = (view: ChargerView) => {
  const result = chargerAvailability(view, now, heartbeat);
  return [result.state, result.connectors.map((connector) => connector.state)] as const;
};

describe('connectorState', () => {
  const cases: [string, AvailabilityState][] = [
    ['Available', 'Available'],
    ['Preparing', 'Occupied'],
    ['Charging', 'Occupied'],
    ['SuspendedEV', 'Occupied'],
    ['SuspendedEVSE', 'Occupied'],
    ['Finishing', 'Occupied'],
    ['Occupied', 'Occupied'],
    ['Reserved', 'Occupied'],
    ['Faulted', 'Faulted'],
    ['Unavailable', 'Unavailable'],
    ['SomethingNew', 'Unavailable'],
  ];
  it.each(cases)('%s → %s', (status, expected) => {
    // Act / Assess
    expect(connectorState(status)).toBe(expected);
  });
});

describe('chargerAvailability', () => {
  const cases: [string, Partial<ChargerView>, AvailabilityState, AvailabilityState[]][] = [
    [
      'connected, one connector free and one charging: Available',
      { connectors: [aStatus(1, 'Available'), aStatus(2, 'Charging')] },
      'Available',
      ['Available', 'Occupied'],
    ],
    [
      'every connector in use: Occupied',
      { connectors: [aStatus(1, 'Charging'), aStatus(2, 'Reserved')] },
      'Occupied',
      ['Occupied', 'Occupied'],
    ],
    [
      'one Faulted, the other Unavailable: Faulted',
      { connectors: [aStatus(1, 'Faulted'), aStatus(2, 'Unavailable')] },
      'Faulted',
      ['Faulted', 'Unavailable'],
    ],
    ['connected, no status yet: Unavailable', { connectors: [] }, 'Unavailable', []],
    [
      '1.6 connector 0 Faulted: free connectors Faulted, a session keeps its connector Occupied',
      { connectors: [aStatus(0, 'Faulted'), aStatus(1, 'Available'), aStatus(2, 'Charging')] },
      'Faulted',
      ['Faulted', 'Occupied'],
    ],
    [
      '1.6 connector 0 Unavailable: the charger and its free connectors Unavailable',
      { connectors: [aStatus(0, 'Unavailable'), aStatus(1, 'Available')] },
      'Unavailable',
      ['Unavailable'],
    ],
    [
      '1.6 connector 0 Available: connectors as they are',
      { connectors: [aStatus(0, 'Available'), aStatus(1, 'Charging')] },
      'Occupied',
      ['Occupied'],
    ],
    [
      'no connection record: Offline, every connector Offline',
      { connection: undefined, connectors: [aStatus(1, 'Available'), aStatus(2, 'Charging')] },
      'Offline',
      ['Offline', 'Offline'],
    ],
    [
      'connection record written 20 minutes ago (throttled writes): still online',
      { connection: aConnection(20), connectors: [aStatus(1, 'Available')] },
      'Available',
      ['Available'],
    ],
    [
      'connection record silent beyond the deadline: Offline',
      { connection: aConnection(60), connectors: [aStatus(1, 'Available')] },
      'Offline',
      ['Offline'],
    ],
  ];
  it.each(cases)('%s', (_name, overrides, chargerState, connectorStates) => {
    // Prepare
    const view = aView(overrides);
    // Act
    const [state, states] = statesOf(view);
    // Assess
    expect(state).toBe(chargerState);
    expect(states).toEqual(connectorStates);
  });

  const reasons: [string, Partial<ChargerView>, boolean, string | undefined][] = [
    ['connected', {}, true, undefined],
    ['disconnected after being seen', { connection: undefined }, false, 'disconnected'],
    [
      'never connected',
      { connection: undefined, charger: aCharger({ chargerId: 'CP-1', lastSeenAt: undefined }) },
      false,
      'never-connected',
    ],
    ['silent', { connection: aConnection(60) }, false, 'silent'],
    [
      'an unparsable lastSeenAt counts as silent',
      { connection: { ...aConnection(1), lastSeenAt: 'garbage' } },
      false,
      'silent',
    ],
  ];
  it.each(reasons)('online and offline reason: %s', (_name, overrides, online, reason) => {
    // Act
    const result = chargerAvailability(aView(overrides), now, heartbeat);
    // Assess
    expect(result.online).toBe(online);
    expect(result.offlineReason).toBe(reason);
  });

  it('the silence deadline is exactly write interval + 2 heartbeats + margin after the write', () => {
    // Prepare: 30 min + 2 × 540 s + 120 s = 50 min
    const writtenAt = minutesAgo(50);
    const justBefore = new Date(now.getTime() - 1000);
    const view = aView({ connection: { ...aConnection(0), lastSeenAt: writtenAt } });
    // Act
    const deadline = silentAfter(writtenAt, heartbeat);
    // Assess
    expect(deadline).toBe(now.toISOString());
    expect(chargerAvailability(view, now, heartbeat).offlineReason).toBe('silent');
    expect(chargerAvailability(view, justBefore, heartbeat).online).toBe(true);
  });

  it('a shorter heartbeat interval makes the deadline earlier', () => {
    // Prepare: 30 min + 2 × 60 s + 120 s = 34 min
    const view = aView({ connection: aConnection(35), connectors: [aStatus(1, 'Available')] });
    // Act / Assess
    expect(chargerAvailability(view, now, 60).state).toBe('Offline');
    expect(chargerAvailability(view, now, 540).state).toBe('Available');
  });

  it('rows carry power, site, the raw status and a real error code', () => {
    // Prepare
    const view = aView({
      charger: aCharger({ chargerId: 'CP-1', siteId: 'S1', maxCurrentA: 32, phases: 3 }),
      connectors: [
        aStatus(1, 'Faulted', { errorCode: 'GroundFailure' }),
        aStatus(2, 'SuspendedEV', { errorCode: 'NoError' }),
      ],
    });
    // Act
    const result = chargerAvailability(view, now, heartbeat);
    // Assess
    expect(result).toEqual({
      chargerId: 'CP-1',
      siteId: 'S1',
      state: 'Occupied',
      online: true,
      lastSeenAt: minutesAgo(1),
      maxPowerW: 22_080,
      connectors: [
        {
          evseId: 1,
          connectorId: 1,
          state: 'Faulted',
          status: 'Faulted',
          errorCode: 'GroundFailure',
          statusAt: minutesAgo(5),
          maxPowerW: 22_080,
        },
        {
          evseId: 2,
          connectorId: 1,
          state: 'Occupied',
          status: 'SuspendedEV',
          statusAt: minutesAgo(5),
          maxPowerW: 22_080,
        },
      ],
    });
  });
});

describe('maxPowerW', () => {
  const cases: [string, { maxCurrentA?: number; phases?: number }, number | undefined][] = [
    ['32 A three-phase', { maxCurrentA: 32, phases: 3 }, 22_080],
    ['16 A three-phase', { maxCurrentA: 16, phases: 3 }, 11_040],
    ['32 A single-phase', { maxCurrentA: 32, phases: 1 }, 7_360],
    ['6.5 A single-phase (rounded)', { maxCurrentA: 6.5, phases: 1 }, 1_495],
    ['no phases', { maxCurrentA: 32 }, undefined],
    ['no current', { phases: 3 }, undefined],
    ['nothing known', {}, undefined],
  ];
  it.each(cases)('%s', (_name, wiring, expected) => {
    // Act / Assess
    expect(maxPowerW(wiring)).toBe(expected);
  });
});

describe('summarizeAvailability', () => {
  it('counts chargers and connectors per state and sums the Available chargers’ power', () => {
    // Prepare
    const rows = [
      aView({
        charger: aCharger({ chargerId: 'A', maxCurrentA: 16, phases: 3 }),
        connectors: [aStatus(1, 'Available'), aStatus(2, 'Charging')],
      }),
      aView({
        charger: aCharger({ chargerId: 'B', maxCurrentA: 32, phases: 1 }),
        connectors: [aStatus(1, 'Charging')],
      }),
      aView({ charger: aCharger({ chargerId: 'C' }), connectors: [aStatus(1, 'Available')] }),
      aView({
        charger: aCharger({ chargerId: 'D' }),
        connection: undefined,
        connectors: [aStatus(1, 'Faulted')],
      }),
    ].map((view) => chargerAvailability(view, now, heartbeat));
    // Act
    const summary = summarizeAvailability(rows);
    // Assess
    expect(summary).toEqual({
      chargers: { total: 4, Available: 2, Occupied: 1, Faulted: 0, Unavailable: 0, Offline: 1 },
      connectors: { total: 5, Available: 2, Occupied: 2, Faulted: 0, Unavailable: 0, Offline: 1 },
      availablePowerW: 11_040,
    });
  });

  it('nothing to count: zeros', () => {
    // Act / Assess
    expect(summarizeAvailability([])).toEqual({
      chargers: { total: 0, Available: 0, Occupied: 0, Faulted: 0, Unavailable: 0, Offline: 0 },
      connectors: { total: 0, Available: 0, Occupied: 0, Faulted: 0, Unavailable: 0, Offline: 0 },
      availablePowerW: 0,
    });
  });
});
