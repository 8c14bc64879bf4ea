import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { createDynamoChargerRepository } from '../../shared/slices/chargers/adapters/dynamodb-charger-repository.ts';
import { createDynamoIncidentRepository } from '../../shared/slices/self-healing/adapters/dynamodb-incident-repository.ts';
import { createDynamoSelfHealingRepository } from '../../shared/slices/self-healing/adapters/dynamodb-self-healing-repository.ts';
import type {
  AttemptStep,
  FaultedIncident,
  HealingAttempt,
  Incident,
  SelfHealingSettings,
} from '../../shared/slices/self-healing/model.ts';
import { useDynaliteTable } from '../support/dynalite-table.ts';
import { aCharger } from '../unit/domain/builders.ts';

const dynalite = useDynaliteTable('csms-self-healing');
const { tableName } = dynalite;
const healing = () => createDynamoSelfHealingRepository(dynalite.documentClient, tableName);
const incidents = () => createDynamoIncidentRepository(dynalite.documentClient, tableName);

const at = '2026-06-01T10:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(at) + seconds * 1000);
const iso = (seconds: number) => later(seconds).toISOString();

const settings = (tenantId: string, overrides: Partial<SelfHealingSettings> = {}): SelfHealingSettings => ({
  tenantId,
  enabled: true,
  faultedDelaySeconds: 300,
  maxResets: 2,
  rebootWaitSeconds: 180,
  updatedAt: at,
  updatedBy: 'key-1',
  ...overrides,
});

const anAttempt = (tenantId: string, overrides: Partial<HealingAttempt> = {}): HealingAttempt => ({
  tenantId,
  chargerId: 'cp-1',
  attemptId: 'exec-1',
  status: 'running',
  faultedSince: at,
  startedAt: at,
  steps: [],
  leaseUntil: iso(900),
  ...overrides,
});

const softReset: AttemptStep = { step: 'softReset', at: iso(300) };

const anIncident = (tenantId: string, overrides: Partial<FaultedIncident> = {}): FaultedIncident => ({
  tenantId,
  kind: 'faulted',
  incidentId: 'inc-1',
  chargerId: 'cp-1',
  siteId: 'site-1',
  status: 'open',
  attemptId: 'exec-1',
  connectors: [{ evseId: 1, connectorId: 1 }],
  resets: 2,
  faultedSince: at,
  openedAt: iso(900),
  ...overrides,
});

