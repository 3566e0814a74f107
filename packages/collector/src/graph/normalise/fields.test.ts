import { describe, expect, it } from "vitest";
import { dateTime } from "./fields.js";

/** What dateTime returned before it read Graph's usual forms by position. */
function throughDate(v: string): string | null {
  if (v.startsWith("0001-01-01")) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

describe("dateTime", () => {
  it("gives what a Date round trip gives, for Graph's forms and for odd ones", () => {
    const samples = [
      "2022-04-12T14:44:50.287Z",
      "2024-04-10T00:00:00Z",
      "0001-01-01T08:00:00Z",
      "2024-02-29T23:59:59Z",
      "2023-02-29T10:00:00Z",
      "2026-02-30T00:00:00.000Z",
      "2026-04-31T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z",
      "2026-11-27T24:00:00Z",
      "2026-11-27T12:60:00Z",
      "2026-11-27T12:00:00+02:00",
      "2026-11-27T12:00:00.5Z",
      "2026-11-27",
      "2026-11-27T12:00:00",
      "not a date",
      "",
    ];
    for (let i = 0; i < 2000; i++) {
      const t = Date.UTC(1990, 0, 1) + i * 7_654_321_987;
      const iso = new Date(t).toISOString();
      samples.push(iso, iso.replace(/\.\d{3}Z$/, "Z"));
    }
    for (const v of samples) expect([v, dateTime({ at: v }, "at")]).toEqual([v, throughDate(v)]);
  });

  it("reads absent and non-string values as no date", () => {
    expect(dateTime({}, "at")).toBeNull();
    expect(dateTime({ at: 5 }, "at")).toBeNull();
    expect(dateTime(null, "at")).toBeNull();
  });
});
