// Preloaded (node --import) into a CLI process: on exit, write its CPU time and peak RSS where the bench asked.
import { writeFileSync } from "node:fs";

// Set by bench/lib/cli-process.js for this process only; it never affects a build.
const USAGE_FILE_VARIABLE = "PIM_AUDIT_BENCH_USAGE_FILE";
const file = process.env[USAGE_FILE_VARIABLE];
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakRssMiB: usage.maxRSS / 1024 }),
    );
  });
}
