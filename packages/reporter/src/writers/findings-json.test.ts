import { validateFindingsReport } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { renderFindingsJson } from "./findings-json.js";

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
});
