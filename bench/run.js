// `pnpm bench`: runs the issue-8 scenarios, one child process per repetition, and writes the results.
// Usage: node bench/run.js [--smoke] [--scenario ID[,ID]]... [--reps N] [--out FILE] [--compare FILE] [--results FILE]
import { execFileSync, fork } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, CACHE_DIR, packageEntry, ROOT } from "./lib/paths.js";
import { compare, judge, markdown, scaling, summarise, targetsTable } from "./lib/results.js";
import { NOW, SCENARIOS, SEED } from "./lib/scenarios.js";

const WORKERS = {
  collect: join(BENCH_DIR, "lib", "collect-worker.js"),
  evaluate: join(BENCH_DIR, "lib", "evaluate-worker.js"),
  cli: join(BENCH_DIR, "lib", "cli-worker.js"),
};
/** No repetition may run longer than this; a stuck one is killed and reported. */
const REPETITION_TIMEOUT_MS = 5 * 60_000;

const HELP = `node bench/run.js [options]   (pnpm bench [options] builds first)
  --smoke             tiny tenants, one repetition each (about a minute); writes bench/.cache/smoke.{json,md}
  --scenario ID       run only these scenarios (repeat or comma-separate); ids: ${SCENARIOS.map((s) => s.id).join(", ")}
  --reps N            repetitions per scenario instead of each scenario's own count
  --out FILE          result file (default bench/results/latest.json for a full run, bench/.cache/partial.json otherwise)
  --compare FILE      print new/old ratios against an earlier result file
  --results FILE      do not run: read this result file (with --compare, compares two files)
  --cpu-prof DIR      write a V8 CPU profile of every process (worker, emulator, CLI) to DIR`;

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      scenario: { type: "string", multiple: true, default: [] },
      reps: { type: "string" },
      out: { type: "string" },
      compare: { type: "string" },
      results: { type: "string" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${error.message}\n${HELP}`);
}
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const wanted = args.scenario.flatMap((s) => s.split(",")).filter(Boolean);
for (const id of wanted)
  if (!SCENARIOS.some((s) => s.id === id))
    fail(`--scenario ${id} is not a scenario; use one of ${SCENARIOS.map((s) => s.id).join(", ")}.`);
const reps = args.reps === undefined ? undefined : Number(args.reps);
if (reps !== undefined && !(Number.isInteger(reps) && reps >= 1 && reps <= 50))
  fail(`--reps ${args.reps} must be a whole number from 1 to 50.`);

async function readResultFile(file, flag) {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    fail(`${flag} ${file}: cannot read it as a result file (${error.message}).`);
  }
}

const profileArgv = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${resolve(args["cpu-prof"])}`] : [];

/** Runs one repetition in a fresh process and returns what it reported. */
function runWorker(kind, spec) {
  return new Promise((resolve) => {
    const child = fork(WORKERS[kind], [JSON.stringify(spec)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      execArgv: profileArgv,
    });
    let answer;
    const timer = setTimeout(() => {
      answer = { error: `timed out after ${REPETITION_TIMEOUT_MS / 1000} s` };
      child.kill("SIGKILL");
    }, REPETITION_TIMEOUT_MS);
    child.on("message", (message) => {
      answer ??= message;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(answer ?? { error: `the ${kind} process exited (${signal ?? code}) without a result` });
    });
  });
}

/** The dist the snapshots come from (hashed once per run): a changed generator or collector makes a new cache entry. */
let snapshotKey;
function buildKey() {
  const hash = createHash("sha256");
  for (const name of ["model", "graph-emulator", "collector"]) {
    const dist = join(ROOT, "packages", name, "dist");
    const files = readdirSync(dist, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".js"))
      .sort();
    for (const file of files) {
      hash.update(file);
      hash.update(readFileSync(join(dist, file)));
    }
  }
  return hash.digest("hex").slice(0, 12);
}

/** The snapshot an evaluation reads: collected once from the emulator without latency, and cached. */
async function snapshotFor(users) {
  snapshotKey ??= buildKey();
  const file = join(CACHE_DIR, `snapshot-u${users}-s${SEED}-${snapshotKey}.json`);
  if (!existsSync(file)) {
    process.stderr.write(
      `  preparing a snapshot of ${users} users (collected once, cached in ${relative(ROOT, CACHE_DIR)}/)\n`,
    );
    // Snapshots of earlier builds are not read again.
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const name of readdirSync(CACHE_DIR)) {
      if (name.startsWith(`snapshot-u${users}-s${SEED}-`)) rmSync(join(CACHE_DIR, name), { force: true });
    }
    const result = await runWorker("collect", {
      tenant: { users },
      seed: SEED,
      now: NOW,
      latency: {},
      snapshotOut: file,
    });
    if (result.error) throw new Error(`preparing the snapshot failed: ${result.error}`);
  }
  return file;
}

