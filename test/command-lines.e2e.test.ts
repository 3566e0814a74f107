// Every pim-audit command line in the README and in examples/ is one the current CLI accepts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./support/cli.js";
import { checkCommandLine, commandLinesIn, readmeCommandLines, splitCommandLine } from "./support/command-lines.js";

function exampleFiles(): string[] {
  const root = join(repoRoot, "examples");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(root, f));
}

describe("command lines shown to users", () => {
  it("splits shell lines with CI expressions the way a shell would see them", () => {
    expect(splitCommandLine(`policy diff --base origin/\${{ github.base_ref }} --out "a b.md" # c`)).toEqual([
      "policy",
      "diff",
      "--base",
      "origin/VALUE",
      "--out",
      "a b.md",
    ]);
  });

  it("the README's are all valid for the current CLI", async () => {
    const lines = readmeCommandLines();
    expect(lines.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const l of lines) {
      const problem = await checkCommandLine(l.argv);
      if (problem) problems.push(`${l.line}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it("each example pipeline parses as YAML and every pim-audit invocation in it is valid", async () => {
    const files = exampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(() => parse(text)).not.toThrow();
      const lines = commandLinesIn(text, file);
      expect(lines.length, file).toBeGreaterThan(2);
      for (const l of lines) {
        const problem = await checkCommandLine(l.argv);
        if (problem) problems.push(`${file}: ${l.line}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("catches a command line that the CLI would refuse", async () => {
    expect(await checkCommandLine(["run", "--demo", "--fail-onn", "high"])).toMatch(/Nonexistent flag/);
    expect(await checkCommandLine(["polcy", "validate"])).toMatch(/no command/);
  });
});
