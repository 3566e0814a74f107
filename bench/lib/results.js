// Turning repetitions into the result file: medians and spread, the targets judged, the Markdown table,
// and the ratios against an earlier result file.
import { SCALING } from "./scenarios.js";

const METRICS = ["wallMs", "cpuMs", "peakRssMiB"];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function stats(values) {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return {
    median: round(m),
    min: round(min),
    max: round(max),
    spreadPct: m === 0 ? 0 : round(((max - min) / m) * 100),
  };
}

/** The per-scenario summary: median and spread of each measure, and the counts the first repetition saw. */
export function summarise(scenario, reps) {
  const ok = reps.filter((r) => r.error === undefined);
  const summary = { id: scenario.id, title: scenario.title, kind: scenario.kind, repetitions: ok.length };
  if (ok.length < reps.length) summary.error = String(reps.find((r) => r.error !== undefined).error).slice(0, 400);
  if (ok.length === 0) return summary;
  for (const metric of METRICS) summary[metric] = stats(ok.map((r) => r[metric]));
  const first = ok[0];
  for (const key of [
    "assignments",
    "principals",
    "findings",
    "requests",
    "resourceUnits",
    "batchedRequests",
    "exitCode",
    "written",
  ]) {
    if (first[key] !== undefined) summary[key] = first[key];
  }
  if (first.snapshotReadMs !== undefined) summary.snapshotReadMs = stats(ok.map((r) => r.snapshotReadMs));
  if (first.emulatorCpuMs !== undefined) summary.emulatorCpuMs = stats(ok.map((r) => r.emulatorCpuMs));
  if (first.phases !== undefined) summary.phasesDoneAtMs = first.phases;
  if (first.lowerBound !== undefined) {
    summary.requestsMax = Math.max(...ok.map((r) => r.requests));
    summary.lowerBound = first.lowerBound;
    summary.requestsVsLowerBound = round(summary.requestsMax / first.lowerBound, 3);
    summary.naiveRequests = first.naiveRequests;
    summary.naiveRatio = round(first.naiveRequests / first.requests, 1);
    // Graph's identity and access quota for a tenant of more than 500 users: 8,000 RU per 10 s per app.
    summary.quotaFloorSeconds = round(Math.max(0, (first.resourceUnits - 8000) / 800), 1);
    summary.complete = first.complete;
    summary.gaps = first.gaps;
    summary.snapshotSha256 = [...new Set(ok.map((r) => r.snapshotSha256))];
  }
  if (first.throttle !== undefined && (first.throttle.responses429 > 0 || first.throttle.innerResponses429 > 0)) {
    summary.throttle = ok.map((r) => ({
      responses429: r.throttle.responses429,
      innerResponses429: r.throttle.innerResponses429,
      retried: r.throttle.retried,
      retriesCounted: r.retries,
      retryAfterSeconds: round(r.throttle.imposedSeconds, 2),
      waitedSeconds: round(r.throttle.waitedSeconds, 2),
    }));
  }
  return summary;
}

const describeMax = (metric, max) =>
  metric === "wallMs"
    ? `wall <= ${max / 1000} s`
    : metric === "peakRssMiB"
      ? `peak RSS <= ${max / 1024} GiB`
      : `${metric} <= ${max}`;

/** Each target of a scenario with the measured value beside it and whether it holds. */
export function judge(scenario, summary, byId) {
  return scenario.targets.map((target) => {
    if (summary.error !== undefined && summary.repetitions === 0) {
      return {
        target: typeof target === "string" ? target : describeMax(target.metric, target.max),
        met: false,
        value: "failed (see error)",
      };
    }
    if (typeof target === "object") {
      // Times are held to the median, memory to the worst repetition.
      const stat = target.metric === "peakRssMiB" ? "max" : "median";
      const value = summary[target.metric][stat];
      return {
        target: `${stat === "max" ? "" : "median "}${describeMax(target.metric, target.max)}`,
        value:
          stat === "max"
            ? `${value} (worst of ${summary.repetitions})`
            : `${value} (median of ${summary.repetitions}; worst ${summary[target.metric].max})`,
        met: value <= target.max,
      };
    }
    switch (target) {
      case "requestsVsLowerBound":
        return {
          target: "requests <= 1.1 x lower bound",
          value: `${summary.requestsMax} / ${summary.lowerBound} = ${summary.requestsVsLowerBound}`,
          met: summary.requestsVsLowerBound <= 1.1,
        };
      case "completes":
        return {
          target: "completes",
          value: summary.error === undefined ? "yes" : "failed (see error)",
          met: summary.error === undefined,
        };
      case "sameSnapshot": {
        const reference = byId.get(scenario.sameSnapshotAs);
        const ours = summary.snapshotSha256 ?? [];
        const theirs = reference?.snapshotSha256 ?? [];
        const met = ours.length === 1 && theirs.length === 1 && ours[0] === theirs[0];
        return {
          target: `snapshot identical to ${scenario.sameSnapshotAs}`,
          value: reference
            ? `${ours.map((h) => h.slice(0, 12)).join(",")} vs ${theirs.map((h) => h.slice(0, 12)).join(",")}`
            : "reference not run",
          met,
        };
      }
      case "waitMatchesRetryAfter": {
        const runs = summary.throttle ?? [];
        // The Graph SDK's RetryHandler adds up to 1 s of random jitter to each Retry-After it honours.
        const met =
          runs.length > 0 &&
          runs.every(
            (t) =>
              t.waitedSeconds >= t.retryAfterSeconds * 0.98 &&
              t.waitedSeconds <= t.retryAfterSeconds + t.retried * 1.1 + 0.5,
          );
        return {
          target: "total wait close to the Retry-After values (>= them, <= them + 1 s jitter per retry)",
          value:
            runs.length === 0
              ? "no 429 happened"
              : runs
                  .map(
                    (t) => `${t.waitedSeconds} s waited / ${t.retryAfterSeconds} s imposed over ${t.retried} retries`,
                  )
                  .join("; "),
          met,
        };
      }
      default:
        throw new Error(`unknown target ${target}`);
    }
  });
}