describe('dynamodb self-healing repository', () => {
  it('keeps each tenant’s settings in an item of its own, replaced by the next put', async () => {
    // Prepare
    const repo = healing();
    await repo.putSettings(settings('t-s1', { maxResets: 3 }));
    await repo.putSettings(settings('t-s2'));

    // Act
    const before = await repo.getSettings('t-s3');
    await repo.putSettings(settings('t-s1', { enabled: false }));
    const stored = await dynalite.table.get(keys.selfHealingSettings('t-s1'));

    // Assess
    expect(before).toBeUndefined();
    expect(await repo.getSettings('t-s1')).toEqual(settings('t-s1', { enabled: false }));
    expect(await repo.getSettings('t-s2')).toEqual(settings('t-s2'));
    expect(stored).toMatchObject({ PK: 'TENANT#t-s1#SELFHEAL', SK: 'SELFHEAL', type: 'SelfHealingSettings' });
    expect(stored).not.toHaveProperty('ttl');
  });

  it('claims a charger once while an attempt runs; a lapsed lease or a closed attempt frees it', async () => {
    // Prepare
    const repo = healing();
    const first = anAttempt('t-c1');

    // Act
    const claimed = await repo.claimAttempt(first, later(10));
    const second = await repo.claimAttempt(anAttempt('t-c1', { attemptId: 'exec-2' }), later(20));
    const otherTenant = await repo.claimAttempt(anAttempt('t-c2', { attemptId: 'exec-9' }), later(20));
    const afterLapse = await repo.claimAttempt(
      anAttempt('t-c1', { attemptId: 'exec-3', leaseUntil: iso(2000) }),
      later(901),
    );
    const whileThird = await repo.getAttempt('t-c1', 'cp-1');
    await repo.close('t-c1', 'cp-1', 'exec-3', { outcome: 'recovered', closedAt: iso(1000) });
    const afterClose = await repo.claimAttempt(anAttempt('t-c1', { attemptId: 'exec-4' }), later(1001));

    // Assess
    expect([claimed, second, otherTenant, afterLapse, afterClose]).toEqual([true, false, true, true, true]);
    expect(whileThird).toEqual(anAttempt('t-c1', { attemptId: 'exec-3', leaseUntil: iso(2000) }));
    expect(await repo.getAttempt('t-c1', 'cp-1')).toEqual(anAttempt('t-c1', { attemptId: 'exec-4' }));
    expect(await repo.getAttempt('t-c2', 'cp-1')).toEqual(anAttempt('t-c2', { attemptId: 'exec-9' }));
    expect(await repo.getAttempt('t-c3', 'cp-1')).toBeUndefined();
    expect(await dynalite.table.get(keys.healingAttempt('t-c1', 'cp-1'))).toMatchObject({
      PK: 'TENANT#t-c1#CS#cp-1',
      SK: 'HEAL',
      type: 'HealingAttempt',
    });
  });

  it('records a step once by position and renews the lease; a retry or another attempt records nothing', async () => {
    // Prepare
    const repo = healing();
    await repo.claimAttempt(anAttempt('t-r1'), later(0));
    await repo.claimAttempt(anAttempt('t-r2'), later(0));

    // Act
    const recorded = await repo.recordStep('t-r1', 'cp-1', 'exec-1', 0, softReset, iso(1080));
    const retried = await repo.recordStep('t-r1', 'cp-1', 'exec-1', 0, softReset, iso(1100));
    const otherAttempt = await repo.recordStep('t-r1', 'cp-1', 'exec-2', 1, softReset, iso(1100));
    const hard: AttemptStep = { step: 'hardReset', at: iso(480) };
    const next = await repo.recordStep('t-r1', 'cp-1', 'exec-1', 1, hard, iso(1260));
    const unknownCharger = await repo.recordStep('t-r1', 'cp-9', 'exec-1', 0, softReset, iso(1100));

    // Assess
    expect([recorded, retried, otherAttempt, next, unknownCharger]).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(await repo.getAttempt('t-r1', 'cp-1')).toEqual(
      anAttempt('t-r1', { steps: [softReset, hard], leaseUntil: iso(1260) }),
    );
    expect(await repo.getAttempt('t-r2', 'cp-1')).toEqual(anAttempt('t-r2'));
    expect(await repo.getAttempt('t-r1', 'cp-9')).toBeUndefined();
  });

  it('completes a recorded step in place, only of the running attempt and only a step that exists', async () => {
    // Prepare
    const repo = healing();
    await repo.claimAttempt(anAttempt('t-p1'), later(0));
    await repo.recordStep('t-p1', 'cp-1', 'exec-1', 0, softReset, iso(1080));
    const sent: AttemptStep = { ...softReset, result: 'sent', commandId: 'cmd-1' };

    // Act
    await repo.completeStep('t-p1', 'cp-1', 'exec-2', 0, { ...softReset, result: 'offline' });
    await repo.completeStep('t-p1', 'cp-1', 'exec-1', 1, { ...softReset, result: 'offline' });
    await repo.completeStep('t-p1', 'cp-1', 'exec-1', 0, sent);
    const invalid = repo.completeStep('t-p1', 'cp-1', 'exec-1', -1, sent);

    // Assess
    await expect(invalid).rejects.toThrow('invalid step index -1');
    expect(await repo.getAttempt('t-p1', 'cp-1')).toEqual(
      anAttempt('t-p1', { steps: [sent], leaseUntil: iso(1080) }),
    );
  });

  it('renews and closes only the running attempt of that id, and closes it once', async () => {
    // Prepare
    const repo = healing();
    await repo.claimAttempt(anAttempt('t-l1'), later(0));

    // Act
    const renewed = await repo.renew('t-l1', 'cp-1', 'exec-1', iso(1500));
    const renewedByOther = await repo.renew('t-l1', 'cp-1', 'exec-2', iso(9000));
    const closedByOther = await repo.close('t-l1', 'cp-1', 'exec-2', {
      outcome: 'disabled',
      closedAt: iso(5),
    });
    const closed = await repo.close('t-l1', 'cp-1', 'exec-1', { outcome: 'incident', closedAt: iso(1200) });
    const closedAgain = await repo.close('t-l1', 'cp-1', 'exec-1', {
      outcome: 'recovered',
      closedAt: iso(1300),
    });
    const renewedClosed = await repo.renew('t-l1', 'cp-1', 'exec-1', iso(9000));
    const recordedClosed = await repo.recordStep('t-l1', 'cp-1', 'exec-1', 0, softReset, iso(9000));
    const unknown = await repo.renew('t-l1', 'cp-9', 'exec-1', iso(9000));

    // Assess
    expect([renewed, renewedByOther, closedByOther, closed]).toEqual([true, false, false, true]);
    expect([closedAgain, renewedClosed, recordedClosed, unknown]).toEqual([false, false, false, false]);
    expect(await repo.getAttempt('t-l1', 'cp-1')).toEqual(
      anAttempt('t-l1', {
        status: 'closed',
        leaseUntil: iso(1500),
        outcome: 'incident',
        closedAt: iso(1200),
      }),
    );
    expect(await repo.getAttempt('t-l1', 'cp-9')).toBeUndefined();
  });

  it('keeps the attempt out of the charger’s view, and deleting the charger deletes it', async () => {
    // Prepare
    const chargers = createDynamoChargerRepository(dynalite.documentClient, tableName);
    await chargers.create(aCharger({ tenantId: 't-v1' }));
    await healing().claimAttempt(anAttempt('t-v1'), later(0));

    // Act
    const view = await chargers.getView('t-v1', 'cp-1', later(0));
    const deleted = await chargers.delete('t-v1', 'cp-1');

    // Assess
    expect(view).toEqual({ charger: aCharger({ tenantId: 't-v1' }), connectors: [] });
    expect(deleted).toBe(true);
    expect(await healing().getAttempt('t-v1', 'cp-1')).toBeUndefined();
  });
});

