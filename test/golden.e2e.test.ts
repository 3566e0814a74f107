// Every output format on the demo tenant at a fixed --at, compared byte for byte with the files
// kept in test/golden/demo. UPDATE_GOLDEN=1 rewrites them after an intended change.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, repoRoot, tempDir } from "./support/cli.js";

const GOLDEN = join(repoRoot, "test/golden/demo");
const FORMATS = "csv,json,md,sarif,junit";
// Everything but the source: the same for `run --demo` and for `evaluate --from` its snapshot.
const common = (out: string) => [
  "--at",
  FIXED_AT,
  "--out",
  out,
  "--format",
  FORMATS,
  "--policy",
  "policies/baseline.yaml",
  "--policy",
  "policies/cisa-scuba.yaml",
  "--fail-on",
  "never",
];
const args = (out: string) => ["run", "--demo", ...common(out)];

function files(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir)
      // .pim-audit/ holds the sets the report names link into (README: One set at a time).
      .filter((name) => !name.startsWith("."))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name))]),
  );
}

describe("reports on the demo tenant at a fixed time", () => {
  it("are byte-identical from one run to the next, and from evaluate on the saved snapshot", async () => {
    const a = tempDir();
    const b = tempDir();
    expect((await pimAudit(args(a))).code).toBe(0);
    expect((await pimAudit(args(b))).code).toBe(0);
    const first = files(a);
    expect([...first.keys()]).toEqual([
      "assignments.csv",
      "findings.csv",
      "findings.json",
      "findings.md",
      "findings.sarif",
      "findings.xml",
      "snapshot.json",
    ]);
    expect(files(b)).toEqual(first);
    const c = tempDir();
    const evaluated = await pimAudit(["evaluate", "--from", join(a, "snapshot.json"), ...common(c)]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    for (const [name, content] of files(c)) expect(content.equals(first.get(name) ?? Buffer.alloc(0)), name).toBe(true);
  });

  it("match the golden files", async () => {
    const out = tempDir();
    const result = await pimAudit(args(out));
    expect(result.code, result.stderr).toBe(0);
    const actual = files(out);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) {
      if (process.env.CI) throw new Error("test/golden/demo is missing; run UPDATE_GOLDEN=1 locally and commit it");
      mkdirSync(GOLDEN, { recursive: true });
      for (const [name, content] of actual) writeFileSync(join(GOLDEN, `${name}.golden`), content);
    }
    for (const [name, content] of actual) {
      expect(content.toString("utf8"), name).toBe(readFileSync(join(GOLDEN, `${name}.golden`), "utf8"));
    }
  });
});
