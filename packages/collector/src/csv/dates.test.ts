import { describe, expect, it } from "vitest";
import { parseExportDate } from "./dates.js";

describe("parseExportDate", () => {
  it("reads ISO 8601 with and without a zone, taking a zoneless time as UTC", () => {
    expect(parseExportDate("2026-11-27T15:12:00Z")).toBe("2026-11-27T15:12:00.000Z");
    expect(parseExportDate("2026-11-27T17:12:00+02:00")).toBe("2026-11-27T15:12:00.000Z");
    expect(parseExportDate("2026-11-27 15:12:00")).toBe("2026-11-27T15:12:00.000Z");
    expect(parseExportDate("2026-11-27")).toBe("2026-11-27T00:00:00.000Z");
  });

  it("reads the portal's US locale form", () => {
    expect(parseExportDate("11/27/2026 3:12 PM")).toBe("2026-11-27T15:12:00.000Z");
    expect(parseExportDate("11/27/2026 12:05 AM")).toBe("2026-11-27T00:05:00.000Z");
    expect(parseExportDate("1/2/2026 12:00:30 PM")).toBe("2026-01-02T12:00:30.000Z");
    expect(parseExportDate("11/27/2026")).toBe("2026-11-27T00:00:00.000Z");
  });

  it("refuses what is no date rather than guessing", () => {
    expect(parseExportDate("27/11/2026 3:12 PM")).toBeUndefined();
    expect(parseExportDate("2/30/2026")).toBeUndefined();
    expect(parseExportDate("11/27/2026 13:12 PM")).toBeUndefined();
    expect(parseExportDate("tomorrow")).toBeUndefined();
  });
});
