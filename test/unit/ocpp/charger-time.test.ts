import { describe, expect, it } from 'vitest';
import { chargerTimeMs, latestChargerTime, readChargerTime } from '../../../shared/ocpp/charger-time.ts';

const receivedAt = '2026-06-30T12:00:00.000Z';

describe('readChargerTime', () => {
  it.each([
    ['a UTC time', '2026-06-30T11:00:00Z', { at: '2026-06-30T11:00:00.000Z' }],
    ['an offset, as UTC', '2026-06-30T13:00:00+02:00', { at: '2026-06-30T11:00:00.000Z' }],
    ['fractions of a second', '2026-06-30T11:00:00.123456Z', { at: '2026-06-30T11:00:00.123Z' }],
    [
      'a leap second, as the last millisecond of its minute',
      '2026-06-29T23:59:60Z',
      { at: '2026-06-29T23:59:59.999Z' },
    ],
    [
      'a leap second with fractions and an offset',
      '2026-06-30T01:59:60.5+02:00',
      { at: '2026-06-29T23:59:59.999Z' },
    ],
    ['a time long ago (an offline queue)', '2001-01-01T00:00:00Z', { at: '2001-01-01T00:00:00.000Z' }],
    ['a time within the skew bound', '2026-06-30T12:05:00Z', { at: '2026-06-30T12:05:00.000Z' }],
    ['a time beyond the skew bound', '2026-06-30T12:05:01Z', { at: receivedAt, futureSkewSeconds: 301 }],
    [
      'the year 9999',
      '9999-12-31T23:59:59Z',
      {
        at: receivedAt,
        futureSkewSeconds: (Date.parse('9999-12-31T23:59:59Z') - Date.parse(receivedAt)) / 1000,
      },
    ],
    [
      'a leap second beyond the bound',
      '2099-12-31T23:59:60Z',
      { at: receivedAt, futureSkewSeconds: expect.any(Number) },
    ],
    ['no time', undefined, { at: receivedAt }],
    ['a time no clock shows', '2026-02-30T25:00:00Z', { at: receivedAt }],
  ])('reads %s', (_case, timestamp, expected) => {
    // Act & Assess
    expect(readChargerTime(timestamp, receivedAt, 300)).toEqual(expected);
  });

  it('bounds by the setting given', () => {
    // Act & Assess
    expect(readChargerTime('2026-06-30T12:00:01Z', receivedAt, 0)).toEqual({
      at: receivedAt,
      futureSkewSeconds: 1,
    });
    expect(readChargerTime('2026-06-30T12:59:00Z', receivedAt, 3600).at).toBe('2026-06-30T12:59:00.000Z');
  });
});

describe('chargerTimeMs', () => {
  it('keeps a leap second after the second before it and before the next minute', () => {
    // Act
    const [before, leap, after] = ['23:59:59.998', '23:59:60', '00:00:00'].map((time, i) =>
      chargerTimeMs(`2026-06-${i === 2 ? '30' : '29'}T${time}Z`),
    );

    // Assess
    expect(before! < leap!).toBe(true);
    expect(leap! < after!).toBe(true);
  });
});

describe('latestChargerTime', () => {
  it('is the time received plus the bound', () => {
    // Act & Assess
    expect(latestChargerTime(receivedAt, 300)).toBe('2026-06-30T12:05:00.000Z');
  });
});
