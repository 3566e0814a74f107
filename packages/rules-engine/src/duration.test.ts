import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { durationAdder, instant, parseDuration } from "./duration.js";

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

describe("instant", () => {
  it("reads every date-time as Date.parse does", () => {
    const texts: string[] = [];
    for (const year of ["0050", "0999", "1969", "2024", "2026", "9999"]) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          for (const time of ["00:00:00", "23:59:59", "12:34:56", "24:00:00", "23:60:00", "23:59:60"]) {
            texts.push(`${date}T${time}Z`, `${date}T${time}.000Z`, `${date}T${time}.789Z`);
          }
        }
      }
    }
    texts.push(
      "2026-11-01T12:00:00.5Z",
      "2026-11-01T12:00:00.123456Z",
      "2026-11-01T12:00:00+01:00",
      "2026-11-01T12:00:00",
      "2026-11-01",
      "2026-11-01T12:0a:00Z",
      "2026-11-01T12:00:00.12aZ",
      "2026-11-01 12:00:00Z",
      "+002026-11-01T12:00:00Z",
      "not a date",
    );
    expect(texts.map((text) => [text, instant(text)])).toEqual(texts.map((text) => [text, Date.parse(text)]));
  });
});
