import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { durationAdder, parseDuration } from "./duration.js";

describe("durationAdder", () => {
  const instants = [
    "2027-01-31T00:00:00Z",
    "2027-01-31T23:59:59.999Z",
    "2028-02-29T18:30:00Z",
    "2026-03-29T01:30:00Z",
    "2026-12-31T12:00:00Z",
    "1969-12-31T23:00:00Z",
  ].map((iso) => Date.parse(iso));

  it("adds calendar units as luxon does in UTC, the time of day kept, whatever the day", () => {
    for (const text of ["P1M", "P1Y", "P3M", "P1Y2M3DT4H5M", "P0.5M", "P1W"]) {
      const add = durationAdder(parseDuration(text));
      for (const from of instants) {
        const expected = DateTime.fromMillis(from, { zone: "utc" }).plus(parseDuration(text)).toMillis();
        expect([text, new Date(add(from)).toISOString()]).toEqual([text, new Date(expected).toISOString()]);
      }
    }
    expect(new Date(durationAdder(parseDuration("P1M"))(instants[1]!)).toISOString()).toBe("2027-02-28T23:59:59.999Z");
  });

  it("adds days, weeks, hours and smaller units as fixed lengths", () => {
    const from = Date.parse("2026-03-28T12:00:00Z");
    expect(durationAdder(parseDuration("P90D"))(from)).toBe(from + 90 * 86_400_000);
    expect(durationAdder(parseDuration("P2W"))(from)).toBe(from + 14 * 86_400_000);
    expect(durationAdder(parseDuration("PT8H30M"))(from)).toBe(from + 8.5 * 3_600_000);
  });
});
