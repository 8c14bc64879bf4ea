import { describe, expect, it } from 'vitest';
import { createSampleEventGate } from '../../shared/slices/transactions/adapters/sample-event-gate.ts';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();

describe('createSampleEventGate', () => {
  it('lets the first sample of a session through, then one per interval of the charger clock', () => {
    // Prepare
    const gate = createSampleEventGate(5 * 60);

    // Act
    const due = [0, 1, 4, 5, 6, 9, 10].map((minute) => gate.due('S1', at(minute)));

    // Assess
    expect(due).toEqual([true, false, false, true, false, false, true]);
  });

  it('keeps sessions apart', () => {
    // Prepare
    const gate = createSampleEventGate(5 * 60);
    gate.due('S1', at(0));

    // Act & Assess
    expect(gate.due('S2', at(1))).toBe(true);
    expect(gate.due('S1', at(1))).toBe(false);
  });

  it('holds back a sample older than the last one let through (a late delivery)', () => {
    // Prepare
    const gate = createSampleEventGate(5 * 60);
    gate.due('S1', at(30));

    // Act & Assess
    expect(gate.due('S1', at(10))).toBe(false);
  });

  it('lets every sample through at interval 0', () => {
    // Prepare
    const gate = createSampleEventGate(0);

    // Act & Assess
    expect([gate.due('S1', at(0)), gate.due('S1', at(0)), gate.due('S1', at(1))]).toEqual([true, true, true]);
  });

  it('forgets the least recently used session beyond its capacity', () => {
    // Prepare
    const gate = createSampleEventGate(5 * 60, 2);
    gate.due('S1', at(0));
    gate.due('S2', at(0));

    // Act
    gate.due('S3', at(0));

    // Assess
    expect(gate.due('S2', at(1))).toBe(false);
    expect(gate.due('S1', at(1))).toBe(true);
  });
});
