// A run killed at any point leaves --out holding either the set it held before or the complete new set, never a
// mix, and no evidence bundle half-written under its final name; a later run cleans up after it. The points are
// the steps named by PIM_AUDIT_TEST_PAUSE_AT (a test-only hook that holds the run there), plus seeded random
// moments of a run over a generated tenant made a few thousand assignments large.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateTenant, startEmulator } from "@pim-audit/graph-emulator";
import type { Snapshot } from "@pim-audit/model";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, FIXED_AT, pimAudit, tempDir } from "../support/cli.js";
import { readJson } from "../support/files.js";

type Signal = "SIGINT" | "SIGTERM" | "SIGKILL";
type Point = "collected" | "writing" | "staged" | "evidence-staged";
type Files = Record<string, string>;

let root: string;
let template: string;
let before: Files;
let after: Files;
let fullRunMs: number;

/** `factor` disjoint copies of a snapshot's principals and assignments (as bench/lib/enlarge.js does). */
function enlarge(snapshot: Snapshot, factor: number): Snapshot {
  const copy = <T extends string | null>(id: T, k: number): T => (id === null || k === 0 ? id : (`${id}~${k}` as T));
  const principals: Snapshot["principals"] = [];
  const assignments: Snapshot["assignments"] = [];
  for (let k = 0; k < factor; k++) {
    for (const p of snapshot.principals) {
      principals.push({ ...p, id: copy(p.id, k), members: p.members?.map((m) => copy(m, k)) ?? null });
    }
    for (const a of snapshot.assignments) {
      assignments.push({
        ...a,
        id: copy(a.id, k),
        principalId: copy(a.principalId, k),
        viaGroupId: copy(a.viaGroupId, k),
        scheduleId: copy(a.scheduleId, k),
        activatedFromEligibilityId: copy(a.activatedFromEligibilityId, k),
      });
    }
  }
  return { ...snapshot, principals, assignments, activations: [] };
}

