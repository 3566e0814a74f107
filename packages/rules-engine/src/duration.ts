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

/** Epoch milliseconds of an ISO 8601 instant; plain numbers keep comparisons over many assignments cheap. */
export function instant(iso: string): number {
  return Date.parse(iso);
}

/**
 * `from + duration` in epoch milliseconds. Days, hours and smaller units are fixed lengths in UTC; months
 * and years go through luxon's calendar arithmetic (P1M from 31 January is 28 February).
 */
export function addDuration(from: number, duration: Duration): number {
  const { years, quarters, months } = duration.toObject();
  if (!years && !quarters && !months) return from + duration.as("milliseconds");
  return DateTime.fromMillis(from, { zone: "utc" }).plus(duration).toMillis();
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
