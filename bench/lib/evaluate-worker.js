// One repetition of an evaluation scenario, in its own process: read a collected snapshot (enlarged in
// memory when the scenario asks), then time loading the policy packs and evaluating them, which is what
// `pim-audit evaluate` does between reading the snapshot and writing reports.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { enlarge } from "./enlarge.js";
import { startMeasure } from "./measure.js";
import { POLICY_DIR, packageEntry } from "./paths.js";

const spec = JSON.parse(process.argv[2]);
const { loadPolicies, evaluate } = await import(pathToFileURL(packageEntry("rules-engine")).href);

const readStarted = performance.now();
const snapshot = enlarge(JSON.parse(await readFile(spec.snapshotFile, "utf8")), spec.factor ?? 1);
const readMs = performance.now() - readStarted;

const stop = startMeasure();
const policies = await loadPolicies(spec.packs.map((pack) => join(POLICY_DIR, `${pack}.yaml`)));
const report = evaluate(snapshot, policies, { at: new Date(spec.now), toolVersion: "bench" });
const measured = stop();
process.send({
  ...measured,
  snapshotReadMs: readMs,
  assignments: snapshot.assignments.length,
  principals: snapshot.principals.length,
  findings: report.findings.length,
});
