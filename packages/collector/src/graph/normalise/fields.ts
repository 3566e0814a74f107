// Reading loosely typed Graph JSON without trusting it.
export type GraphObject = Record<string, unknown>;

export function str(o: GraphObject | undefined | null, key: string): string | null {
  const v = o?.[key];
  return typeof v === "string" ? v : null;
}

export function bool(o: GraphObject | undefined | null, key: string): boolean | null {
  const v = o?.[key];
  return typeof v === "boolean" ? v : null;
}

export function obj(o: GraphObject | undefined | null, key: string): GraphObject | null {
  const v = o?.[key];
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as GraphObject) : null;
}

export function arr(o: GraphObject | undefined | null, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

// Graph's usual forms, whole seconds or milliseconds in UTC: read by position, which costs a tenth of a Date
// round trip (a 100k collection reads 200k of them). Anything else goes through Date.
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?Z$/;

function plainUtc(v: string): string | null {
  const m = UTC_TIME.exec(v);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // Days past the month's end (Date would roll them over) take the slow path, which keeps its answer.
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return m[4] === undefined ? `${v.slice(0, 19)}.000Z` : v;
}

/** Graph writes "never" as 0001-01-01; that is no date at all. */
export function dateTime(o: GraphObject | undefined | null, key: string): string | null {
  const v = str(o, key);
  if (v === null || v.startsWith("0001-01-01")) return null;
  const plain = plainUtc(v);
  if (plain !== null) return plain;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());
