import { describe, expect, it } from "vitest";
import { type DateOrder, ordersOf, parseExportDate, readExportDate } from "./dates.js";

describe("parseExportDate", () => {
  // Locale forms are what Intl (CLDR) writes for 2026-11-27T15:12:00Z in that locale.
  it.each<[string, string, DateOrder, string]>([
    ["ISO with a zone", "2026-11-27T15:12:00Z", "mdy", "2026-11-27T15:12:00.000Z"],
    ["ISO with an offset", "2026-11-27T17:12:00+02:00", "mdy", "2026-11-27T15:12:00.000Z"],
    ["ISO without a zone, taken as UTC", "2026-11-27 15:12:00", "mdy", "2026-11-27T15:12:00.000Z"],
    ["ISO date only", "2026-11-27", "dmy", "2026-11-27T00:00:00.000Z"],
    ["en-US", "11/27/2026 3:12 PM", "mdy", "2026-11-27T15:12:00.000Z"],
    ["en-US with comma and seconds", "11/27/2026, 3:12:00 PM", "mdy", "2026-11-27T15:12:00.000Z"],
    ["en-US midnight", "11/27/2026 12:05 AM", "mdy", "2026-11-27T00:05:00.000Z"],
    ["en-US date only", "1/2/2026", "mdy", "2026-01-02T00:00:00.000Z"],
    ["en-GB", "27/11/2026, 15:12:00", "dmy", "2026-11-27T15:12:00.000Z"],
    ["en-GB ambiguous day, read day first", "03/02/2026 09:05", "dmy", "2026-02-03T09:05:00.000Z"],
    ["en-AU lower-case pm", "27/11/2026, 3:12:00 pm", "dmy", "2026-11-27T15:12:00.000Z"],
    ["fr-FR date only", "27/11/2026", "dmy", "2026-11-27T00:00:00.000Z"],
    ["nl-NL dashes", "27-11-2026, 15:12:00", "dmy", "2026-11-27T15:12:00.000Z"],
    ["de-DE", "27.11.2026 15:12", "mdy", "2026-11-27T15:12:00.000Z"],
    ["de-DE short day, whatever the order", "3.2.2026, 09:05:00", "mdy", "2026-02-03T09:05:00.000Z"],
    ["fi-FI", "27.11.2026 klo 15.12.00", "mdy", "2026-11-27T15:12:00.000Z"],
    ["ja-JP", "2026/11/27 15:12:00", "dmy", "2026-11-27T15:12:00.000Z"],
    ["ja-JP short month", "2026/2/3 9:05:00", "mdy", "2026-02-03T09:05:00.000Z"],
    ["ko-KR", "2026. 11. 27. PM 3:12:00", "mdy", "2026-11-27T15:12:00.000Z"],
    ["hu-HU", "2026. 11. 27. 15:12:00", "dmy", "2026-11-27T15:12:00.000Z"],
  ])("reads %s: %s", (_name, text, order, expected) => {
    expect(parseExportDate(text, order)).toBe(expected);
  });

  it.each<[string, DateOrder]>([
    ["27/11/2026 3:12 PM", "mdy"],
    ["11/27/2026", "dmy"],
    ["2/30/2026", "mdy"],
    ["30.2.2026", "dmy"],
    ["11/27/2026 13:12 PM", "mdy"],
    ["27.11.2026 25:00", "dmy"],
    ["27.11.26", "dmy"],
    ["tomorrow", "mdy"],
  ])("refuses %s read %s rather than guessing", (text, order) => {
    expect(parseExportDate(text, order)).toBeUndefined();
  });
});

describe("ordersOf", () => {
  it.each<[string, DateOrder[]]>([
    ["27/11/2026", ["dmy"]],
    ["11/27/2026 3:12 PM", ["mdy"]],
    ["03/04/2026", ["dmy", "mdy"]],
    ["27.11.2026", ["dmy", "mdy"]],
    ["31/31/2026", []],
  ])("%s can be read as %j", (text, orders) => {
    const reading = readExportDate(text);
    expect(reading).toBeDefined();
    expect(reading?.kind === "iso" ? ["dmy", "mdy"] : ordersOf(reading!)).toEqual(orders);
  });
});
