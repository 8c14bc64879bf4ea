import { describe, expect, it } from 'vitest';
import {
  kindFigures,
  steadyStateHeartbeatWriteShare,
  withSteadyStateHeartbeats,
} from '../../scripts/bench/kinds.ts';
import type { LabelUsage } from '../../scripts/bench/runtime-meter.ts';
import { referenceMix } from '../../scripts/simulator/reference-mix.ts';

const aUsage = (overrides: Partial<LabelUsage> = {}): LabelUsage => ({
  functionId: 'ws-default',
  action: 'Heartbeat',
  ocppVersion: 'ocpp2.0.1',
  failed: false,
  invocations: 4,
  invocationsWithWrites: 1,
  localHandlerMs: 8,
  dynamodb: {
    readRequests: 0,
    writeRequests: 1,
    readUnits: 0,
    writeUnits: 1,
    indexWriteUnits: 0,
    failedConditionalWrites: 0,
    itemBytesPut: 0,
    indexBytesPut: 0,
    operations: { UpdateItem: 1 },
  },
  events: {},
  putEventsCalls: 0,
  workflowStarts: {},
  connectionManagement: {},
  bytesIn: 80,
  bytesOut: 160,
  postedBytes: 0,
  framesOut: 4,
  ...overrides,
});

describe('kindFigures', () => {
  it('averages what the invocations of a kind cost over both versions, leaving failed ones out', () => {
    // Prepare
    const usage = {
      'ocpp2.0.1 Heartbeat': aUsage(),
      'ocpp1.6 Heartbeat': aUsage({
        ocppVersion: 'ocpp1.6',
        invocations: 4,
        invocationsWithWrites: 0,
        dynamodb: { ...aUsage().dynamodb, writeRequests: 0, writeUnits: 0 },
      }),
      'ocpp2.0.1 Heartbeat → failed': aUsage({ failed: true, invocations: 100 }),
    };

    // Act
    const kinds = kindFigures(usage);

    // Assess
    expect(kinds.Heartbeat).toMatchObject({
      samples: 8,
      withWrites: 1 / 8,
      dynamodb: { writeRequests: 1 / 8, writeUnits: 1 / 8 },
      webSocket: { messagesIn: 1, messagesOut: 1, bytesIn: 20, bytesOut: 40 },
      lambdaInvocations: { 'ws-default': 1 },
    });
  });
});

describe('kindFigures of the one-way $default', () => {
  it('counts the answers posted with PostToConnection as the messages and bytes sent', () => {
    // Prepare: nothing returned, each answer posted (85 bytes); one frame also posted a queued CALL.
    const usage = {
      'ocpp2.0.1 Heartbeat': aUsage({
        bytesOut: 0,
        postedBytes: 4 * 85 + 120,
        framesOut: 5,
        connectionManagement: { PostToConnection: 5 },
      }),
    };

    // Act
    const kinds = kindFigures(usage);

    // Assess
    expect(kinds.Heartbeat?.webSocket).toEqual({
      messagesIn: 1,
      messagesOut: 5 / 4,
      bytesIn: 20,
      bytesOut: (4 * 85 + 120) / 4,
    });
    expect(kinds.Heartbeat?.connectionManagementCalls).toBe(5 / 4);
  });
});

describe('steady-state Heartbeats', () => {
  it('writes 3 Heartbeats of a 2-hour connection whatever the interval: 3 of 13 at 540 s, 3 of 23 at 300 s', () => {
    // Act
    const atMix = steadyStateHeartbeatWriteShare(referenceMix);
    const at300 = steadyStateHeartbeatWriteShare({ ...referenceMix, heartbeatIntervalSeconds: 300 });

    // Assess
    expect(referenceMix.heartbeatIntervalSeconds).toBe(540);
    expect(atMix).toBeCloseTo(3 / 13, 10);
    expect(at300).toBeCloseTo(3 / 23, 10);
  });

  it('starts from the measured writes when applied again for another mix', () => {
    // Prepare
    const measured = kindFigures({
      'ocpp2.0.1 Heartbeat': aUsage({
        invocationsWithWrites: 0,
        dynamodb: { ...aUsage().dynamodb, writeRequests: 0, writeUnits: 0 },
      }),
    }).Heartbeat;
    const at540 = withSteadyStateHeartbeats(measured, referenceMix);

    // Act
    const at300 = withSteadyStateHeartbeats(at540, { ...referenceMix, heartbeatIntervalSeconds: 300 });
    const back = withSteadyStateHeartbeats(at300, referenceMix);

    // Assess
    expect(at540?.withWrites).toBeCloseTo(3 / 13, 10);
    expect(at300?.withWrites).toBeCloseTo(3 / 23, 10);
    expect(at300?.dynamodb.writeRequests).toBeCloseTo(3 / 23, 10);
    expect(at300?.measuredWrites).toEqual({ withWrites: 0, writeRequests: 0, writeUnits: 0 });
    expect(back).toEqual(at540);
  });

  it('keeps a measurement that is above the steady state, unchanged', () => {
    // Prepare
    const measured = kindFigures({
      'ocpp2.0.1 Heartbeat': aUsage({ invocations: 2, invocationsWithWrites: 1 }),
    }).Heartbeat;

    // Act
    const steady = withSteadyStateHeartbeats(measured, referenceMix);

    // Assess
    expect(steady).toEqual(measured);
  });

  it('takes the steady-state share when a short run measured fewer writes', () => {
    // Prepare
    const measured = kindFigures({
      'ocpp2.0.1 Heartbeat': aUsage({
        invocationsWithWrites: 0,
        dynamodb: { ...aUsage().dynamodb, writeRequests: 0, writeUnits: 0 },
      }),
    }).Heartbeat;

    // Act
    const steady = withSteadyStateHeartbeats(measured, referenceMix);

    // Assess
    expect(steady?.withWrites).toBeCloseTo(3 / 13, 10);
    expect(steady?.dynamodb.writeUnits).toBeCloseTo(3 / 13, 10);
  });
});
