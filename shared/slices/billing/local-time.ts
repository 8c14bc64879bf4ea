/**
 * Wall-clock time in an IANA time zone, from the runtime's ICU data (`Intl`): tariff restrictions (times of day,
 * dates, days of week) are read in the site's local time, DST changes included.
 */
import type { DayOfWeek } from './model.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the runtime knows the IANA time zone (e.g. `Europe/Amsterdam`, `UTC`). */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
};

export interface LocalTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  readonly dayOfWeek: DayOfWeek;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The wall-clock time of an instant (epoch milliseconds) in the time zone. */
export const localTimeOf = (epochMs: number, timeZone: string): LocalTime => {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(Math.floor(epochMs)))) {
    parts[part.type] = part.value;
  }
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    year,
    month,
    day,
    secondOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
    dayOfWeek: parts.weekday!.toUpperCase() as DayOfWeek,
  };
};

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds). */
export const offsetAt = (epochMs: number, timeZone: string): number => {
  const local = localTimeOf(epochMs, timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day) + local.secondOfDay * 1000;
  return wall - Math.floor(epochMs / 1000) * 1000;
};

/**
 * The instant a wall-clock time occurs in the zone. A time skipped by a DST change (02:30 when clocks jump from
 * 02:00 to 03:00) maps to the instant the clocks passed it; a time that occurs twice maps to one of the two.
 * Callers only use it to find candidate boundaries, then read the wall clock again with `localTimeOf`.
 */
export const instantOfLocal = (
  date: { year: number; month: number; day: number },
  secondOfDay: number,
  timeZone: string,
): number => {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + secondOfDay * 1000;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
};

/** The calendar day after `date`. */
export const nextDay = (date: { year: number; month: number; day: number }) => {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};
