import { describe, expect, it } from 'vitest';
import type { EventDataType } from '../../../shared/ocpp/generated/ocpp201.ts';
import {
  connectorStatusOf,
  eventsOfNotification,
} from '../../../shared/slices/device-model/device-events.ts';
import { aMessageContext } from '../domain/builders.ts';

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
