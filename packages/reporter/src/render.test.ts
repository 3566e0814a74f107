import { InputError } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { renderFindings } from "./render.js";
import { fixtureContext, fixtureReport } from "./test-utils/fixture.js";
import { FINDINGS_FORMATS, type FindingsFormat } from "./types.js";

describe("renderFindings", () => {
  it.each(FINDINGS_FORMATS.map((f) => [f]))("renders %s the same way every time", (format) => {
    const first = renderFindings(format, fixtureReport(), fixtureContext());
    const second = renderFindings(format, fixtureReport(), fixtureContext());
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  it("names the files each format writes", () => {
    const names = FINDINGS_FORMATS.flatMap((f) =>
      renderFindings(f, fixtureReport(), fixtureContext()).map((x) => x.name),
    );
    expect(names).toEqual([
      "findings.csv",
      "findings.json",
      "findings.md",
      "findings.sarif",
      "findings.xml",
      "github-annotations.txt",
      "github-step-summary.md",
    ]);
  });

  it("refuses an unknown format as a bad flag", () => {
    expect(() => renderFindings("html" as FindingsFormat, fixtureReport(), fixtureContext())).toThrow(InputError);
    expect(() => renderFindings("toString" as FindingsFormat, fixtureReport(), fixtureContext())).toThrow(
      /--format "toString" is not a findings format/,
    );
  });
});
