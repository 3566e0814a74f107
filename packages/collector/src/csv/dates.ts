// Dates as admin-center exports write them: ISO 8601 or the browser locale's short form (Intl/CLDR
// patterns such as en-US `11/27/2026, 3:12:00 PM`, en-GB `27/11/2026, 15:12:00`, de-DE `27.11.2026, 15:12:00`,
// ja-JP `2026/11/27 15:12:00`), all taken as UTC, as the column names say.
import { strictIsoMillis } from "@pim-audit/model";

/** Which field of a `a/b/yyyy` date is the day: dmy (27/11/2026) or mdy (11/27/2026). */
export type DateOrder = "dmy" | "mdy";
export const DATE_ORDERS: readonly DateOrder[] = ["dmy", "mdy"];

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MERIDIEM = String.raw`([AaPp]\.?[Mm]\.?)`;
const TIME = String.raw`(?:(?:,|\s+klo)?\s+|T)(?:${MERIDIEM}\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*${MERIDIEM})?`;
/** ja-JP, zh-CN `2026/11/27`, ko-KR and hu-HU `2026. 11. 27.` */
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[./-]\s?(\d{1,2})[./-]\s?(\d{1,2})\.?(?:${TIME})?$`);
/** de-DE, ru-RU, pl-PL, fi-FI, da-DK `27.11.2026`: a dotted date is day first in every locale that writes one. */
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:${TIME})?$`);
/** en-US `11/27/2026` or en-GB, fr-FR, nl-NL `27/11/2026`, `27-11-2026`: the order is the file's to tell. */
const SLASHED = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:${TIME})?$`);

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  meridiem: string | undefined;
}

/** A date cell read as far as it can be without knowing the file's day/month order. */
export type DateReading =
  | { kind: "exact"; parts: Parts }
  | { kind: "slashed"; first: number; second: number; parts: Parts };

function timeOf(m: RegExpExecArray, from: number): Omit<Parts, "year" | "month" | "day"> {
  const [before, hour, minute, second, after] = m.slice(from, from + 5);
  return {
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    meridiem: (before ?? after)?.replace(/\./g, "").toLowerCase(),
  };
}

/** Reads the shape of a date cell; undefined when it is no date form this importer knows. */
export function readExportDate(text: string): DateReading | { kind: "iso"; iso: string } | undefined {
  const value = text.trim();
  if (ISO.test(value)) {
    // Strict: Date.parse would read 2026-02-30 as March 2nd.
    const ms = strictIsoMillis(value);
    return ms === null ? undefined : { kind: "iso", iso: new Date(ms).toISOString() };
  }
  let m = YEAR_FIRST.exec(value);
  if (m) return { kind: "exact", parts: { year: +m[1]!, month: +m[2]!, day: +m[3]!, ...timeOf(m, 4) } };
  m = DOTTED.exec(value);
  if (m) return { kind: "exact", parts: { year: +m[3]!, month: +m[2]!, day: +m[1]!, ...timeOf(m, 4) } };
  m = SLASHED.exec(value);
  if (m) {
    const first = +m[1]!;
    const second = +m[2]!;
    return { kind: "slashed", first, second, parts: { year: +m[3]!, month: 0, day: 0, ...timeOf(m, 4) } };
  }
  return undefined;
}

function toIso(p: Parts): string | undefined {
  let hour = p.hour;
  if (p.meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (p.meridiem === "pm" ? 12 : 0);
  }
  if (hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, p.second));
  // Date.UTC rolls 2/30/2026 over into March; a real date survives the round trip.
  if (date.getUTCFullYear() !== p.year || date.getUTCMonth() !== p.month - 1 || date.getUTCDate() !== p.day) {
    return undefined;
  }
  return date.toISOString();
}

/** The orders a slashed date can be read in: a 27 can only be a day. */
export function ordersOf(reading: DateReading): DateOrder[] {
  if (reading.kind !== "slashed") return [...DATE_ORDERS];
  return DATE_ORDERS.filter((order) => resolveDate(reading, order) !== undefined);
}

/** ISO 8601 UTC, or undefined when the reading is no real date in that order. */
export function resolveDate(reading: DateReading | { kind: "iso"; iso: string }, order: DateOrder): string | undefined {
  if (reading.kind === "iso") return reading.iso;
  if (reading.kind === "exact") return toIso(reading.parts);
  const [day, month] = order === "dmy" ? [reading.first, reading.second] : [reading.second, reading.first];
  return toIso({ ...reading.parts, day, month });
}

/** One cell, in a known order: ISO 8601 UTC, or undefined when it is no date. */
export function parseExportDate(text: string, order: DateOrder): string | undefined {
  const reading = readExportDate(text);
  return reading === undefined ? undefined : resolveDate(reading, order);
}
