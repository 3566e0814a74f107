// Property-based tests (fast-check): random and mutated inputs to the policy loader, the CSV importer, the
// snapshot reader and the duration parser never throw anything but InputError (exit 2) and never hang.
// Each property runs a fixed number of cases from a fixed seed (named in the test), so a failure
// reproduces; then a sample of the same inputs goes through the built CLI, which must never exit 4.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parseExportCsv, readSource } from "@pim-audit/collector";
import { InputError } from "@pim-audit/model";
import { validatePolicies } from "@pim-audit/rules-engine";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, FIXED_AT, pimAudit } from "../support/cli.js";

const SEED = 20261204;
const RUNS = 300;

const POLICY = `apiVersion: pim-audit/v1
kind: Policy
metadata:
  name: properties
sets:
  admins: { principals: [bg-01@contoso.com] }
rules:
  - id: bounded-active
    type: max-duration
    severity: medium
    where: { state: active, permanent: false, roles: { privileged: true } }
    max: P180D
    unless: $admins
exceptions:
  - rule: bounded-active
    principal: bg-01@contoso.com
    reason: break glass
    expires: 2027-03-31
`;
const CSV = [
  "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)",
  "Active,Break Glass 01,Global Administrator,bg-01@contoso.com,Direct,2026-01-01T00:00:00Z,Permanent",
  'Eligible,"Vance, Adele",Privileged Role Administrator,adele@contoso.com,Direct,11/27/2026 3:12 PM,12/31/2026 11:59 PM',
  "Active,Tier0 Admins,Security Administrator,,Group,2026-02-01,Permanent",
].join("\n");

/** YAML, CSV and JSON punctuation, so that mutations hit the syntax, not only the words. */
const SYNTAX = [..."{}[]:,-&*!|>'\"%@`#?\n\t \\;=\u0000\u001b\uFEFF\uFFFD"];
const piece = fc.oneof(
  fc.constantFrom(...SYNTAX),
  fc.string({ maxLength: 8 }),
  fc.constantFrom("P", "PT", "1e400", ".inf", "~", "<<"),
);

/** A valid text with a few random edits: insertions, deletions, replacements, a truncation. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat({ max: base.length }), fc.nat({ max: 12 }), piece);
  return fc
    .tuple(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.option(fc.nat({ max: base.length })))
    .map(([edits, cut]) => {
      let text = base;
      for (const [at, drop, insert] of edits) {
        const i = Math.min(at, text.length);
        text = text.slice(0, i) + insert + text.slice(i + drop);
      }
      return cut === null ? text : text.slice(0, cut);
    });
}

const anyText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.json({ maxDepth: 6 }),
);
const policyText = fc.oneof(
  mutated(POLICY),
  anyText,
  fc.nat({ max: 3000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
);
const csvText = fc.oneof(mutated(CSV), anyText);

const dir = mkdtempSync(join(tmpdir(), "pim-audit-properties-"));
let snapshotText = "";
let file = 0;
const write = (name: string, body: string | Buffer) => {
  const path = join(dir, `${file++}-${name}`);
  writeFileSync(path, body);
  return path;
};

/** Runs `body`; anything thrown must be an InputError (exit 2), never another error (exit 4). */
async function onlyInputErrors(body: () => unknown): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.toOneLine()).not.toMatch(/\n/);
  }
}

beforeAll(() => {
  const out = join(dir, "snap.json");
  execFileSync(process.execPath, [cliBin, "collect", "--demo", "--at", FIXED_AT, "--out", out], { stdio: "ignore" });
  snapshotText = readFileSync(out, "utf8");
});

const snapshotBytes = () =>
  fc.oneof(
    mutated(snapshotText.slice(0, 3000)).map((head) => Buffer.from(head + snapshotText.slice(3000))),
    fc.tuple(fc.nat({ max: snapshotText.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
      const bytes = Buffer.from(snapshotText);
      bytes[at] = byte;
      return bytes;
    }),
    fc.json({ maxDepth: 8 }).map((json) => Buffer.from(json)),
    fc.nat({ max: snapshotText.length }).map((cut) => gzipSync(snapshotText).subarray(0, cut)),
  );

describe("properties: random and mutated inputs end in a result or InputError, never a crash", () => {
  it(`policy loader, seed ${SEED}, ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(policyText, async (text) => {
        const path = write("p.yaml", text);
        await onlyInputErrors(async () => {
          const { errors } = await validatePolicies([path]);
          for (const error of errors) expect(error).toBeInstanceOf(InputError);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`duration parser (a policy's max:), seed ${SEED}, ${RUNS} runs`, async () => {
    const duration = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.stringMatching(/^P(\d{1,14}[YMWD])*(T(\d{1,14}[HMS])*)?$/),
      fc.stringMatching(/^-?P\d{0,3}(\.\d{0,3})?[YMWDHS]?T?\d{0,3}[HMS]?$/),
    );
    await fc.assert(
      fc.asyncProperty(duration, async (max) => {
        const path = write("d.yaml", POLICY.replace("max: P180D", `max: ${JSON.stringify(max)}`));
        await onlyInputErrors(async () => {
          const { errors } = await validatePolicies([path]);
          for (const error of errors) expect(error).toBeInstanceOf(InputError);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`CSV importer, seed ${SEED}, ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        await onlyInputErrors(() => parseExportCsv(text, "x.csv", { now: new Date(FIXED_AT), toolVersion: "test" }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`snapshot reader (.json and .json.gz), seed ${SEED}, ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(snapshotBytes(), fc.boolean(), async (bytes, gz) => {
        const path = write(gz ? "s.json.gz" : "s.json", bytes);
        await onlyInputErrors(() => readSource(path, { now: new Date(FIXED_AT), toolVersion: "test" }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** A sample of the same generators through the built CLI: exit 0, 1 or 2 with one error line, never 4. */
describe(`properties through the CLI (seed ${SEED})`, () => {
  const SAMPLE = 6;
  const cases: [string, () => fc.Arbitrary<string | Buffer>, (path: string) => string[], string][] = [
    [
      "policy",
      () => policyText,
      (p) => ["evaluate", "--from", join(dir, "snap.json"), "--policy", p, "--out", join(dir, "out")],
      "p.yaml",
    ],
    ["CSV", () => csvText, (p) => ["evaluate", "--from", p, "--out", join(dir, "out"), "--at", FIXED_AT], "x.csv"],
    [
      "snapshot",
      snapshotBytes,
      (p) => ["evaluate", "--from", p, "--out", join(dir, "out"), "--at", FIXED_AT],
      "s.json",
    ],
  ];
  for (const [name, arbitrary, args, fileName] of cases) {
    for (let i = 0; i < SAMPLE; i++) {
      it(`${name} input ${i + 1} of ${SAMPLE}`, async () => {
        const input = fc.sample(arbitrary(), { seed: SEED + i, numRuns: 1 })[0] as string | Buffer;
        const result = await pimAudit([...args(write(fileName, input)), "--fail-on", "never"]);
        expect([0, 2], result.stderr).toContain(result.code);
        if (result.code === 2) {
          const lines = result.stderr.split("\n").filter((l) => l.startsWith("pim-audit: error: "));
          expect(lines.length, result.stderr).toBeGreaterThanOrEqual(1);
        }
        expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      });
    }
  }
});
