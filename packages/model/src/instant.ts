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
