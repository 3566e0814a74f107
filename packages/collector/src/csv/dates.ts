// Dates as the admin-center export and its imitations write them: ISO 8601, or the portal's US locale
// form `11/27/2026 3:12 PM` (taken as UTC, as the column names say).
const PORTAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601 UTC string, or undefined when the text is no date this importer understands. */
export function parseExportDate(text: string): string | undefined {
  const value = text.trim();
  if (ISO.test(value)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
    const ms = Date.parse(
      hasZone ? value.replace(" ", "T") : `${value.replace(" ", "T")}${value.length > 10 ? "Z" : ""}`,
    );
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = PORTAL.exec(value);
  if (!m) return undefined;
  const [, month, day, year, hourText, minute, second, meridiem] = m;
  let hour = Number(hourText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === "pm" ? 12 : 0);
  }
  const date = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(minute ?? 0), Number(second ?? 0)),
  );
  // Date.UTC rolls 13/40/2026 over into another date; a real date survives the round trip.
  if (
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day) ||
    hour > 23 ||
    Number(minute ?? 0) > 59
  ) {
    return undefined;
  }
  return date.toISOString();
}
