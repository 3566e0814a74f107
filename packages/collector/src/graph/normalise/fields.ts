// Reading loosely typed Graph JSON without trusting it.
import { utcMillis } from "@pim-audit/model";

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

/** Graph writes "never" as 0001-01-01; that is no date at all. */
export function dateTime(o: GraphObject | undefined | null, key: string): string | null {
  const v = str(o, key);
  if (v === null || v.startsWith("0001-01-01")) return null;
  const ms = utcMillis(v) ?? Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());
