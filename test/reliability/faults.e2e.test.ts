// The fault matrix (issue 13): every fault kind the emulator knows, on each list the collector reads and inside
// $batch, through the built CLI. Each case gives a snapshot byte-identical to the clean run's, or exits 3 naming
// the request; never a hang (deadlines by flag, and a kill timer), never exit 0 with other data. The emulator
// judges the client too: no retry before the Retry-After it gave, no paging URL it never issued.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { type FaultRule, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, FIXED_AT, pimAudit, repoRoot, tempDir } from "../support/cli.js";

/** Lists the collector reads directly: the route, which requests of it to hit (skip), and whether it pages. */
interface Target {
  name: string;
  route: string;
  skip: number;
  pages: boolean;
}

// Schedule instances, schedules and PIM for Groups lists come in pairs: the kinds alternate between the two.
const LISTS: Target[][] = [
  [{ name: "roleDefinitions", route: "roleManagement/directory/roleDefinitions", skip: 1, pages: true }],
  [
    {
      name: "eligibility instances",
      route: "roleManagement/directory/roleEligibilityScheduleInstances",
      skip: 1,
      pages: true,
    },
    {
      name: "assignment instances",
      route: "roleManagement/directory/roleAssignmentScheduleInstances",
      skip: 1,
      pages: true,
    },
  ],
  [
    { name: "eligibility schedules", route: "roleManagement/directory/roleEligibilitySchedules", skip: 1, pages: true },
    { name: "assignment schedules", route: "roleManagement/directory/roleAssignmentSchedules", skip: 1, pages: true },
  ],
  [{ name: "direct role assignments", route: "roleManagement/directory/roleAssignments", skip: 1, pages: true }],
  [{ name: "role settings (policies)", route: "policies/roleManagementPolicyAssignments", skip: 1, pages: true }],
  // The first page comes inside a $batch; the pages after it are direct requests.
  [
    { name: "transitiveMembers pages", route: "groups/{id}/transitiveMembers", skip: 0, pages: true },
    {
      name: "PIM for Groups eligibility pages",
      route: "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
      skip: 0,
      pages: true,
    },
  ],
  [{ name: "audit log (activations)", route: "auditLogs/directoryAudits", skip: 1, pages: true }],
  // The user count first, then one page of up to 500 users with signInActivity: the demo tenant has one.
  [{ name: "sign-ins (users)", route: "users", skip: 1, pages: false }],
];

interface Kind {
  name: string;
  /** One rule, or one per list in turn (the variants of a kind are spread over the lists). */
  rule: Omit<FaultRule, "route"> | Omit<FaultRule, "route">[];
  /** Only on lists with a next page to spoil. */
  paging?: true;
  /** `same`: a fault that passes (it fires once): the run must recover to the clean snapshot. `fail`: exit 3. */
  expect: "same" | "fail";
}

const DIRECT_KINDS: Kind[] = [
  { name: "429 Retry-After 1 s", rule: { kind: "status", status: 429, retryAfterSeconds: 1 }, expect: "same" },
  {
    name: "503 Retry-After as HTTP-date",
    rule: { kind: "status", status: 503, retryAfterSeconds: 1, retryAfterForm: "http-date" },
    expect: "same",
  },
  {
    name: "5xx without Retry-After",
    rule: [
      { kind: "status", status: 504 },
      { kind: "status", status: 500 },
      { kind: "status", status: 502 },
    ],
    expect: "same",
  },
  {
    name: "UnknownError-wrapped 503",
    rule: { kind: "status", status: 503, wrapped: true, retryAfterSeconds: 1 },
    expect: "same",
  },
  { name: "connection reset", rule: { kind: "reset" }, expect: "same" },
  { name: "body cut halfway", rule: { kind: "truncate" }, expect: "same" },
  { name: "latency 400 ms", rule: { kind: "latency", latencyMs: 400 }, expect: "same" },
  { name: "stall (never answered)", rule: { kind: "stall" }, expect: "same" },
  { name: "trickle (a byte per 50 ms)", rule: { kind: "trickle", trickleMs: 50 }, expect: "same" },
  // A proxy's error page is a 502 like any other; a captive portal's 200 page is not Graph at all: fail at once.
  { name: "HTML page 502 (proxy)", rule: { kind: "html", htmlStatus: 502 }, expect: "same" },
  { name: "HTML page 200 (captive portal)", rule: { kind: "html", htmlStatus: 200 }, expect: "fail" },
  {
    name: "redirect off the endpoint",
    rule: { kind: "redirect", location: "https://127.0.0.1:9/v1.0/elsewhere" },
    expect: "fail",
  },
  { name: "repeated nextLink", rule: { kind: "repeatNextLink" }, paging: true, expect: "fail" },
  {
    name: "malformed nextLink",
    rule: [
      { kind: "malformedNextLink", nextLink: 42 },
      { kind: "malformedNextLink", nextLink: "" },
      { kind: "malformedNextLink", nextLink: { href: "x" } },
    ],
    paging: true,
    expect: "fail",
  },
];

