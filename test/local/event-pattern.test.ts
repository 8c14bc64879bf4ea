import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../../local/event-pattern.ts';
import type { EventPattern } from '../../shared/topology/event-rules.ts';
import { eventRules } from '../../shared/topology/event-rules.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'ConnectorStatusChanged.v1',
  source: 'csms.ocpp',
  account: '000000000000',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources: [
    'arn:aws:iot:us-east-1:000000000000:thing/cp-1',
    'arn:aws:iot:us-east-1:000000000000:thing/cp-2',
  ],
  detail: {
    tenantId: 'Tenant-A',
    chargerId: 'cp-1',
    siteId: 'site-1',
    connectorId: 2,
    power: 7.4,
    enabled: true,
    note: null,
    fileName: 'log.PNG',
    path: 'a/lib/b.js',
    tags: ['fast', 'public'],
    evses: [
      { id: 1, status: 'Available' },
      { id: 2, status: 'Faulted' },
    ],
  },
};

const cases: [name: string, pattern: EventPattern, expected: boolean][] = [
  ['exact string', { source: ['csms.ocpp'] }, true],
  ['exact string, other value', { source: ['csms.api'] }, false],
  ['any of several values', { source: ['csms.api', 'csms.ocpp'] }, true],
  ['number', { detail: { connectorId: [2] } }, true],
  ['number is not its string', { detail: { connectorId: ['2'] } }, false],
  ['boolean', { detail: { enabled: [true] } }, true],
  ['null', { detail: { note: [null] } }, true],
  ['null is not a missing field', { detail: { missing: [null] } }, false],
  ['case-sensitive by default', { detail: { tenantId: ['tenant-a'] } }, false],
  ['all fields must match', { source: ['csms.ocpp'], 'detail-type': ['TransactionEnded.v1'] }, false],
  ['event array: any element', { detail: { tags: ['public'] } }, true],
  ['event array: no element', { detail: { tags: ['private'] } }, false],
  ['array of objects', { detail: { evses: { status: ['Faulted'] } } }, true],
  [
    'array of objects: one element must match all',
    { detail: { evses: { id: [1], status: ['Faulted'] } } },
    false,
  ],
  ['array of objects: same element', { detail: { evses: { id: [2], status: ['Faulted'] } } }, true],
  ['nested field missing', { detail: { nested: { x: ['y'] } } }, false],
  ['prefix', { time: [{ prefix: '2024-05' }] }, true],
  ['prefix, no match', { time: [{ prefix: '2023' }] }, false],
  ['prefix ignoring case', { detail: { tenantId: [{ prefix: { 'equals-ignore-case': 'TENANT' } }] } }, true],
  ['prefix only matches strings', { detail: { connectorId: [{ prefix: '2' }] } }, false],
  ['suffix', { resources: [{ suffix: '/cp-2' }] }, true],
  ['suffix is case-sensitive', { detail: { fileName: [{ suffix: '.png' }] } }, false],
  ['suffix ignoring case', { detail: { fileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, true],
  ['anything-but string', { detail: { chargerId: [{ 'anything-but': 'cp-2' }] } }, true],
  ['anything-but, excluded', { detail: { chargerId: [{ 'anything-but': 'cp-1' }] } }, false],
  ['anything-but list', { detail: { chargerId: [{ 'anything-but': ['cp-1', 'cp-3'] }] } }, false],
  ['anything-but number', { detail: { connectorId: [{ 'anything-but': [1, 3] }] } }, true],
  ['anything-but does not match a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but prefix', { detail: { chargerId: [{ 'anything-but': { prefix: 'cp-' } }] } }, false],
  ['anything-but prefix, kept', { detail: { siteId: [{ 'anything-but': { prefix: 'cp-' } }] } }, true],
  ['anything-but suffix', { detail: { fileName: [{ 'anything-but': { suffix: '.PNG' } }] } }, false],
  [
    'anything-but ignoring case',
    { detail: { tenantId: [{ 'anything-but': { 'equals-ignore-case': ['x', 'tenant-a'] } }] } },
    false,
  ],
  ['anything-but wildcard', { detail: { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, false],
  ['anything-but on an array: one other element', { detail: { tags: [{ 'anything-but': 'fast' }] } }, true],
  ['exists', { detail: { siteId: [{ exists: true }] } }, true],
  ['exists, missing', { detail: { missing: [{ exists: true }] } }, false],
  ['exists, null value', { detail: { note: [{ exists: true }] } }, true],
  ['exists only matches leaves', { detail: { evses: [{ exists: true }] } }, false],
  ['does not exist', { detail: { missing: [{ exists: false }] } }, true],
  ['does not exist, present', { detail: { siteId: [{ exists: false }] } }, false],
  ['does not exist, whole parent missing', { other: { x: [{ exists: false }] } }, true],
  ['numeric range', { detail: { power: [{ numeric: ['>', 0, '<=', 7.4] }] } }, true],
  ['numeric range, outside', { detail: { power: [{ numeric: ['>', 0, '<', 7.4] }] } }, false],
  ['numeric equals', { detail: { connectorId: [{ numeric: ['=', 2] }] } }, true],
  ['numeric >=', { detail: { connectorId: [{ numeric: ['>=', 3] }] } }, false],
  ['numeric only matches numbers', { detail: { chargerId: [{ numeric: ['>', 0] }] } }, false],
  ['equals-ignore-case', { detail: { tenantId: [{ 'equals-ignore-case': 'TENANT-a' }] } }, true],
  ['equals-ignore-case, other', { detail: { tenantId: [{ 'equals-ignore-case': 'tenant-b' }] } }, false],
  ['wildcard', { detail: { path: [{ wildcard: '*/lib/*.js' }] } }, true],
  ['wildcard must match all', { detail: { path: [{ wildcard: '*/lib' }] } }, false],
  ['wildcard escapes regex characters', { detail: { path: [{ wildcard: 'a/lib/b?js' }] } }, false],
  ['wildcard escaped star is literal', { detail: { path: [{ wildcard: 'a/lib/\\*' }] } }, false],
  ['matchers of a field are ORed', { source: [{ prefix: 'x' }, 'csms.ocpp'] }, true],
  ['$or', { $or: [{ source: ['x'] }, { detail: { chargerId: ['cp-1'] } }] } as EventPattern, true],
  ['$or, none', { $or: [{ source: ['x'] }, { detail: { chargerId: ['y'] } }] } as EventPattern, false],
  ['empty pattern matches everything', {}, true],
];

describe('matchesEventPattern', () => {
  it.each(cases)('%s', (_name, pattern, expected) => {
    // Prepare: the pattern and the sample event above.

    // Act
    const matched = matchesEventPattern(pattern, event);

    // Assess
    expect(matched).toBe(expected);
  });

  it.each([
    ['an unknown operator', { source: [{ contains: 'ocpp' }] }],
    ['a misspelt operator', { detail: { siteId: [{ exist: true }] } }],
    ['two operators in one matcher', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['an empty matcher list', { source: [] }],
    ['a bare value instead of a list', { source: 'csms.ocpp' } as unknown as EventPattern],
    ['a descending numeric range', { detail: { x: [{ numeric: ['<', 5, '>', 0] }] } }],
    ['a non-numeric bound', { detail: { x: [{ numeric: ['>', '0'] }] } }],
    ['a mixed anything-but list', { detail: { x: [{ 'anything-but': ['a', 1] }] } }],
    ['a non-boolean exists', { detail: { x: [{ exists: 'yes' }] } }],
    ['consecutive wildcards', { detail: { x: [{ wildcard: 'a**b' }] } }],
  ])('throws on %s, even when an earlier field already fails', (_name, pattern) => {
    // Prepare: a first field that does not match, so only validation can reach the invalid one.
    const withFailingField = { 'detail-type': ['NoSuchType'], ...pattern } as EventPattern;

    // Act
    const match = () => matchesEventPattern(withFailingField, event);

    // Assess
    expect(match).toThrow(/Invalid event pattern/);
  });
});

describe('topology rules', () => {
  const rule = (id: string): EventPattern => {
    const found = eventRules.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no rule ${id}`);
    return found.pattern;
  };
  const ocppEvent = (detailType: string, detail: Record<string, unknown>) => ({
    ...event,
    source: 'csms.ocpp',
    'detail-type': detailType,
    detail,
  });

  it('starts billing on TransactionEnded.v2 only (v1, published next to it, would start it twice)', () => {
    // Prepare
    const pattern = rule('StartBillingOnTransactionEnded');
    const ended = ocppEvent('TransactionEnded.v2', { tenantId: 't', sessionId: 'S-1' });
    const endedV1 = ocppEvent('TransactionEnded.v1', { tenantId: 't', transactionId: 'S-1' });
    const fromApi = { ...ended, source: 'csms.api' };
    const booted = ocppEvent('ChargerBooted.v1', { tenantId: 't' });

    // Act
    const results = [ended, endedV1, fromApi, booted].map((candidate) =>
      matchesEventPattern(pattern, candidate),
    );

    // Assess
    expect(results).toEqual([true, false, false, false]);
  });

  it('re-balances on status changes of chargers of a load-managed site, not on reconnects or boots', () => {
    // Prepare
    const pattern = rule('StartLoadBalancingOnChargerChange');
    const managed = { chargerId: 'cp-1', siteId: 's-1', loadManaged: true };
    const candidates = [
      ocppEvent('ChargerConnected.v1', managed),
      ocppEvent('ChargerBooted.v1', managed),
      ocppEvent('ConnectorStatusChanged.v1', managed),
      // A site without load management: a run would only read that it has none.
      ocppEvent('ConnectorStatusChanged.v1', { chargerId: 'cp-1', siteId: 's-1' }),
      ocppEvent('ChargerBooted.v1', { chargerId: 'cp-1', siteId: 's-1' }),
      ocppEvent('ConnectorStatusChanged.v1', { chargerId: 'cp-1' }),
      ocppEvent('ChargerDisconnected.v1', managed),
      { ...ocppEvent('ChargerBooted.v1', managed), source: 'csms.api' },
    ];

    // Act
    const results = candidates.map((candidate) => matchesEventPattern(pattern, candidate));

    // Assess
    expect(results).toEqual([false, false, true, false, false, false, false, false]);
  });

  it('re-balances on the sessions (and EV charging needs) of a load-managed site only', () => {
    // Prepare
    const pattern = rule('StartLoadBalancingOnSession');
    const managed = { chargerId: 'cp-1', siteId: 's-1', sessionId: 'S-1', loadManaged: true };
    const unmanaged = { chargerId: 'cp-1', siteId: 's-1', sessionId: 'S-1' };
    const candidates = [
      ocppEvent('TransactionStarted.v2', managed),
      ocppEvent('TransactionUpdated.v2', managed),
      ocppEvent('TransactionEnded.v2', managed),
      ocppEvent('TransactionStarted.v2', unmanaged),
      ocppEvent('TransactionEnded.v2', unmanaged),
      // A string "true" is not the boolean the events carry.
      ocppEvent('TransactionStarted.v2', { ...unmanaged, loadManaged: 'true' }),
      ocppEvent('TransactionStarted.v1', managed),
      ocppEvent('EVChargingNeedsNotified.v1', {
        chargerId: 'cp-1',
        siteId: 's-1',
        evseId: 1,
        loadManaged: true,
      }),
      ocppEvent('EVChargingNeedsNotified.v1', { chargerId: 'cp-1', siteId: 's-1', evseId: 1 }),
    ];

    // Act
    const results = candidates.map((candidate) => matchesEventPattern(pattern, candidate));

    // Assess
    expect(results).toEqual([true, true, true, false, false, false, false, true, false]);
  });

  it('starts self-healing on Faulted statuses of tenants with self-healing on only', () => {
    // Prepare
    const pattern = rule('StartSelfHealingOnFaulted');
    const faulted = { tenantId: 't', chargerId: 'cp-1', evseId: 1, connectorId: 1, status: 'Faulted' };
    const candidates = [
      ocppEvent('ConnectorStatusChanged.v1', { ...faulted, selfHealing: true }),
      // Off (the default): the field is left out, and no execution starts to read the settings and stop.
      ocppEvent('ConnectorStatusChanged.v1', faulted),
      ocppEvent('ConnectorStatusChanged.v1', { ...faulted, selfHealing: 'true' }),
      ocppEvent('ConnectorStatusChanged.v1', { ...faulted, status: 'Available', selfHealing: true }),
      { ...ocppEvent('ConnectorStatusChanged.v1', { ...faulted, selfHealing: true }), source: 'csms.api' },
    ];

    // Act
    const results = candidates.map((candidate) => matchesEventPattern(pattern, candidate));

    // Assess
    expect(results).toEqual([true, false, false, false, false]);
  });

  it('counts authorised session ends of tenants with self-healing on only (ghost detection)', () => {
    // Prepare
    const pattern = rule('DetectGhostChargerOnTransactionEnded');
    const ended = { tenantId: 't', chargerId: 'cp-1', sessionId: 'S-1', idToken: 'TAG-1' };
    const { idToken: _, ...withoutToken } = ended;
    const candidates = [
      ocppEvent('TransactionEnded.v2', { ...ended, selfHealing: true }),
      ocppEvent('TransactionEnded.v2', ended),
      ocppEvent('TransactionEnded.v2', { ...withoutToken, selfHealing: true }),
      // v1 is published next to v2 (PUBLISH_PREVIOUS_EVENT_VERSIONS): it would count the session twice.
      ocppEvent('TransactionEnded.v1', { ...ended, transactionId: 'S-1', selfHealing: true }),
      ocppEvent('TransactionStarted.v2', { ...ended, selfHealing: true }),
    ];

    // Act
    const results = candidates.map((candidate) => matchesEventPattern(pattern, candidate));

    // Assess
    expect(results).toEqual([true, false, false, false, false]);
  });
});
