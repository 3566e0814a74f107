import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "@pim-audit/model";
import { describe, expect, test } from "vitest";
import { loadFaultFile } from "./fault-file.js";

const dir = mkdtempSync(join(tmpdir(), "pim-audit-faults-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function problem(path: string): string {
  try {
    loadFaultFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).toOneLine();
  }
  throw new Error("expected an InputError");
}

describe("loadFaultFile", () => {
  test("reads the shipped example", () => {
    const loaded = loadFaultFile(fileURLToPath(new URL("../../examples/faults.yaml", import.meta.url)));
    expect(loaded.seed).toBe(7);
    expect(loaded.faults.map((f) => f.kind)).toContain("batchThrottle");
  });

  test("reads JSON too", () => {
    const path = file("f.json", JSON.stringify({ faults: [{ route: "users", kind: "status", status: 502 }] }));
    expect(loadFaultFile(path).faults).toEqual([{ route: "users", kind: "status", status: 502 }]);
  });

  test.each([
    ["an unknown kind", "faults:\n  - route: users\n    kind: explode\n", ":3:11", "must be one of"],
    [
      "a misspelt field",
      "faults:\n  - route: users\n    kind: status\n    stauts: 503\n",
      ":2:5",
      "unknown property 'stauts'",
    ],
    [
      "a probability above 1",
      "faults:\n  - route: users\n    kind: reset\n    probability: 2\n",
      ":4:18",
      "must be <= 1",
    ],
    [
      "a field its kind ignores",
      "faults:\n  - route: users\n    kind: reset\n    latencyMs: 5\n",
      ":4:16",
      "only by 'latency'",
    ],
    [
      "a status an html page does not have",
      "faults:\n  - route: x\n    kind: html\n    htmlStatus: 403\n",
      ":4:17",
      "must be one of 200",
    ],
    [
      "status on an html fault",
      "faults:\n  - route: x\n    kind: html\n    status: 502\n",
      ":4:13",
      "only by 'status'",
    ],
    ["a redirect without location", "faults:\n  - route: x\n    kind: redirect\n", ":2:5", "without 'location'"],
    ["a YAML syntax error", "faults:\n  - route: [users\n", ":3:1", ""],
    ["no faults list", "seed: 3\n", ":1:1", "missing 'faults'"],
    ["a duplicated key", "faults: []\nfaults: []\n", ":2:1", "unique"],
  ])("%s is one line naming file:line:column", (_name, text, where, says) => {
    const path = file("bad.yaml", text);
    const line = problem(path);
    expect(line).not.toContain("\n");
    expect(line).toContain(`${path}${where}`);
    expect(line).toContain(says);
  });

  test("several problems: the first is named, the rest counted", () => {
    const line = problem(file("many.yaml", "faults:\n  - route: a\n    kind: nope\n  - kind: status\n"));
    expect(line).toMatch(/and \d+ more problems?/);
  });

  test("a missing file and an alias bomb are input errors, not crashes", () => {
    expect(problem(join(dir, "absent.yaml"))).toContain("does not exist");
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${"b".repeat(i + 1)}: &b${i} [${Array(10)
          .fill(i === 0 ? "*a" : `*b${i - 1}`)
          .join(", ")}]`,
      );
    expect(problem(file("bomb.yaml", `${bomb.join("\n")}\nfaults: []\n`))).toContain("cannot be read as data");
    expect(problem(file("deep.yaml", `faults: ${"[".repeat(5000)}${"]".repeat(5000)}\n`))).toMatch(/faults|data/);
  });
});
