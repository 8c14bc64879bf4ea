import { describe, expect, it } from 'vitest';
import { settleWiringChanges } from '../../../shared/slices/load-management/charger-wiring.ts';
import { circuitTreeIssues, pathToRoot } from '../../../shared/slices/load-management/circuit-tree.ts';
import type { Circuit } from '../../../shared/slices/load-management/model.ts';

const c = (circuitId: string, parentCircuitId?: string, maxCurrentA = 32): Circuit => ({
  circuitId,
  maxCurrentA,
  ...(parentCircuitId !== undefined && { parentCircuitId }),
});

describe('circuitTreeIssues', () => {
  it.each<[string, Circuit[], { field: string; message: RegExp }[]]>([
    ['no circuits', [], []],
    ['a 3-level tree', [c('main'), c('feeder', 'main'), c('fuse', 'feeder')], []],
    ['a child with a higher limit than its parent', [c('main', undefined, 16), c('sub', 'main', 63)], []],
    ['two roots', [c('a'), c('b')], []],
    [
      'an unknown parent',
      [c('a'), c('b', 'nope')],
      [{ field: 'circuits.1.parentCircuitId', message: /unknown parent circuit nope/ }],
    ],
    ['a duplicate id', [c('a'), c('a')], [{ field: 'circuits.1.circuitId', message: /duplicate circuit a/ }]],
    ['its own parent', [c('a', 'a')], [{ field: 'circuits.0.parentCircuitId', message: /cycle/ }]],
    [
      'a 3-cycle (every member is reported)',
      [c('a', 'c'), c('b', 'a'), c('c', 'b')],
      [
        { field: 'circuits.0.parentCircuitId', message: /cycle/ },
        { field: 'circuits.1.parentCircuitId', message: /cycle/ },
        { field: 'circuits.2.parentCircuitId', message: /cycle/ },
      ],
    ],
    [
      'a branch that leads into a cycle',
      [c('x', 'a'), c('a', 'b'), c('b', 'a')],
      [
        { field: 'circuits.0.parentCircuitId', message: /cycle/ },
        { field: 'circuits.1.parentCircuitId', message: /cycle/ },
        { field: 'circuits.2.parentCircuitId', message: /cycle/ },
      ],
    ],
  ])('%s', (_, circuits, expected) => {
    // Act
    const issues = circuitTreeIssues(circuits);

    // Assess
    expect(issues).toEqual(
      expected.map((e) => ({ field: e.field, message: expect.stringMatching(e.message) })),
    );
  });
});

describe('pathToRoot', () => {
  const tree = new Map([c('main'), c('feeder', 'main'), c('fuse', 'feeder')].map((x) => [x.circuitId, x]));

  it.each<[string | undefined, string[]]>([
    ['fuse', ['fuse', 'feeder', 'main']],
    ['main', ['main']],
    [undefined, []],
    ['unknown', []],
  ])('from %s', (from, expected) => expect(pathToRoot(tree, from)).toEqual(expected));
});

describe('settleWiringChanges', () => {
  const tree = { circuits: [c('main'), c('feeder', 'main')] };

  it.each<
    [
      string,
      Parameters<typeof settleWiringChanges>[0],
      Parameters<typeof settleWiringChanges>[1],
      Parameters<typeof settleWiringChanges>[2],
      ReturnType<typeof settleWiringChanges>,
    ]
  >([
    [
      'a circuit of the site',
      { siteId: 's1' },
      { circuitId: 'feeder', maxCurrentA: 16 },
      tree,
      { ok: true, changes: { circuitId: 'feeder', maxCurrentA: 16 } },
    ],
    [
      'a circuit not in the tree',
      { siteId: 's1' },
      { circuitId: 'nope' },
      tree,
      { ok: false, issue: { field: 'circuitId', message: expect.stringContaining('not in') } },
    ],
    [
      'a circuit on an unmanaged site',
      { siteId: 's1' },
      { circuitId: 'main' },
      undefined,
      { ok: false, issue: { field: 'circuitId', message: expect.any(String) } },
    ],
    [
      'a circuit for a charger without a site',
      {},
      { circuitId: 'main' },
      undefined,
      { ok: false, issue: { field: 'circuitId', message: 'a charger without a site has no circuit' } },
    ],
    [
      'a phase for a three-phase charger',
      { siteId: 's1' },
      { phase: 'L2' },
      tree,
      { ok: false, issue: { field: 'phase', message: expect.stringContaining('single-phase') } },
    ],
    [
      'a phase with phases 1 in the same change',
      { siteId: 's1' },
      { phases: 1, phase: 'L2' },
      tree,
      { ok: true, changes: { phases: 1, phase: 'L2' } },
    ],
    [
      'a phase for a charger already single-phase',
      { siteId: 's1', phases: 1 },
      { phase: 'L3' },
      tree,
      { ok: true, changes: { phase: 'L3' } },
    ],
    [
      'made three-phase: its phase goes',
      { siteId: 's1', phases: 1, phase: 'L1' },
      { phases: 3 },
      tree,
      { ok: true, changes: { phases: 3, phase: null } },
    ],
    [
      'moved to another site: its circuit stays behind',
      { siteId: 's1', circuitId: 'feeder' },
      { siteId: 's2' },
      undefined,
      { ok: true, changes: { circuitId: null } },
    ],
    [
      'moved with a circuit of the new site',
      { siteId: 's1', circuitId: 'feeder' },
      { siteId: 's2', circuitId: 'main' },
      tree,
      { ok: true, changes: { circuitId: 'main' } },
    ],
    [
      'the same site again keeps the circuit',
      { siteId: 's1', circuitId: 'feeder' },
      { siteId: 's1' },
      undefined,
      { ok: true, changes: {} },
    ],
    [
      'the circuit removed',
      { siteId: 's1', circuitId: 'feeder' },
      { circuitId: null },
      undefined,
      { ok: true, changes: { circuitId: null } },
    ],
  ])('%s', (_, charger, changes, settings, expected) => {
    expect(settleWiringChanges(charger, changes, settings)).toEqual(expected);
  });
});