async function runScenario(scenario, smoke) {
  const spec = { seed: SEED, now: NOW, ...scenario.spec, ...(smoke ? scenario.smoke : {}) };
  const count = smoke ? 1 : (reps ?? scenario.reps);
  let workerSpec = spec;
  if (scenario.kind === "evaluate") {
    try {
      workerSpec = { ...spec, snapshotFile: await snapshotFor(spec.users) };
    } catch (error) {
      return [{ error: error.message }];
    }
  }
  const results = [];
  for (let i = 0; i < count; i++) {
    const result = await runWorker(scenario.kind, workerSpec);
    results.push(result);
    process.stderr.write(
      `  ${scenario.id} #${i + 1}: ${result.error ?? `${Math.round(result.wallMs)} ms wall, ${Math.round(result.cpuMs)} ms CPU, ${Math.round(result.peakRssMiB)} MiB`}\n`,
    );
    if (result.error) break;
  }
  return results;
}

function commit() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages", "policies"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    return dirty === "" ? head : `${head}+uncommitted`;
  } catch {
    return "unknown";
  }
}

const round2 = (value) => Math.round(value * 100) / 100;

async function runAll() {
  const loadBefore = round2(loadavg()[0]);
  for (const name of ["model", "graph-emulator", "collector", "rules-engine", "reporter"]) packageEntry(name);
  const chosen = SCENARIOS.filter((s) => (wanted.length === 0 || wanted.includes(s.id)) && (!args.smoke || s.smoke));
  const mode = args.smoke ? "smoke" : wanted.length > 0 || reps !== undefined ? "partial" : "full";
  const startedAt = new Date().toISOString();
  const summaries = [];
  const byId = new Map();
  for (const scenario of chosen) {
    process.stderr.write(`${scenario.id}: ${scenario.title}\n`);
    const summary = summarise(scenario, await runScenario(scenario, args.smoke));
    summaries.push(summary);
    byId.set(scenario.id, summary);
  }
  for (const summary of summaries)
    summary.targets = judge(
      SCENARIOS.find((s) => s.id === summary.id),
      summary,
      byId,
    );
  const cpu = cpus();
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode,
    commit: commit(),
    node: process.version,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      // Other work on the machine skews wall times; the 1-minute load average before and after says how much.
      loadAverage: { before: loadBefore, after: round2(loadavg()[0]) },
      platform: `${platform()} ${release()}`,
    },
    settings: { now: NOW, seed: SEED },
    scenarios: summaries,
    scaling: scaling(byId),
  };
}

/** bench/README.md keeps the targets with the latest full run's values between two markers. */
async function updateReadme(result) {
  const file = join(BENCH_DIR, "README.md");
  const text = await readFile(file, "utf8").catch(() => null);
  const start = "<!-- latest results: written by bench/run.js -->";
  const end = "<!-- end of latest results -->";
  if (text === null || !text.includes(start) || !text.includes(end)) return;
  const table = targetsTable(result);
  await writeFile(
    file,
    `${text.slice(0, text.indexOf(start) + start.length)}\n\n${table}\n${text.slice(text.indexOf(end))}`,
  );
  // The repository's formatter owns Markdown layout (`pnpm test` checks it), so it aligns the table.
  try {
    execFileSync(join(ROOT, "node_modules", ".bin", "biome"), ["format", "--write", file], {
      cwd: ROOT,
      stdio: "ignore",
    });
  } catch {
    process.stderr.write("bench: could not run biome to align the table in bench/README.md; run `pnpm format`.\n");
  }
}

const result = args.results ? await readResultFile(args.results, "--results") : await runAll();
if (!args.results) {
  const out =
    args.out ??
    (result.mode === "full" ? join(BENCH_DIR, "results", "latest.json") : join(CACHE_DIR, `${result.mode}.json`));
  await mkdir(join(out, ".."), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${out.replace(/\.json$/, "")}.md`, markdown(result));
  process.stderr.write(`wrote ${relative(process.cwd(), out)} and its .md table\n`);
  if (result.mode === "full" && args.out === undefined) await updateReadme(result);
}
process.stdout.write(markdown(result));
if (args.compare) {
  const earlier = await readResultFile(args.compare, "--compare");
  const rows = compare(result, earlier);
  process.stdout.write(
    `\nnew / old against ${args.compare} (${earlier.commit}, ${earlier.startedAt}); above 1 = slower or larger\n\n`,
  );
  process.stdout.write("| scenario | wall | CPU | peak RSS | requests | resource units |\n|---|---|---|---|---|---|\n");
  for (const r of rows)
    process.stdout.write(
      `| ${r.id} | ${r.wallMs ?? ""} | ${r.cpuMs ?? ""} | ${r.peakRssMiB ?? ""} | ${r.requests ?? ""} | ${r.resourceUnits ?? ""} |\n`,
    );
  if (rows.length === 0) process.stdout.write("(no scenario in common)\n");
}
if (result.scenarios.some((s) => s.repetitions === 0)) process.exitCode = 1;
