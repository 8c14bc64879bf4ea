import { describe, expect, it } from 'vitest';
import type { EventDataType } from '../../../shared/ocpp/generated/ocpp201.ts';
import {
  connectorStatusOf,
  eventsOfNotification,
  recordNotifiedEvents,
} from '../../../shared/slices/device-model/device-events.ts';
import { defaultSelfHealingSettings } from '../../../shared/slices/self-healing/model.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';
import { aMessageContext, givenCharger } from '../domain/builders.ts';

const ctx = aMessageContext({ ocppVersion: 'ocpp2.0.1' });
const receivedAt = '2026-01-01T00:00:10.000Z';

const anEvent = (overrides: Partial<EventDataType> = {}): EventDataType => ({
  eventId: 1,
  timestamp: '2026-01-01T01:00:00+01:00',
  trigger: 'Delta',
  actualValue: 'Faulted',
  component: { name: 'Connector', evse: { id: 1, connectorId: 2 } },
  variable: { name: 'AvailabilityState' },
  eventNotificationType: 'HardWiredNotification',
  ...overrides,
});

const eventOf = (overrides: Partial<EventDataType> = {}) =>
  eventsOfNotification(
    ctx,
    { generatedAt: receivedAt, seqNo: 0, eventData: [anEvent(overrides)] },
    receivedAt,
  )[0]!;

describe('eventsOfNotification', () => {
  it('maps an event with its time in UTC', () => {
    // Act & Assess
    expect(eventOf({ techCode: 'E1', cleared: false })).toEqual({
      tenantId: ctx.tenantId,
      chargerId: ctx.chargerId,
      component: { name: 'Connector', evseId: 1, connectorId: 2 },
      variable: { name: 'AvailabilityState' },
      eventId: 1,
      timestamp: '2026-01-01T00:00:00.000Z',
      trigger: 'Delta',
      actualValue: 'Faulted',
      techCode: 'E1',
      cleared: false,
      eventNotificationType: 'HardWiredNotification',
      receivedAt,
    });
  });

  it('stores a secret variable’s value as ***', () => {
    // Act & Assess
    expect(
      eventOf({
        component: { name: 'SecurityCtrlr' },
        variable: { name: 'BasicAuthPassword' },
        actualValue: 'p',
      }).actualValue,
    ).toBe('***');
  });
});

describe('connectorStatusOf', () => {
  it.each([
    ['a Faulted connector', {}, { evseId: 1, connectorId: 2, status: 'Faulted' }],
    [
      'names in another case',
      {
        component: { name: 'connector', evse: { id: 1, connectorId: 2 } },
        variable: { name: 'availabilitystate' },
      },
      { evseId: 1, connectorId: 2, status: 'Faulted' },
    ],
    [
      'an Available connector',
      { actualValue: 'Available' },
      { evseId: 1, connectorId: 2, status: 'Available' },
    ],
    ['a value that is no connector status', { actualValue: 'Broken' }, undefined],
    ['an EVSE (no connector)', { component: { name: 'EVSE', evse: { id: 1 } } }, undefined],
    ['a connector without its EVSE', { component: { name: 'Connector' } }, undefined],
    ['another variable', { variable: { name: 'Problem' } }, undefined],
  ])('%s', (_, overrides, expected) => {
    // Act & Assess
    expect(connectorStatusOf(eventOf(overrides))).toEqual(expected);
  });
});

describe('recordNotifiedEvents', () => {
  it.each([
    [true, true],
    [false, false],
  ])(
    'publishes a Faulted AvailabilityState for self-healing only when the tenant has it on (on: %s)',
    async (on, marked) => {
      // Prepare
      const deps = await createTestDependencies();
      await givenCharger(deps);
      await deps.selfHealing.putSettings({ ...defaultSelfHealingSettings(ctx.tenantId), enabled: on });
      deps.clock.set(receivedAt);

      // Act
      await recordNotifiedEvents(deps, ctx, { generatedAt: receivedAt, seqNo: 0, eventData: [anEvent()] });

      // Assess
      const changes = deps.events.published.filter((event) => event.name === 'connectorStatusChanged');
      expect(changes.map((event) => event.detail)).toEqual([
        expect.objectContaining({ evseId: 1, connectorId: 2, status: 'Faulted' }),
      ]);
      expect('selfHealing' in changes[0]!.detail).toBe(marked);
    },
  );
});