/** Time per assignment at 10x against 1x, scaled to "time at 10x the assignments". */
export function scaling(byId) {
  return SCALING.flatMap(({ id, from, to, maxRatio }) => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a?.wallMs || !b?.wallMs) return [];
    const sizeRatio = b.assignments / a.assignments;
    const timeRatio = b.wallMs.median / a.wallMs.median;
    const at10x = round((timeRatio / sizeRatio) * 10, 2);
    return [
      {
        id,
        from,
        to,
        sizeRatio: round(sizeRatio, 2),
        timeRatio: round(timeRatio, 2),
        timeAt10x: at10x,
        target: `time at 10x the assignments <= ${maxRatio}x`,
        met: at10x <= maxRatio,
      },
    ];
  });
}

const fmt = (s) => (s === undefined ? "" : `${s.median} (${s.min}-${s.max})`);

export function markdown(result) {
  const lines = [
    `# pim-audit benchmark results`,
    "",
    `${result.startedAt}, commit ${result.commit}, Node ${result.node}, ${result.machine.cpus} x ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, ${result.machine.platform}, load average ${result.machine.loadAverage?.before ?? "?"} before / ${result.machine.loadAverage?.after ?? "?"} after${result.mode === "full" ? "" : ` (${result.mode} run)`}`,
    "",
    "| scenario | reps | assignments | wall ms median (min-max) | CPU ms | peak RSS MiB | requests | lower bound | RU | naive requests (ratio) |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of result.scenarios) {
    if (s.repetitions === 0) {
      lines.push(`| ${s.id} | 0 | | failed (below) | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${s.id} | ${s.repetitions} | ${s.assignments ?? ""} | ${fmt(s.wallMs)} | ${fmt(s.cpuMs)} | ${fmt(s.peakRssMiB)} | ${s.requests ?? ""} | ${s.lowerBound ?? ""} | ${s.resourceUnits ?? ""} | ${s.naiveRequests === undefined ? "" : `${s.naiveRequests} (${s.naiveRatio}x)`} |`,
    );
  }
  const failed = result.scenarios.filter((s) => s.error !== undefined);
  if (failed.length > 0) lines.push("", ...failed.map((s) => `- ${s.id} failed: ${s.error}`));
  return `${lines.join("\n")}\n\n${targetsTable(result)}`;
}

/** Each target with the measured value beside it. */
export function targetsTable(result) {
  const lines = [
    `Measured ${result.startedAt} at commit ${result.commit} (load average ${result.machine.loadAverage?.before ?? "?"} before the run).`,
    "",
    "| scenario | target | measured | holds |",
    "|---|---|---|---|",
  ];
  for (const s of result.scenarios) {
    for (const t of s.targets) lines.push(`| ${s.id} | ${t.target} | ${t.value} | ${t.met ? "yes" : "**no**"} |`);
  }
  for (const s of result.scaling) {
    lines.push(
      `| ${s.id} | ${s.target} | ${s.to} / ${s.from}: ${s.timeRatio}x time for ${s.sizeRatio}x assignments = ${s.timeAt10x}x at 10x | ${s.met ? "yes" : "**no**"} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** new / old for every shared scenario and measure; > 1 means the new run is slower or larger. */
export function compare(current, earlier) {
  const old = new Map(earlier.scenarios.map((s) => [s.id, s]));
  const rows = [];
  for (const s of current.scenarios) {
    const e = old.get(s.id);
    if (!e) continue;
    const row = { id: s.id };
    for (const metric of METRICS)
      if (s[metric] && e[metric]) row[metric] = round(s[metric].median / e[metric].median, 3);
    if (s.requests !== undefined && e.requests) row.requests = round(s.requests / e.requests, 3);
    if (s.resourceUnits !== undefined && e.resourceUnits)
      row.resourceUnits = round(s.resourceUnits / e.resourceUnits, 3);
    rows.push(row);
  }
  return rows;
}
