import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { policySchema } from "../schema/policy-schema.js";
import { POLICY_FORMATS } from "./policy-formats.js";
import { AJV_OPTIONS, precompiledPolicyValidator } from "./precompile.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoPolicies = join(here, "../../../../policies");

/** The validator as ajv compiles it at run time, the way schema-check.ts does when there is no build. */
function compiledAtRunTime(): ValidateFunction {
  const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020(AJV_OPTIONS);
  for (const [name, format] of Object.entries(POLICY_FORMATS)) ajv.addFormat(name, format);
  return ajv.compile(policySchema);
}

/** The module the build writes, loaded from a folder where its ajv helpers resolve. */
async function precompiled(): Promise<ValidateFunction> {
  const dir = join(here, "../../node_modules/.cache/precompile-test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "policy-validator.mjs");
  // Outside the test runner's reach the module cannot import a .ts file: it reads the same formats from a global.
  (globalThis as { __policyFormats?: unknown }).__policyFormats = POLICY_FORMATS;
  const source = precompiledPolicyValidator().replaceAll(
    '(await import("./policy-formats.js")).POLICY_FORMATS',
    "globalThis.__policyFormats",
  );
  expect(source).not.toContain("policy-formats.js");
  writeFileSync(file, source);
  return ((await import(pathToFileURL(file).href)) as { default: ValidateFunction }).default;
}

const pack = (name: string) => parse(readFileSync(join(repoPolicies, name), "utf8")) as Record<string, unknown>;

describe("the precompiled policy validator", () => {
  it("accepts and refuses what ajv at run time does, with the same errors", async () => {
    const ahead = await precompiled();
    const atRunTime = compiledAtRunTime();
    const baseline = pack("baseline.yaml");
    const rules = baseline["rules"] as Record<string, unknown>[];
    const cases: unknown[] = [
      baseline,
      pack("cisa-scuba.yaml"),
      { ...baseline, colour: "blue" },
      { ...baseline, apiVersion: "pim-audit/v2" },
      { ...baseline, rules: [{ ...rules[0], severity: "severe" }] },
      { ...baseline, rules: [{ id: "x", type: "max-duration", severity: "high", maxDuration: "three days" }] },
      {
        ...baseline,
        exceptions: [{ rule: "x", principal: "a@contoso.com", reason: "r", expires: "2026-02-30" }],
      },
      { kind: "Policy" },
    ];
    for (const value of cases) {
      const [a, b] = [ahead(value), atRunTime(value)];
      expect(a).toBe(b);
      expect(ahead.errors ?? null).toEqual(atRunTime.errors ?? null);
    }
    expect(cases.map((value) => ahead(value))).toEqual([true, true, false, false, false, false, false, false]);
  });
});
