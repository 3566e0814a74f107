// One repetition of a CLI scenario: `--version`, `policy validate policies/`, or a whole `run`
// against the emulator (in its own process) with every format and an evidence bundle.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli-process.js";
import { startEmulatorProcess } from "./emulator-client.js";
import { POLICY_DIR } from "./paths.js";

const spec = JSON.parse(process.argv[2]);

async function fullRun() {
  const emulator = await startEmulatorProcess({
    tenant: spec.tenant,
    seed: spec.seed,
    now: spec.now,
    latency: spec.latency ?? {},
    throttle: { enabled: false },
  });
  const work = await mkdtemp(join(tmpdir(), "pim-audit-bench-run-"));
  try {
    const caFile = join(work, "ca.pem");
    await writeFile(caFile, emulator.caCertPem);
    const result = await runCli(
      [
        "run",
        "--graph-endpoint",
        emulator.baseUrl,
        "--auth",
        "token",
        "--ca-file",
        caFile,
        "--tenant",
        emulator.tenantId,
        "--policy",
        join(POLICY_DIR, "baseline.yaml"),
        "--policy",
        join(POLICY_DIR, "cisa-scuba.yaml"),
        "--at",
        spec.now,
        "--out",
        join(work, "out"),
        "--format",
        "csv,json,md,sarif,junit",
        "--evidence",
        join(work, "evidence"),
        "--fail-on",
        "never",
      ],
      // Exit 3 = the collection is incomplete (the emulator does not serve every list yet); the outputs are still written.
      { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.token }, expectExit: [0, 3] },
    );
    const served = await emulator.summary();
    const written = {
      out: (await readdir(join(work, "out"))).sort(),
      evidence: (await readdir(join(work, "evidence"), { recursive: true })).length,
    };
    return { ...result, written, requests: served.requests, resourceUnits: served.resourceUnits };
  } finally {
    await emulator.stop();
    await rm(work, { recursive: true, force: true });
  }
}

let result;
try {
  if (spec.cli === "version") result = await runCli(["--version"]);
  else if (spec.cli === "policy-validate") result = await runCli(["policy", "validate", "policies/"]);
  else result = await fullRun();
  const { stdout: _stdout, ...numbers } = result;
  process.send(numbers);
} catch (error) {
  process.send({ error: String(error?.message ?? error) });
  process.exitCode = 1;
}
