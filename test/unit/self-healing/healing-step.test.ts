import { describe, expect, it } from 'vitest';
import {
  type ChargerHealth,
  type HealingStep,
  nextHealingStep,
} from '../../../shared/slices/self-healing/healing-step.ts';
import type { AttemptStep } from '../../../shared/slices/self-healing/model.ts';

const settings = { enabled: true, faultedDelaySeconds: 300, maxResets: 2, rebootWaitSeconds: 180 };
const faultedSince = '2026-12-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(faultedSince) + seconds * 1000);
const step = (name: AttemptStep['step'], seconds: number): AttemptStep => ({
  step: name,
  at: at(seconds).toISOString(),
});
const faulted: ChargerHealth = { faulted: [{ evseId: 1, connectorId: 1 }], transactionRunning: false };
const recovered: ChargerHealth = { faulted: [], transactionRunning: false };
const charging: ChargerHealth = { ...faulted, transactionRunning: true };

const soft = step('softReset', 300);
const hard = step('hardReset', 480);

describe('nextHealingStep', () => {
  const cases: [string, Partial<typeof settings>, AttemptStep[], ChargerHealth, number, HealingStep][] = [
    ['at the fault: waits the whole delay', {}, [], faulted, 0, { kind: 'wait', seconds: 300 }],
    [
      'part of the delay gone: waits the rest, rounded up',
      {},
      [],
      faulted,
      100.5,
      { kind: 'wait', seconds: 200 },
    ],
    ['still Faulted after the delay: a soft reset', {}, [], faulted, 300, { kind: 'softReset' }],
    [
      'recovered before the delay: closes silently',
      {},
      [],
      recovered,
      300,
      { kind: 'close', outcome: 'recovered' },
    ],
    ['a transaction runs: never a reset', {}, [], charging, 300, { kind: 'close', outcome: 'transaction' }],
    [
      'turned off meanwhile: closes',
      { enabled: false },
      [],
      faulted,
      300,
      { kind: 'close', outcome: 'disabled' },
    ],
    ['after the soft reset: waits for the reboot', {}, [soft], faulted, 300, { kind: 'wait', seconds: 180 }],
    ['still Faulted after the reboot: a hard reset', {}, [soft], faulted, 480, { kind: 'hardReset' }],
    [
      'recovered after the soft reset: closes, no incident',
      {},
      [soft],
      recovered,
      480,
      { kind: 'close', outcome: 'recovered' },
    ],
    [
      'a session started after the soft reset: closes',
      {},
      [soft],
      charging,
      480,
      { kind: 'close', outcome: 'transaction' },
    ],
    [
      'after the hard reset: waits for the reboot',
      {},
      [soft, hard],
      faulted,
      500,
      { kind: 'wait', seconds: 160 },
    ],
    [
      'maxResets spent and still Faulted: an incident',
      {},
      [soft, hard],
      faulted,
      660,
      { kind: 'openIncident' },
    ],
    [
      'maxResets 3: a second hard reset first',
      { maxResets: 3 },
      [soft, hard],
      faulted,
      660,
      { kind: 'hardReset' },
    ],
    [
      'maxResets 1: the soft reset, then an incident',
      { maxResets: 1 },
      [soft],
      faulted,
      480,
      { kind: 'openIncident' },
    ],
    [
      'incident recorded: closes as an incident, whatever the charger says now',
      {},
      [soft, hard, step('openIncident', 660)],
      recovered,
      661,
      { kind: 'close', outcome: 'incident' },
    ],
    // A charger that reboots in a loop keeps reporting Faulted: the resets stay at maxResets.
    [
      'a retried task just after a reset: waits, does not reset again',
      {},
      [soft],
      faulted,
      301,
      { kind: 'wait', seconds: 179 },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, steps, health, seconds, expected) => {
    // Act
    const next = nextHealingStep({ ...settings, ...overrides }, { faultedSince, steps }, health, at(seconds));

    // Assess
    expect(next).toEqual(expected);
  });

  it('never resets more than maxResets times, however long the charger stays Faulted', () => {
    // Prepare
    const steps: AttemptStep[] = [];
    let now = 0;

    // Act
    for (let round = 0; round < 20; round += 1) {
      const next = nextHealingStep(settings, { faultedSince, steps }, faulted, at(now));
      if (next.kind === 'wait') now += next.seconds;
      else if (next.kind === 'close') break;
      else steps.push(step(next.kind, now));
    }

    // Assess
    expect(steps.map((s) => [s.step, s.at])).toEqual([
      ['softReset', at(300).toISOString()],
      ['hardReset', at(480).toISOString()],
      ['openIncident', at(660).toISOString()],
    ]);
  });
});