/** The report names in --out and the SHA-256 of what each shows (through its link); hidden entries aside. */
function reportFiles(out: string): Files {
  const files: Files = {};
  for (const name of readdirSync(out).sort()) {
    if (name.startsWith(".")) continue;
    const path = join(out, name);
    if (!existsSync(path)) continue;
    files[name] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

/** Whatever a writer leaves while it works: staged sets beside the current one, temporary links, the lock. */
function leftovers(out: string, evidence: string): string[] {
  const found: string[] = [];
  const state = join(out, ".pim-audit");
  if (existsSync(join(state, "lock"))) found.push(".pim-audit/lock");
  if (existsSync(join(state, "sets"))) {
    const sets = readdirSync(join(state, "sets"));
    if (sets.length > 1) found.push(...sets.map((s) => `.pim-audit/sets/${s}`));
  }
  if (existsSync(state)) found.push(...readdirSync(state).filter((n) => n.startsWith("current.")));
  found.push(...readdirSync(out).filter((n) => n.startsWith(".pim-audit-link-")));
  if (existsSync(evidence)) found.push(...readdirSync(evidence).filter((n) => n.includes(".partial-")));
  return found;
}

function runArgs(snapshot: string, out: string, evidence: string): string[] {
  return [
    "run",
    "--from",
    snapshot,
    "--at",
    FIXED_AT,
    "--out",
    out,
    "--evidence",
    evidence,
    "--sign-key",
    join(root, "key.pem"),
    "--format",
    "csv,json,md,sarif,junit",
    "--fail-on",
    "never",
  ];
}

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function start(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; stderr: () => string; done: Promise<Stopped> } {
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const done = new Promise<Stopped>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** mulberry32: the random moments are the same on every run of the suite. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  root = tempDir("pim-audit-kill-");
  const now = new Date(FIXED_AT);
  const emulator = await startEmulator({ tenant: generateTenant({ users: 300, seed: 13, now }), now });
  try {
    writeFileSync(join(root, "ca.pem"), emulator.caCertPem);
    const collected = await pimAudit(
      [
        "collect",
        "--auth",
        "token",
        "--graph-endpoint",
        emulator.baseUrl,
        "--ca-file",
        join(root, "ca.pem"),
        "--tenant",
        emulator.tenantId,
        "--at",
        FIXED_AT,
        "--out",
        join(root, "tenant.json"),
      ],
      { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken() } },
    );
    expect(collected.code, collected.stderr).toBe(0);
  } finally {
    await emulator.stop();
  }
  const tenant = readJson<Snapshot>(join(root, "tenant.json"));
  // Two runs that differ in every report: a tenant and the same tenant one copy larger.
  writeFileSync(join(root, "a.json"), JSON.stringify(enlarge(tenant, 4)));
  writeFileSync(join(root, "b.json"), JSON.stringify(enlarge(tenant, 5)));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeFileSync(join(root, "key.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(root, "key.pub.pem"), publicKey.export({ type: "spki", format: "pem" }));

  template = join(root, "template");
  const first = await pimAudit(runArgs(join(root, "a.json"), template, join(root, "ev-template")), { cwd: root });
  expect(first.code, first.stderr).toBe(0);
  before = reportFiles(template);
  const started = performance.now();
  const second = await pimAudit(runArgs(join(root, "b.json"), join(root, "ref-b"), join(root, "ev-ref-b")), {
    cwd: root,
  });
  fullRunMs = performance.now() - started;
  expect(second.code, second.stderr).toBe(0);
  after = reportFiles(join(root, "ref-b"));
  expect(Object.keys(before)).toHaveLength(7);
  for (const name of Object.keys(before)) expect(after[name], name).not.toBe(before[name]);
});

interface Case {
  name: string;
  signal: Signal;
  /** A named step (the run is held there), or a seeded fraction of a full run's time. */
  at: Point | number;
  /** For the named steps: which set --out must hold. */
  expect?: "before" | "after";
}

const random = seeded(13);
const moment = () => 0.15 + random() * 0.85;

const cases: Case[] = [
  { name: "SIGINT after collection", signal: "SIGINT", at: "collected", expect: "before" },
  { name: "SIGINT while the reports are written", signal: "SIGINT", at: "writing", expect: "before" },
  { name: "SIGINT with the new set staged, before the swap", signal: "SIGINT", at: "staged", expect: "before" },
  { name: "SIGTERM with the new set staged, before the swap", signal: "SIGTERM", at: "staged", expect: "before" },
  {
    name: "SIGINT after the swap, before the bundle is renamed",
    signal: "SIGINT",
    at: "evidence-staged",
    expect: "after",
  },
  { name: "SIGKILL after collection", signal: "SIGKILL", at: "collected", expect: "before" },
  { name: "SIGKILL while the reports are written", signal: "SIGKILL", at: "writing", expect: "before" },
  { name: "SIGKILL with the new set staged, before the swap", signal: "SIGKILL", at: "staged", expect: "before" },
  {
    name: "SIGKILL after the swap, before the bundle is renamed",
    signal: "SIGKILL",
    at: "evidence-staged",
    expect: "after",
  },
  ...[1, 2].map((n): Case => ({ name: `SIGKILL at random moment ${n}`, signal: "SIGKILL", at: moment() })),
  { name: "SIGINT at a random moment", signal: "SIGINT", at: moment() },
];

// Cases run two at a time: most of each is waiting for a child process.
describe.concurrent("a run killed part way", () => {
  it.each(cases)("$name leaves --out whole", async ({ signal, at, expect: which }) => {
    const dir = tempDir("pim-audit-kill-case-");
    const out = join(dir, "out");
    const evidence = join(dir, "evidence");
    cpSync(template, out, { recursive: true, verbatimSymlinks: true });
    const run = start(
      runArgs(join(root, "b.json"), out, evidence),
      typeof at === "string" ? { PIM_AUDIT_TEST_PAUSE_AT: at } : {},
    );
    if (typeof at === "string") await until(() => run.stderr().includes(`test pause at ${at}`), `the pause at ${at}`);
    else await new Promise((r) => setTimeout(r, at * fullRunMs));
    run.child.kill(signal);
    const stopped = await run.done;

    const now = reportFiles(out);
    const holds =
      JSON.stringify(now) === JSON.stringify(before)
        ? "before"
        : JSON.stringify(now) === JSON.stringify(after)
          ? "after"
          : "mixed";
    expect(holds, JSON.stringify({ now, before, after })).not.toBe("mixed");
    if (which) expect(holds).toBe(which);

    // Evidence is never half-written under its final name: a bundle that is there verifies.
    const bundles = existsSync(evidence) ? readdirSync(evidence).filter((n) => !n.startsWith(".")) : [];
    for (const bundle of bundles) {
      const verified = await pimAudit([
        "evidence",
        "verify",
        join(evidence, bundle),
        "--public-key",
        join(root, "key.pub.pem"),
      ]);
      expect(verified.code, verified.stderr).toBe(0);
    }

    if (signal !== "SIGKILL" && stopped.signal === null && stopped.code !== 0) {
      // Handled: the temporary files are gone, the lock released, and one line says what was left.
      expect(stopped.code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(leftovers(out, evidence)).toEqual([]);
      const line = holds === "before" ? "out left as it was before this run" : "out holds this run's complete reports";
      expect(stopped.stderr).toContain(`pim-audit: interrupted (${signal}): ${out} ${line.slice(4)}`);
      expect(stopped.stderr).not.toMatch(/error|at .*\.js:\d+/);
    }

    // After SIGKILL the next run takes over: a stale lock and leftovers (a partial bundle too) are removed.
    if (signal !== "SIGKILL") return;
    const evidenceAgain = bundles.length === 0 ? evidence : join(dir, "evidence-again");
    const again = await pimAudit(runArgs(join(root, "b.json"), out, evidenceAgain), { cwd: root });
    expect(again.code, again.stderr).toBe(0);
    expect(reportFiles(out)).toEqual(after);
    expect(leftovers(out, evidence)).toEqual([]);
    expect(leftovers(out, evidenceAgain)).toEqual([]);
  });
});

describe("two runs into one --out", () => {
  it("started together: one writes its whole set, the other stops at once naming the lock", async () => {
    const dir = tempDir("pim-audit-two-runs-");
    const out = join(dir, "out");
    cpSync(template, out, { recursive: true, verbatimSymlinks: true });
    const [a, b] = await Promise.all([
      pimAudit(runArgs(join(root, "a.json"), out, join(dir, "ev-a")), { cwd: root }),
      pimAudit(runArgs(join(root, "b.json"), out, join(dir, "ev-b")), { cwd: root }),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes, a.stderr + b.stderr).toEqual([0, 2]);
    const refused = a.code === 2 ? a : b;
    expect(refused.stderr).toMatch(
      new RegExp(
        `error: --out ${out} is locked by another pim-audit run \\(pid \\d+ on .+, started .+\\): ${join(out, ".pim-audit", "lock")}\\.`,
      ),
    );
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(reportFiles(out)).toEqual(a.code === 0 ? before : after);
    expect(leftovers(out, join(dir, "ev-a"))).toEqual([]);
  });
});
