import { hasControls, validateFindingsReport } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { hostileReport } from "../test-utils/hostile.js";
import { findingsJsonChunks, renderFindingsJson } from "./findings-json.js";

describe("renderFindingsJson", () => {
  it("writes the complete record, valid against the findings schema", () => {
    const json = renderFindingsJson(fixtureReport());
    const parsed = JSON.parse(json) as unknown;
    const result = validateFindingsReport(parsed);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(parsed).toEqual(fixtureReport());
  });

  it("matches the golden file byte for byte", () => {
    const json = renderFindingsJson(fixtureReport());
    expect(json).toBe(golden("findings.json", json).toString("utf8"));
  });

  it("is written in pieces with exactly the same text, however many findings", () => {
    const report = fixtureReport();
    const one = report.findings[0]!;
    report.findings = Array.from({ length: 1_000 }, (_, i) => ({ ...one, fingerprint: `${i}`.padStart(64, "0") }));
    const chunks = [...findingsJsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(renderFindingsJson(report));
  });
});

describe("findings.json with hostile names", () => {
  it("escapes every control character, and reads back as exactly the same report", () => {
    const json = renderFindingsJson(hostileReport());
    expect(hasControls(json, { keepWhitespace: true })).toBe(false);
    expect(json).toContain("\\u001b[31m");
    expect(json).toContain("\\u202e");
    expect(JSON.parse(json)).toEqual(hostileReport());
    expect([...findingsJsonChunks(hostileReport())].join("")).toBe(json);
  });
});
