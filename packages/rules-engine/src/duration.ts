// ISO 8601 durations, parsed by luxon and applied with calendar-correct arithmetic.
import { DateTime, Duration } from "luxon";

export function isIsoDuration(text: string): boolean {
  return /^P/.test(text) && Duration.fromISO(text).isValid;
}

export function parseDuration(text: string): Duration {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) throw new Error(`not an ISO 8601 duration: ${text}`);
  return duration;
}

export function utc(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: "utc" });
}

/** The number written at `from` in `count` decimal digits, or -1 when a character there is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Epoch milliseconds of an ISO 8601 instant; plain numbers keep comparisons over many assignments cheap.
 * The two forms the snapshot holds (2026-11-01T12:00:00Z and 2026-11-01T12:00:00.000Z) are read by position,
 * a several times cheaper step per date than Date.parse; anything else, or a field out of range, is Date.parse's.
 */
export function instant(iso: string): number {
  const length = iso.length;
  if (
    (length === 20 || (length === 24 && iso.charCodeAt(19) === 46)) &&
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 &&
    iso.charCodeAt(13) === 58 &&
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(length - 1) === 90
  ) {
    const year = digitsAt(iso, 0, 4);
    const month = digitsAt(iso, 5, 2);
    const day = digitsAt(iso, 8, 2);
    const hour = digitsAt(iso, 11, 2);
    const minute = digitsAt(iso, 14, 2);
    const second = digitsAt(iso, 17, 2);
    const millisecond = length === 24 ? digitsAt(iso, 20, 3) : 0;
    // Date.UTC reads years below 100 as 19xx, so those stay with Date.parse.
    if (
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      millisecond >= 0
    )
      return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  }
  return Date.parse(iso);
}

const DAY_MS = 86_400_000;

/**
 * `from + duration` in epoch milliseconds, as a function of `from`; the duration is split once, not per
 * assignment. Days, hours and smaller units are fixed lengths in UTC, so they are one addition. Months and
 * years go through luxon's calendar arithmetic (P1M from 31 January is 28 February); in UTC that moves the
 * date and keeps the time of day, so the shift depends only on the UTC day of `from` and is asked of luxon
 * once per day.
 */
export function durationAdder(duration: Duration): (from: number) => number {
  const { years, quarters, months } = duration.toObject();
  if (!years && !quarters && !months) {
    const length = duration.as("milliseconds");
    return (from) => from + length;
  }
  const shiftByDay = new Map<number, number>();
  return (from) => {
    const day = Math.floor(from / DAY_MS) * DAY_MS;
    let shift = shiftByDay.get(day);
    if (shift === undefined) {
      shift = DateTime.fromMillis(day, { zone: "utc" }).plus(duration).toMillis() - day;
      shiftByDay.set(day, shift);
    }
    return from + shift;
  };
}

/** Human form of an ISO duration for messages: P90D -> "90 days", PT8H -> "8 hours". */
export function describeDuration(text: string): string {
  const parts = Object.entries(parseDuration(text).toObject()).filter(([, value]) => value !== 0);
  if (parts.length === 0) return "0 days";
  return parts.map(([unit, value]) => `${value} ${value === 1 ? unit.replace(/s$/, "") : unit}`).join(" ");
}

/** Days between two instants, rounded down, for facts. */
export function wholeDays(from: DateTime, to: DateTime): number {
  return Math.floor(to.diff(from, "days").days);
}
