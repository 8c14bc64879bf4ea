import { describe, expect, it } from 'vitest';
import type { EventDetail } from '../../shared/events/catalog.ts';
import { InvalidCursorError } from '../../shared/kernel/ports.ts';
import { billSession } from '../../shared/slices/billing/bill-session.ts';
import { getCdr } from '../../shared/slices/billing/cdrs.ts';
import type { TariffHead } from '../../shared/slices/billing/model.ts';
import type { BillingRepository } from '../../shared/slices/billing/ports.ts';
import type { Session } from '../../shared/slices/transactions/model.ts';
import { createTestDependencies, type TestDependencies } from '../support/test-dependencies.ts';

/*
 * The billing ledger over the real repositories (dynalite): the conditional writes give one CDR per session
 * version however often, and however concurrently, billing runs; a billing that fails half-way is finished by
 * the next; a correction is a credit and a new CDR; the listing index pages by issue time.
 */

const tenantId = 'tenant-a';

const anEndedSession = (overrides: Partial<Session> = {}): Session => ({
  tenantId,
  sessionId: 'S1',
  chargerId: 'CP-1',
  siteId: 'site-1',
  chargerTransactionId: 'tx-1',
  status: 'Completed',
  startedAt: '2026-06-01T10:00:00.000Z',
  endedAt: '2026-06-01T11:00:00.000Z',
  evseId: 1,
  connectorId: 1,
  idToken: 'TAG-1',
  energyWh: 10_000,
  // The register readings the energy comes from (charging periods are built from readings).
  meterStart: { at: '2026-06-01T10:00:00.000Z', seqNo: 0, wh: 0 },
  meterStop: { at: '2026-06-01T11:00:00.000Z', seqNo: 1, wh: 10_000 },
  version: 1,
  revision: 1,
  createdAt: '2026-06-01T10:00:00.000Z',
  updatedAt: '2026-06-01T11:00:00.000Z',
  createdBy: 'charger',
  updatedBy: 'charger',
  ...overrides,
});

/** 0.25 per kWh excl. VAT, 20 % VAT, the tenant's default. */
const aDefaultTariff = async (deps: TestDependencies, tenant = tenantId) => {
  const head: TariffHead = {
    tenantId: tenant,
    tariffId: 'T-1',
    version: 1,
    validFrom: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'key',
    tariff: {
      currency: 'EUR',
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.25, vat: 20, step_size: 1 }] }],
    },
  };
  expect(await deps.tariffs.putVersion(head, 0)).toBe(true);
  await deps.tariffs.setDefault(tenant, 'T-1');
};

let executions = 0;
/** A billing run of its own execution, or of `executionId` (a retry of that execution). */
const bill = (deps: TestDependencies, sessionId = 'S1', tenant = tenantId, executionId?: string) => {
  executions += 1;
  return billSession(deps, {
    tenantId: tenant,
    sessionId,
    correlationId: 'corr-1',
    executionId: executionId ?? `execution-${executions}`,
  });
};

const billedEvents = (deps: TestDependencies) =>
  deps.events.published
    .filter((event) => event.name === 'sessionBilled')
    .map((event) => event.detail as EventDetail<'sessionBilled'>);

const given = async (session = anEndedSession()) => {
  const deps = await createTestDependencies({});
  deps.clock.set('2026-06-01T11:05:00.000Z');
  await aDefaultTariff(deps);
  expect(await deps.sessions.save(session)).toBe(true);
  return deps;
};

/** A newer version of the stored session (late data): what the transactions slice stores on a correction. */
const correct = async (deps: TestDependencies, changes: Partial<Session>) => {
  const stored = (await deps.sessions.get(tenantId, 'S1'))!;
  expect(
    await deps.sessions.save({
      ...stored,
      ...changes,
      ...(changes.energyWh !== undefined && {
        meterStop: { ...stored.meterStop!, wh: changes.energyWh },
      }),
      version: stored.version + 1,
      revision: stored.revision + 1,
    }),
  ).toBe(true);
};

