import { hasControls } from "@pim-audit/model";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE_SHOWN, hostileReport } from "../test-utils/hostile.js";
import { FINDINGS_CSV_COLUMNS, renderFindingsCsv } from "./findings-csv.js";

describe("renderFindingsCsv", () => {
  it("writes one row per finding, open ones first and the most severe first", () => {
    const rows = parse(renderFindingsCsv(fixtureReport()), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...FINDINGS_CSV_COLUMNS]);
    expect(rows.map((r) => `${r.Status} ${r.Severity} ${r["Rule Id"]} ${r["Principal Name"]}`)).toEqual([
      "open critical no-guest-admins gary_fabrikam.example#EXT#@contoso.example",
      "open high no-permanent-privileged bg-01@contoso.example",
      "open high no-permanent-privileged dora@contoso.example",
      "open medium eligible-max-1y Tier0 Admins",
      "suppressed medium eligible-max-1y adele@contoso.example",
      "baseline medium outside-pim bg-01@contoso.example",
    ]);
    const suppressed = rows[4]!;
    expect(suppressed["Suppression Reason"]).toBe("Tenant owner until the second admin is hired");
    expect(suppressed["Suppression Ticket"]).toBe("CHG-1234");
    expect(suppressed["Policy File"]).toBe("policies/baseline.yaml");
    expect(suppressed["Policy Line"]).toBe("20");
  });

  it("escapes formulas in values that come from the tenant", () => {
    const report = fixtureReport();
    report.findings[0]!.subject.principalName = "=cmd|' /C calc'!A0";
    const rows = parse(renderFindingsCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows[0]!["Principal Name"]).toBe("'=cmd|' /C calc'!A0");
  });

  it("matches the golden file byte for byte", () => {
    const csv = renderFindingsCsv(fixtureReport());
    expect(csv).toBe(golden("findings.csv", csv).toString("utf8"));
  });
});

describe("findings.csv with hostile names", () => {
  it("has no raw control character, and the names' formula prefix defused", () => {
    const csv = renderFindingsCsv(hostileReport());
    expect(hasControls(csv, { keepWhitespace: true })).toBe(false);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]!["Principal Name"]).toBe(`'${HOSTILE_SHOWN}`);
    expect(rows[0]!.Message).toContain(HOSTILE_SHOWN);
  });
});