// Inside $batch: principal lookups, the role-holding groups' lists, and their PIM for Groups settings.
const BATCHED: Target[][] = [
  [
    { name: "$batch user lookups", route: "users/{id}", skip: 2, pages: false },
    { name: "$batch group lookups", route: "groups/{id}", skip: 1, pages: false },
  ],
  [
    { name: "$batch transitiveMembers", route: "groups/{id}/transitiveMembers", skip: 1, pages: false },
    {
      name: "$batch PIM for Groups assignments",
      route: "identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
      skip: 1,
      pages: false,
    },
  ],
  [{ name: "$batch group settings", route: "policies/roleManagementPolicyAssignments", skip: 1, pages: false }],
];

const BATCH_KINDS: Kind[] = [
  { name: "inner 429 Retry-After 1 s", rule: { kind: "batchThrottle", retryAfterSeconds: 1 }, expect: "same" },
  {
    name: "inner 429 Retry-After as HTTP-date",
    rule: { kind: "status", status: 429, retryAfterSeconds: 1, retryAfterForm: "http-date" },
    expect: "same",
  },
  {
    name: "inner 5xx without Retry-After",
    rule: [
      { kind: "status", status: 503 },
      { kind: "status", status: 500 },
      { kind: "status", status: 504 },
    ],
    expect: "same",
  },
  {
    name: "inner UnknownError-wrapped 503",
    rule: { kind: "status", status: 503, wrapped: true, retryAfterSeconds: 1 },
    expect: "same",
  },
];

const BATCH_ITSELF: Kind[] = [
  { name: "503 Retry-After 1 s", rule: { kind: "status", status: 503, retryAfterSeconds: 1 }, expect: "same" },
  {
    name: "429 Retry-After as HTTP-date",
    rule: { kind: "status", status: 429, retryAfterSeconds: 1, retryAfterForm: "http-date" },
    expect: "same",
  },
  { name: "connection reset", rule: { kind: "reset" }, expect: "same" },
  { name: "body cut halfway", rule: { kind: "truncate" }, expect: "same" },
  { name: "HTML page 502 (proxy)", rule: { kind: "html", htmlStatus: 502 }, expect: "same" },
  { name: "stall (never answered)", rule: { kind: "stall" }, expect: "same" },
  { name: "trickle (a byte per 50 ms)", rule: { kind: "trickle", trickleMs: 50 }, expect: "same" },
];

interface Case {
  name: string;
  faults: FaultRule[];
  expect: Kind["expect"];
}

/** The rule of a kind for the n-th list it is put on, and a name for its variant. */
function variant(kind: Kind, n: number): { rule: Omit<FaultRule, "route">; label: string } {
  if (!Array.isArray(kind.rule)) return { rule: kind.rule, label: kind.name };
  const rule = kind.rule[n % kind.rule.length]!;
  const detail =
    rule.kind === "status"
      ? String(rule.status)
      : rule.kind === "html"
        ? String(rule.htmlStatus)
        : JSON.stringify(rule.nextLink);
  return { rule, label: `${kind.name} (${detail})` };
}