describe('billing ledger (dynalite)', () => {
  it('bills an ended session once: its CDR, its cost and one SessionBilled; again, nothing new', async () => {
    // Prepare
    const deps = await given();

    // Act
    const first = await bill(deps);
    const again = await bill(deps);

    // Assess
    expect(first).toEqual({ status: 'BILLED', sessionVersion: 1, cdrIds: ['S1-1'] });
    expect(again).toEqual({ status: 'ALREADY_BILLED', sessionVersion: 1, billedVersion: 1 });
    const cdr = await getCdr(deps, { tenantId: tenantId, cdrId: 'S1-1' });
    expect(cdr).toMatchObject({
      id: 'S1-1',
      session_id: 'S1',
      currency: 'EUR',
      total_energy: 10,
      total_cost: { excl_vat: 2.5, incl_vat: 3 },
      credit: false,
      last_updated: '2026-06-01T11:05:00.000Z',
    });
    const ledger = await deps.billing.getLedger(tenantId, 'S1');
    // Published: the ledger keeps the CDR's id, not a copy of it (the CDR item is the one kept).
    expect(ledger).toMatchObject({ published: true, claimIssued: ['S1-1'] });
    expect(ledger).not.toHaveProperty('pending');
    expect(ledger).not.toHaveProperty('open');
    expect(JSON.stringify(ledger).length).toBeLessThan(JSON.stringify(cdr).length);
    expect(ledger?.cost).toMatchObject({
      currency: 'EUR',
      totalExclVat: 250,
      totalVat: 50,
      totalInclVat: 300,
      tariffId: 'T-1',
      tariffVersion: 1,
    });
    expect(billedEvents(deps)).toEqual([
      expect.objectContaining({
        tenantId,
        sessionId: 'S1',
        sessionVersion: 1,
        cdrId: 'S1-1',
        credit: false,
        totalInclVat: 300,
        correlationId: 'corr-1',
      }),
    ]);
  });

  it('issues one CDR when billings of the same session run at once', async () => {
    // Prepare
    const deps = await given();

    // Act
    const outcomes = await Promise.all([bill(deps), bill(deps), bill(deps), bill(deps)]);

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'BILLED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'ALREADY_BILLED')).toHaveLength(3);
    expect((await deps.billing.listCdrs(tenantId, { limit: 10 })).items.map((cdr) => cdr.id)).toEqual([
      'S1-1',
    ]);
    expect(billedEvents(deps).map((event) => event.cdrId)).toEqual(['S1-1']);
  });

  it('finishes a billing that failed after its claim: still one CDR, published once', async () => {
    // Prepare
    const deps = await given();
    let failures = 1;
    const flaky: BillingRepository = {
      ...deps.billing,
      putCdr: async (cdr) => {
        if (failures-- > 0) throw new Error('throttled');
        return deps.billing.putCdr(cdr);
      },
    };

    // Act: the task fails after its claim; a duplicate execution runs meanwhile; the task's retry.
    const failed = await bill({ ...deps, billing: flaky }, 'S1', tenantId, 'exec-1').catch(
      (error: Error) => error.message,
    );
    const duplicate = await bill(deps, 'S1', tenantId, 'exec-2');
    const eventsBeforeRetry = billedEvents(deps).length;
    const retried = await bill(deps, 'S1', tenantId, 'exec-1');

    // Assess
    expect(failed).toBe('throttled');
    expect(duplicate).toMatchObject({ status: 'ALREADY_BILLED' });
    expect(eventsBeforeRetry).toBe(0);
    expect(billedEvents(deps)).toHaveLength(1);
    expect(retried).toEqual({ status: 'BILLED', sessionVersion: 1, cdrIds: ['S1-1'] });
    expect((await deps.billing.listCdrs(tenantId, { limit: 10 })).items.map((cdr) => cdr.id)).toEqual([
      'S1-1',
    ]);
    expect((await deps.billing.getLedger(tenantId, 'S1'))?.published).toBe(true);
  });

  it('publishes a claim whose execution died, once it is stale, from any later billing', async () => {
    // Prepare
    const deps = await given();
    const failing: BillingRepository = {
      ...deps.billing,
      putCdr: async () => {
        throw new Error('timed out');
      },
    };
    await bill({ ...deps, billing: failing }, 'S1', tenantId, 'exec-dead').catch(() => undefined);

    // Act
    const soon = await bill(deps);
    const eventsSoon = billedEvents(deps).length;
    deps.clock.advance(5 * 60_000);
    const later = await bill(deps);

    // Assess
    expect(soon).toMatchObject({ status: 'ALREADY_BILLED' });
    expect(eventsSoon).toBe(0);
    expect(later).toMatchObject({ status: 'ALREADY_BILLED' });
    expect(billedEvents(deps).map((event) => event.cdrId)).toEqual(['S1-1']);
    expect((await deps.billing.listCdrs(tenantId, { limit: 10 })).items.map((cdr) => cdr.id)).toEqual([
      'S1-1',
    ]);
  });

  it('a newer version credits the issued CDR and issues a new one, never an edit; older versions add nothing', async () => {
    // Prepare
    const deps = await given();
    await bill(deps);
    const issued = await getCdr(deps, { tenantId: tenantId, cdrId: 'S1-1' });
    deps.clock.set('2026-06-02T08:00:00.000Z');
    await correct(deps, { energyWh: 12_000 });

    // Act
    const rebilled = await bill(deps);
    const replayed = await bill(deps);

    // Assess
    expect(rebilled).toEqual({ status: 'BILLED', sessionVersion: 2, cdrIds: ['S1-1-CR', 'S1-2'] });
    expect(replayed).toMatchObject({ status: 'ALREADY_BILLED', billedVersion: 2 });
    const cdrs = (await deps.billing.listCdrs(tenantId, { limit: 10 })).items;
    expect(cdrs.map((cdr) => [cdr.id, cdr.credit, cdr.total_cost.incl_vat])).toEqual([
      ['S1-1', false, 3],
      ['S1-1-CR', true, -3],
      ['S1-2', false, 3.6],
    ]);
    expect(await getCdr(deps, { tenantId: tenantId, cdrId: 'S1-1' })).toEqual(issued);
    expect(cdrs[1]).toMatchObject({ credit_reference_id: 'S1-1' });
    // The credit negates the debit as issued: read from its CDR item, since the ledger holds no copy.
    expect(cdrs[1]?.total_cost).toEqual({
      excl_vat: -(issued?.total_cost.excl_vat ?? 0),
      incl_vat: -(issued?.total_cost.incl_vat ?? 0),
    });
    expect(cdrs[1]?.charging_periods).toEqual(issued?.charging_periods);
    expect((await deps.billing.getLedger(tenantId, 'S1'))?.cost.totalInclVat).toBe(360);
    expect(billedEvents(deps).map((event) => [event.cdrId, event.totalInclVat])).toEqual([
      ['S1-1', 300],
      ['S1-1-CR', -300],
      ['S1-2', 360],
    ]);
  });

  it('bills a session no tariff applies to at zero, with a line and an event that say so', async () => {
    // Prepare
    const deps = await createTestDependencies({});
    await deps.sessions.save(anEndedSession());

    // Act
    const outcome = await bill(deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'BILLED', cdrIds: ['S1-1'] });
    expect((await deps.billing.getLedger(tenantId, 'S1'))?.cost).toEqual({
      currency: 'EUR',
      totalExclVat: 0,
      totalVat: 0,
      totalInclVat: 0,
      lines: [{ kind: 'NO_TARIFF', exclVat: 0, vat: 0, inclVat: 0 }],
    });
    expect(await getCdr(deps, { tenantId: tenantId, cdrId: 'S1-1' })).toMatchObject({
      tariffs: [],
      total_energy: 10,
    });
    expect(billedEvents(deps)).toEqual([
      expect.objectContaining({ cdrId: 'S1-1', noTariff: true, totalInclVat: 0 }),
    ]);
  });

  it.each([
    ['an unknown session', undefined, 'unknown session'],
    ['a session still active', anEndedSession({ status: 'Active', endedAt: undefined }), 'not ended'],
  ] as const)('bills nothing for %s', async (_, session, reason) => {
    // Prepare
    const deps = await createTestDependencies({});
    if (session) {
      const { endedAt: _ended, ...active } = session;
      await deps.sessions.save(active as Session);
    }

    // Act
    const outcome = await bill(deps);

    // Assess
    expect(outcome).toEqual({ status: 'NOT_BILLABLE', reason });
    expect(await deps.billing.getLedger(tenantId, 'S1')).toBeUndefined();
    expect(billedEvents(deps)).toEqual([]);
  });

  it('lists CDRs by issue time in [from, to), pages with a cursor of that range only, per tenant', async () => {
    // Prepare
    const deps = await given();
    for (const [sessionId, at] of [
      ['S2', '2026-06-01T12:00:00.000Z'],
      ['S3', '2026-06-01T13:00:00.000Z'],
      ['S4', '2026-06-01T14:00:00.000Z'],
    ] as const) {
      await deps.sessions.save(anEndedSession({ sessionId, chargerTransactionId: sessionId }));
      deps.clock.set(at);
      await bill(deps, sessionId);
    }
    await deps.sessions.save(anEndedSession({ tenantId: 'tenant-b' }));
    await bill(deps, 'S1', 'tenant-b');

    // Act
    const window = { from: '2026-06-01T12:00:00.000Z', to: '2026-06-01T14:00:00.000Z' };
    const first = await deps.billing.listCdrs(tenantId, { ...window, limit: 1 });
    const second = await deps.billing.listCdrs(tenantId, { ...window, limit: 1, cursor: first.cursor! });
    const all = await deps.billing.listCdrs(tenantId, { limit: 10 });
    const otherRange = deps.billing.listCdrs(tenantId, {
      from: '2026-06-01T13:30:00.000Z',
      limit: 1,
      cursor: first.cursor!,
    });

    // Assess
    expect(first.items.map((cdr) => cdr.id)).toEqual(['S2-1']);
    expect(second.items.map((cdr) => cdr.id)).toEqual(['S3-1']);
    expect(second.cursor).toBeUndefined();
    expect(all.items.map((cdr) => cdr.id)).toEqual(['S2-1', 'S3-1', 'S4-1']);
    await expect(otherRange).rejects.toBeInstanceOf(InvalidCursorError);
    expect((await deps.billing.listCdrs('tenant-b', { limit: 10 })).items.map((cdr) => cdr.tenantId)).toEqual(
      ['tenant-b'],
    );
    expect(await getCdr(deps, { tenantId: 'tenant-b', cdrId: 'S2-1' })).toBeUndefined();
    expect(await getCdr(deps, { tenantId: tenantId, cdrId: 'not-a-cdr-id' })).toBeUndefined();
  });
});
