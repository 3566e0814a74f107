// One repetition of a collection scenario, in its own process: the emulator runs in another process,
// so wall time, CPU time and peak RSS below are the collector's.
import { createHash } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulatorProcess } from "./emulator-client.js";
import { startMeasure } from "./measure.js";
import { POLICY_DIR, packageEntry } from "./paths.js";
import { lowerBound, naiveRequests } from "./request-counts.js";

const LIST_COLLECTIONS = new Set([
  "roleDefinitions",
  "roleEligibilityScheduleInstances",
  "roleAssignmentScheduleInstances",
  "roleEligibilitySchedules",
  "roleAssignmentSchedules",
  "roleAssignments",
  "roleManagementPolicyAssignments",
  "directoryAudits",
]);

const spec = JSON.parse(process.argv[2]);
const { collectFromGraph } = await import(pathToFileURL(packageEntry("collector")).href);
const { stableJson } = await import(pathToFileURL(packageEntry("model")).href);
const { loadPolicies, piecesNeeded } = await import(pathToFileURL(packageEntry("rules-engine")).href);
// What `run` with the shipped packs reads: every piece but sign-in activity, which Graph paces at 10 requests a
// minute (a 100k-user list alone is 20 minutes) and which no rule of the packs needs.
const packs = await loadPolicies([join(POLICY_DIR, "baseline.yaml"), join(POLICY_DIR, "cisa-scuba.yaml")]);
const pieces = new Set(piecesNeeded(packs).keys());

const now = new Date(spec.now);
const pageSize = spec.pageSize ?? 100;
const emulator = await startEmulatorProcess({
  tenant: spec.tenant,
  seed: spec.seed,
  now: spec.now,
  pageSize,
  latency: spec.latency ?? {},
  throttle: spec.throttle ?? { enabled: false },
});

const lists = {};
/** When each collection finished, in ms from the start: where the wall time goes. */
const phases = {};
let retries = 0;
const stop = startMeasure();
const started = performance.now();
let snapshot;
try {
  snapshot = await collectFromGraph({
    auth: "token",
    env: { PIM_AUDIT_ACCESS_TOKEN: emulator.token },
    graphEndpoint: emulator.baseUrl,
    caPem: emulator.caCertPem,
    tenantId: emulator.tenantId,
    cloud: "global",
    toolVersion: "bench",
    now,
    pieces,
    ...(spec.retryBudget === undefined ? {} : { retryBudget: spec.retryBudget }),
    onProgress: (event) => {
      if (event.kind === "collection-done") {
        if (LIST_COLLECTIONS.has(event.collection)) lists[event.collection] = event.items;
        phases[event.collection] = Math.round(performance.now() - started);
      }
      if (event.kind === "retry") retries = event.retries;
    },
  });
} catch (error) {
  await emulator.stop();
  process.send({ error: error?.toOneLine?.() ?? String(error?.message ?? error) }, () => process.exit(1));
  await new Promise(() => {});
}
const measured = stop();
const served = await emulator.summary();
await emulator.stop();

const groupIds = new Set(snapshot.principals.filter((p) => p.type === "group").map((p) => p.id));
const roleGroups = new Set(
  snapshot.assignments
    .filter((a) => a.memberType === "direct" && groupIds.has(a.principalId))
    .map((a) => a.principalId),
).size;
if (spec.snapshotOut) {
  await mkdir(dirname(spec.snapshotOut), { recursive: true });
  await writeFile(`${spec.snapshotOut}.tmp`, stableJson(snapshot));
  await rename(`${spec.snapshotOut}.tmp`, spec.snapshotOut);
}
process.send({
  ...measured,
  requests: served.requests,
  resourceUnits: served.resourceUnits,
  batchedRequests: served.batchedRequests,
  statuses: served.statuses,
  byRoute: served.byRoute,
  throttle: served.throttle,
  emulatorCpuMs: served.emulatorCpuMs,
  retries,
  phases,
  lowerBound: lowerBound({ lists, pageSize, roleGroups, principals: snapshot.principals.length }),
  naiveRequests: naiveRequests({ listPages: served.listPages, snapshot }),
  assignments: snapshot.assignments.length,
  principals: snapshot.principals.length,
  complete: snapshot.completeness.complete,
  gaps: snapshot.completeness.gaps.map((g) => g.piece),
  // The emulator's port changes per run; everything else in the snapshot must be identical.
  snapshotSha256: createHash("sha256")
    .update(stableJson({ ...snapshot, source: { ...snapshot.source, endpoint: "https://127.0.0.1:PORT/v1.0" } }))
    .digest("hex"),
});
