import { describe, expect, it } from "vitest";
import { strictIsoMillis } from "./instant.js";

describe("strictIsoMillis", () => {
  it.each([
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T09:00:00Z", "2026-11-01T09:00:00.000Z"],
    ["2026-11-01T09:00Z", "2026-11-01T09:00:00.000Z"],
    ["2026-11-01T10:00:00+01:00", "2026-11-01T09:00:00.000Z"],
    ["2026-11-01 09:00:00.250", "2026-11-01T09:00:00.250Z"],
    ["2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(new Date(strictIsoMillis(text) ?? Number.NaN).toISOString()).toBe(iso);
  });

  it.each([
    "2026-02-30",
    "2026-02-29",
    "2026-13-01",
    "2026-04-31T10:00:00Z",
    "2026-11-01T24:00:00Z",
    "2026-11-01T09:60Z",
    "2026-11-01T09:00:00+25:00",
    "01/11/2026",
    "2026-1-1",
    "",
  ])("refuses %j instead of rolling it over", (text) => {
    expect(strictIsoMillis(text)).toBeNull();
  });
});