function cases(): Case[] {
  const all: Case[] = [];
  const add = (target: Target, kind: Kind, n: number, extra: Partial<FaultRule>) => {
    const { rule, label } = variant(kind, n);
    // A nextLink fault spoils every page that has a next one (the last page has none to spoil); others fire once.
    const when = kind.paging ? { skip: 0 } : { skip: target.skip, times: 1 };
    all.push({
      name: `${target.name} × ${label}`,
      faults: [{ ...rule, route: target.route, ...when, ...extra }],
      expect: kind.expect,
    });
  };
  LISTS.forEach((pair, n) => {
    DIRECT_KINDS.forEach((kind, i) => {
      const target = pair[i % pair.length]!;
      if (!kind.paging || target.pages) add(target, kind, n, { inBatch: false });
    });
  });
  BATCHED.forEach((group, n) => {
    BATCH_KINDS.forEach((kind, i) => {
      add(group[i % group.length]!, kind, n, { inBatch: true });
    });
  });
  const itself: Target = { name: "$batch itself", route: "$batch", skip: 1, pages: false };
  for (const kind of BATCH_ITSELF) add(itself, kind, 0, {});
  return all;
}

const MATRIX = cases();

/** Small pages, so that every list pages; the long lists (137 roles and policies) in pages of 25, groups' in 1s. */
const PAGES = {
  pageSize: 3,
  routePageSizes: {
    "roleManagement/directory/roleDefinitions": 25,
    "policies/roleManagementPolicyAssignments": 25,
    "groups/{id}/transitiveMembers": 1,
    "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances": 1,
    "identityGovernance/privilegedAccess/group/assignmentScheduleInstances": 1,
  },
};
/** A case that has not ended by then has hung: it is killed and fails. */
const KILL_AFTER_MS = 100_000;
// Short enough that a stalled or trickling answer costs seconds; long enough for a loaded machine's clean requests.
const DEADLINES = ["--request-timeout", "5", "--collection-timeout", "60"];

interface Slot {
  emulator: RunningEmulator;
  caFile: string;
  clean: Buffer;
}

interface Run {
  code: number | null;
  stderr: string;
  killed: boolean;
  file: string;
}

function collect(slot: Pick<Slot, "emulator" | "caFile">): Promise<Run> {
  const file = join(tempDir("pim-audit-faults-"), "snapshot.json");
  const { emulator } = slot;
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NO_COLOR: "1",
      CI: "1",
      PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken(),
    };
    delete env.GITHUB_ACTIONS;
    const child = spawn(
      process.execPath,
      [
        cliBin,
        "collect",
        "--auth",
        "token",
        "--graph-endpoint",
        emulator.baseUrl,
        "--ca-file",
        slot.caFile,
        "--tenant",
        emulator.tenantId,
        "--at",
        FIXED_AT,
        "--out",
        file,
        ...DEADLINES,
      ],
      { cwd: repoRoot, env, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, KILL_AFTER_MS);
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stderr, killed, file });
    });
  });
}

// One emulator per concurrent case (vitest runs 5 concurrent tests at most): a case swaps its faults in, runs,
// and gives the emulator back.
const SLOTS = 5;
const free: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
async function withSlot<T>(use: (slot: Slot) => Promise<T>): Promise<T> {
  const slot = free.pop() ?? (await new Promise<Slot>((r) => waiting.push(r)));
  try {
    return await use(slot);
  } finally {
    slot.emulator.setFaults([]);
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  }
}
const emulators: RunningEmulator[] = [];

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("pim-audit: error"));

