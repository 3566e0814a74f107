// ISO 8601 durations, parsed by luxon and applied with calendar-correct arithmetic.
import { utcMillis } from "@pim-audit/model";
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

/** Epoch milliseconds of an ISO 8601 instant; plain numbers keep comparisons over many assignments cheap. */
export function instant(iso: string): number {
  return utcMillis(iso) ?? Date.parse(iso);
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
