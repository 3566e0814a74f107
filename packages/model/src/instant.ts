// Reading Graph's and the snapshot's UTC times without a Date.parse each (hundreds of thousands per run).

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
 * Epoch milliseconds of a UTC time in the two forms Graph and snapshots write (2026-11-01T12:00:00Z and
 * 2026-11-01T12:00:00.000Z), read by position: several times cheaper than Date.parse, with the same answer.
 * Null for anything else, or a field out of range, which the caller leaves to Date.parse.
 */
export function utcMillis(iso: string): number | null {
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
  return null;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds of an ISO 8601 date or time whose fields are a real calendar date and clock time; null
 * otherwise. Date.parse rolls 2026-02-30 over into March 2nd; an audit must refuse it instead. A time without
 * a zone is read as UTC.
 */
export function strictIsoMillis(text: string): number | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const zone = m[7] === undefined || m[7] === "Z" ? "Z" : m[7].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  if (zone !== "Z" && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return null;
  const ms = Date.parse(
    `${text.slice(0, 10)}T${m[4] === undefined ? "00:00:00" : text.slice(11, m[7] === undefined ? undefined : text.length - m[7].length)}${zone}`,
  );
  return Number.isNaN(ms) ? null : ms;
}