describe("fault matrix", () => {
  beforeAll(async () => {
    const slots = await Promise.all(
      Array.from({ length: SLOTS }, async (): Promise<Slot> => {
        const emulator = await startEmulator({
          tenant: "demo",
          now: new Date(FIXED_AT),
          throttle: { enabled: false },
          ...PAGES,
        });
        emulators.push(emulator);
        const caFile = join(tempDir("pim-audit-faults-ca-"), "ca.pem");
        writeFileSync(caFile, emulator.caCertPem);
        const run = await collect({ emulator, caFile });
        expect(run.code, run.stderr).toBe(0);
        expect(emulator.violations()).toEqual([]);
        return { emulator, caFile, clean: readFileSync(run.file) };
      }),
    );
    free.push(...slots);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.stop()));
  });

  describe("the clean run", () => {
    it("is the same snapshot on every emulator but for the endpoint, and pages every list", () => {
      const texts = free.map((s) => s.clean.toString("utf8").replace(s.emulator.baseUrl, "ENDPOINT"));
      expect(new Set(texts).size).toBe(1);
      const snapshot = JSON.parse(texts[0]!) as { completeness: { complete: boolean }; assignments: unknown[] };
      expect(snapshot.completeness.complete).toBe(true);
      expect(snapshot.assignments.length).toBeGreaterThan(30);
    });
  });

  describe.concurrent("fault matrix: the clean snapshot, byte for byte, or exit 3 naming the request", () => {
    it.each(MATRIX)("$name", async ({ faults, expect: expected }) => {
      await withSlot(async (slot) => {
        const { emulator } = slot;
        emulator.clearRequestLog();
        emulator.setFaults(faults);
        const run = await collect(slot);
        const fired = emulator.firedFaults();
        const violations = emulator.violations();

        expect(run.killed, `hung: killed after ${KILL_AFTER_MS / 1000} s\n${run.stderr}`).toBe(false);
        expect(fired.length, "the fault never fired: this case tests nothing").toBeGreaterThan(0);
        expect(violations, "the client broke a Retry-After or paged with a URL never issued").toEqual([]);
        if (expected === "same") expect(run.code, `expected the clean snapshot\n${run.stderr}`).toBe(0);
        if (expected === "fail") expect(run.code, `expected exit 3\n${run.stderr}`).toBe(3);
        if (run.code === 0) {
          expect(existsSync(run.file)).toBe(true);
          expect(readFileSync(run.file).equals(slot.clean), "exit 0 with a snapshot unlike the clean run's").toBe(true);
        } else {
          expect(run.code, run.stderr).toBe(3);
          const named =
            errorLines(run.stderr).join("\n") +
            run.stderr
              .split("\n")
              .filter((l) => l.includes("gap:"))
              .join("\n");
          expect(named, run.stderr).toMatch(/(GET|POST) \/[\w$]/);
        }
      });
    });
  });
});

describe("pim-audit emulator --faults FILE", () => {
  it("a fault file with a mistake is exit 2, one line naming file:line:column", async () => {
    const file = join(tempDir(), "faults.yaml");
    writeFileSync(file, "faults:\n  - route: users\n    kind: status\n    status: 418\n");
    const result = await pimAudit(["emulator", "--faults", file]);
    expect(result.code).toBe(2);
    const errors = result.stderr.split("\n").filter((l) => l.includes("error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${file}:4:13`);
    expect(errors[0]).toContain("/faults/0/status must be one of");
  });

  it("serves the faults, and on stop prints the early retry and the forged paging URL it saw", async () => {
    const file = join(tempDir(), "faults.json");
    writeFileSync(
      file,
      JSON.stringify({
        faults: [{ route: "organization", kind: "status", status: 429, retryAfterSeconds: 30, times: 1 }],
      }),
    );
    const child = spawn(process.execPath, [cliBin, "emulator", "--faults", file, "--page-size", "2", "--json"], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    const closed = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    while (!stdout.includes("\n")) {
      if (child.exitCode !== null) throw new Error(`the emulator ended: ${stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const info = JSON.parse(stdout.split("\n")[0]!) as { baseUrl: string; caFile: string; token: string };
    const ca = readFileSync(info.caFile, "utf8");
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolveGet, reject) => {
        const req = request(
          `${info.baseUrl}${path}`,
          { ca, headers: { Authorization: `Bearer ${info.token}` } },
          (res) => {
            let body = "";
            res.setEncoding("utf8").on("data", (d: string) => {
              body += d;
            });
            res.on("end", () => resolveGet({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.end();
      });
    expect((await get("/v1.0/organization")).status).toBe(429);
    expect((await get("/v1.0/organization")).status).toBe(200);
    const page = JSON.parse((await get("/v1.0/users")).body) as { "@odata.nextLink": string; value: unknown[] };
    expect(page.value).toHaveLength(2);
    await get("/v1.0/users?$skiptoken=forged");
    child.kill("SIGINT");
    expect(await closed).toBe(0);
    const stopped = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      violations: { kind: string; request: string }[];
    };
    expect(stopped.violations.map((v) => `${v.kind} ${v.request}`)).toEqual([
      "earlyRetry GET /v1.0/organization",
      "unissuedPagingUrl GET /v1.0/users?$skiptoken=forged",
    ]);
  });
});