describe('dynamodb incident repository', () => {
  it('opens an incident once under its id, in the tenant’s listing index, and gets it without its keys', async () => {
    // Prepare
    const repo = incidents();

    // Act
    const opened = await repo.open(anIncident('t-o1'));
    const retried = await repo.open(anIncident('t-o1', { resets: 9, openedAt: iso(1000) }));
    const otherTenant = await repo.open(anIncident('t-o2'));
    const stored = await dynalite.table.get(keys.incident('t-o1', 'inc-1'));

    // Assess
    expect([opened, retried, otherTenant]).toEqual([true, false, true]);
    expect(await repo.get('t-o1', 'inc-1')).toEqual(anIncident('t-o1'));
    expect(await repo.get('t-o2', 'inc-1')).toEqual(anIncident('t-o2'));
    expect(await repo.get('t-o3', 'inc-1')).toBeUndefined();
    expect(stored).toMatchObject({
      PK: 'TENANT#t-o1#INCIDENT#inc-1',
      SK: 'INCIDENT',
      GSI1PK: 'TENANT#t-o1#INCIDENTS',
      GSI1SK: `${iso(900)}#inc-1`,
      type: 'Incident',
    });
    expect(stored).not.toHaveProperty('ttl');
  });

  it('lists the tenant’s incidents newest first, page by page, never another tenant’s', async () => {
    // Prepare
    const repo = incidents();
    for (let i = 1; i <= 5; i += 1)
      await repo.open(anIncident('t-list', { incidentId: `inc-${i}`, openedAt: iso(i * 60) }));
    await repo.open(anIncident('t-list-other', { incidentId: 'inc-9', openedAt: iso(600) }));

    // Act
    const first = await repo.list('t-list', { limit: 2 });
    const second = await repo.list('t-list', { limit: 2, cursor: first.cursor! });
    const third = await repo.list('t-list', { limit: 2, cursor: second.cursor! });
    const exact = await repo.list('t-list', { limit: 5 });
    const foreignCursor = repo.list('t-list-other', { limit: 2, cursor: first.cursor! });

    // Assess
    expect([first, second, third].map((page) => page.items.map((i) => i.incidentId))).toEqual([
      ['inc-5', 'inc-4'],
      ['inc-3', 'inc-2'],
      ['inc-1'],
    ]);
    expect(third.cursor).toBeUndefined();
    expect(exact.items).toHaveLength(5);
    expect(exact.cursor).toBeUndefined();
    expect(exact.items.every((incident) => incident.tenantId === 't-list')).toBe(true);
    expect(exact.items[0]).toEqual(anIncident('t-list', { incidentId: 'inc-5', openedAt: iso(300) }));
    await expect(foreignCursor).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(repo.list('t-list', { limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('filters by charger, site, status and a site-limited key’s sites, paging through the matches', async () => {
    // Prepare
    const repo = incidents();
    const stored = [
      anIncident('t-f1', { incidentId: 'a', chargerId: 'cp-1', siteId: 'site-1', openedAt: iso(60) }),
      anIncident('t-f1', { incidentId: 'b', chargerId: 'cp-2', siteId: 'site-2', openedAt: iso(120) }),
      anIncident('t-f1', { incidentId: 'c', chargerId: 'cp-3', openedAt: iso(180) }),
      anIncident('t-f1', { incidentId: 'd', chargerId: 'cp-1', siteId: 'site-1', openedAt: iso(240) }),
      anIncident('t-f1', { incidentId: 'e', chargerId: 'cp-2', siteId: 'site-2', openedAt: iso(300) }),
    ];
    const { siteId: _none, ...withoutSite } = stored[2]!;
    for (const incident of [...stored.slice(0, 2), withoutSite, ...stored.slice(3)])
      await repo.open(incident);
    await repo.open(anIncident('t-f2', { incidentId: 'z', chargerId: 'cp-1', openedAt: iso(400) }));
    await repo.resolve('t-f1', 'd', { resolvedAt: iso(500), resolvedBy: 'key-1' });
    const ids = (page: { items: readonly Incident[] }) => page.items.map((incident) => incident.incidentId);

    // Act
    const byCharger = await repo.list('t-f1', { chargerId: 'cp-1', limit: 10 });
    const bySite = await repo.list('t-f1', { siteId: 'site-2', limit: 10 });
    const open = await repo.list('t-f1', { status: 'open', limit: 10 });
    const resolved = await repo.list('t-f1', { status: 'resolved', limit: 10 });
    const chargerAndStatus = await repo.list('t-f1', { chargerId: 'cp-1', status: 'open', limit: 10 });
    const siteLimited = await repo.list('t-f1', { siteIds: ['site-1', 'site-9'], limit: 10 });
    const noSites = await repo.list('t-f1', { siteIds: [], limit: 10 });
    const firstOpen = await repo.list('t-f1', { status: 'open', limit: 2 });
    const nextOpen = await repo.list('t-f1', { status: 'open', limit: 2, cursor: firstOpen.cursor! });

    // Assess
    expect(ids(byCharger)).toEqual(['d', 'a']);
    expect(ids(bySite)).toEqual(['e', 'b']);
    expect(ids(open)).toEqual(['e', 'c', 'b', 'a']);
    expect(ids(resolved)).toEqual(['d']);
    expect(ids(chargerAndStatus)).toEqual(['a']);
    expect(ids(siteLimited)).toEqual(['d', 'a']);
    expect(noSites).toEqual({ items: [] });
    expect([ids(firstOpen), ids(nextOpen)]).toEqual([
      ['e', 'c'],
      ['b', 'a'],
    ]);
    expect(nextOpen.cursor).toBeUndefined();
  });

  it('lists incidents by kind; one stored without a kind is a faulted one', async () => {
    // Prepare
    const repo = incidents();
    const { kind: _kind, ...withoutKind } = anIncident('t-k1', { incidentId: 'old', openedAt: iso(60) });
    await dynalite.documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.incident('t-k1', 'old'),
          ...keys.incidentIndex('t-k1', iso(60), 'old'),
          type: 'Incident',
          ...withoutKind,
        },
      }),
    );
    await repo.open(anIncident('t-k1', { incidentId: 'new', openedAt: iso(120) }));
    await repo.open({
      tenantId: 't-k1',
      incidentId: 'ghost',
      kind: 'ghost',
      chargerId: 'cp-1',
      status: 'open',
      sessionIds: ['S3', 'S2', 'S1'],
      openedAt: iso(180),
    });

    // Act
    const ghosts = await repo.list('t-k1', { kind: 'ghost', limit: 10 });
    const faulted = await repo.list('t-k1', { kind: 'faulted', limit: 10 });
    const old = await repo.get('t-k1', 'old');

    // Assess
    expect(ghosts.items).toEqual([expect.objectContaining({ incidentId: 'ghost', kind: 'ghost' })]);
    expect(faulted.items.map((incident) => incident.incidentId)).toEqual(['new', 'old']);
    expect(old?.kind).toBe('faulted');
  });

  it('stores a ghost counter once per revision: a stale write loses', async () => {
    // Prepare
    const repo = healing();
    const first = { tenantId: 't-g1', chargerId: 'cp-1', outcomes: [], revision: 1 };
    const outcome = { sessionId: 'S1', endedAt: iso(60), outcome: 'failed' as const };

    // Act
    const created = await repo.putGhostCounter(first);
    const createdAgain = await repo.putGhostCounter(first);
    const next = await repo.putGhostCounter({ ...first, outcomes: [outcome], revision: 2 });
    const stale = await repo.putGhostCounter({ ...first, revision: 2 });

    // Assess
    expect([created, createdAgain, next, stale]).toEqual([true, false, true, false]);
    expect(await repo.getGhostCounter('t-g1', 'cp-1')).toEqual({
      ...first,
      outcomes: [outcome],
      revision: 2,
    });
    expect(await repo.getGhostCounter('t-g2', 'cp-1')).toBeUndefined();
  });

  it('resolves an open incident once; again it answers it unchanged; unknown or another tenant’s: none', async () => {
    // Prepare
    const repo = incidents();
    await repo.open(anIncident('t-x1'));
    await repo.open(anIncident('t-x1', { incidentId: 'inc-2' }));
    await repo.open(anIncident('t-x2'));

    // Act
    const resolved = await repo.resolve('t-x1', 'inc-1', {
      resolvedAt: iso(2000),
      resolvedBy: 'key-1',
      note: 'replaced the RCD',
    });
    const again = await repo.resolve('t-x1', 'inc-1', { resolvedAt: iso(3000), resolvedBy: 'key-2' });
    const withoutNote = await repo.resolve('t-x1', 'inc-2', { resolvedAt: iso(2000), resolvedBy: 'key-1' });
    const unknown = await repo.resolve('t-x1', 'inc-9', { resolvedAt: iso(2000), resolvedBy: 'key-1' });
    const otherTenant = await repo.resolve('t-x3', 'inc-1', { resolvedAt: iso(2000), resolvedBy: 'key-1' });

    // Assess
    const done = anIncident('t-x1', {
      status: 'resolved',
      resolvedAt: iso(2000),
      resolvedBy: 'key-1',
      note: 'replaced the RCD',
    });
    expect(resolved).toEqual({ incident: done, changed: true });
    expect(again).toEqual({ incident: done, changed: false });
    expect(withoutNote).toEqual({
      incident: anIncident('t-x1', {
        incidentId: 'inc-2',
        status: 'resolved',
        resolvedAt: iso(2000),
        resolvedBy: 'key-1',
      }),
      changed: true,
    });
    expect([unknown, otherTenant]).toEqual([undefined, undefined]);
    expect(await repo.get('t-x2', 'inc-1')).toEqual(anIncident('t-x2'));
    expect(await dynalite.table.get(keys.incident('t-x3', 'inc-1'))).toBeUndefined();
  });
});
