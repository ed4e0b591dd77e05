/**
 * Date and time helpers for the demo. Everything is computed in UTC milliseconds and only formatted at the end, so
 * the output never depends on the time zone of the machine that generates it.
 */

export const DAY_MS = 86_400_000;

const DAYS = new Map<number, string>();

/** `YYYY-MM-DD` of a UTC instant. Memoised per day: a large run formats the same few thousand days millions of times. */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = DAYS.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    DAYS.set(day, text);
  }
  return text;
}

/** Midnight UTC of a `YYYY-MM-DD` date. */
export function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** `YYYY-MM-DD` plus whole calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return isoDate(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay)));
}

/** Minutes east of UTC of an offset such as `-05:00`. */
export function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
}

/** Local wall-clock time with its offset and milliseconds, as ODK and KoboToolbox record `start` and `end`. */
export function localTimestamp(utcMs: number, offset: string): string {
  const local = new Date(utcMs + offsetMinutes(offset) * 60_000);
  return `${local.toISOString().slice(0, 23)}${offset}`;
}

/** KoboToolbox's `_submission_time`: UTC to the second, without an offset. */
export function koboSubmissionTime(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19);
}

/** Years between two instants, as a fraction. */
export function yearsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / (365.25 * DAY_MS);
}
