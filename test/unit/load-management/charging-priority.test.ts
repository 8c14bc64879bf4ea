import { describe, expect, it } from 'vitest';
import { allocate } from '../../../shared/slices/load-management/allocation.ts';
import {
  priorityWeight,
  sessionPriorityOf,
} from '../../../shared/slices/load-management/charging-priority.ts';
import { aCharger, aSession, aSite, limitsOf } from './builders.ts';

describe('priorityWeight: a chargingPriority (-9…9) as a share weight, 2^(p/3)', () => {
  it.each([
    ['the default 0 weighs 1', 0, 1],
    ['3 doubles the share', 3, 2],
    ['6 quadruples it', 6, 4],
    ['9, the highest, weighs 8', 9, 8],
    ['-3 halves it', -3, 0.5],
    ['-9, the lowest, weighs 1/8', -9, 0.125],
    ['1 weighs the cube root of 2', 1, 2 ** (1 / 3)],
    ['above the range: taken at 9', 12, 8],
    ['below the range: taken at -9', -20, 0.125],
    ['not a number: the default', Number.NaN, 1],
  ])('%s', (_, priority, expected) => {
    // Act
    const weight = priorityWeight(priority);

    // Assess
    expect(weight).toBeCloseTo(expected, 12);
  });

  it('grows with the priority over the whole range', () => {
    // Prepare
    const range = Array.from({ length: 19 }, (_, i) => i - 9);

    // Act
    const weights = range.map(priorityWeight);

    // Assess
    expect(weights.every((weight, i) => i === 0 || weight > weights[i - 1]!)).toBe(true);
  });
});

describe('sessionPriorityOf: the vehicle’s priority wins over the id token’s', () => {
  it.each([
    ['neither has one: 0', {}, 0],
    ['the token’s alone', { idToken: { chargingPriority: 3 } }, 3],
    ['the vehicle’s alone', { vehicle: { chargingPriority: -2 } }, -2],
    ['both: the vehicle’s', { vehicle: { chargingPriority: 1 }, idToken: { chargingPriority: 9 } }, 1],
    [
      'a vehicle 0 is a priority too',
      { vehicle: { chargingPriority: 0 }, idToken: { chargingPriority: 9 } },
      0,
    ],
    ['a vehicle without one: the token’s', { vehicle: {}, idToken: { chargingPriority: 4 } }, 4],
  ])('%s', (_, sources, expected) => {
    // Act
    const priority = sessionPriorityOf(sources);

    // Assess
    expect(priority).toBe(expected);
  });
});

describe('a priority-3 session against a priority-0 one at a 30 A site', () => {
  it('gets twice the current (20 A and 10 A)', () => {
    // Prepare
    const chargers = [aCharger('A', { maxCurrentA: 32 }), aCharger('B', { maxCurrentA: 32 })];
    const sessions = [
      aSession('A', { priority: priorityWeight(3) }),
      aSession('B', { priority: priorityWeight(0) }),
    ];

    // Act
    const allocation = allocate({
      site: aSite(30),
      chargers,
      sessions,
      now: new Date('2026-12-03T12:00:00.000Z'),
    });

    // Assess
    expect(limitsOf(allocation)).toEqual({ 'S-A': 20, 'S-B': 10 });
  });
});
