// The stages a command wires together: policies, evaluation, reports, evidence.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  type DataPiece,
  type FindingsReport,
  InputError,
  type Snapshot,
  strictIsoMillis,
  withoutQuotedInput,
} from "@pim-audit/model";
import { resolvePolicyArgs } from "./packs.js";
import type { Settings } from "./settings.js";
import { toolVersion } from "./version.js";

export function parseAt(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
  // Not Date.parse alone: it reads 2026-02-30 as March 2nd.
  const time = iso.test(value) ? strictIsoMillis(value) : null;
  if (time === null) {
    throw new InputError("FLAG_INVALID", `--at '${value}' is not an ISO 8601 time (a real date and time of day).`, {
      hint: "Use e.g. 2026-11-01 or 2026-11-01T09:00:00Z.",
    });
  }
  return new Date(time);
}

export async function loadPolicySet(settings: Settings, cwd: string) {
  const { loadPolicies } = await import("@pim-audit/rules-engine");
  // Paths stay as given (packs relative to the working directory when inside it), so reports name
  // them the same on every machine.
  return loadPolicies(resolvePolicyArgs(settings.policies, cwd), { cwd });
}

export type LoadedPolicies = Awaited<ReturnType<typeof loadPolicySet>>;

/** What a collection for these policies must read: their rules' needs and the assignments export's. */
export async function neededPieces(policies: LoadedPolicies): Promise<Set<DataPiece>> {
  const { piecesNeeded } = await import("@pim-audit/rules-engine");
  return new Set(piecesNeeded(policies).keys());
}

export async function readBaseline(path: string | undefined, cwd: string): Promise<Set<string> | undefined> {
  if (!path) return undefined;
  const file = resolve(cwd, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new InputError(
      "FILE_UNREADABLE",
      `--baseline ${path}: cannot read it as JSON (${withoutQuotedInput((cause as Error).message)}).`,
      {
        hint: "Give a findings.json written by pim-audit.",
        cause,
      },
    );
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (
    !Array.isArray(findings) ||
    findings.some((f) => typeof (f as { fingerprint?: unknown }).fingerprint !== "string")
  ) {
    throw new InputError(
      "FILE_UNREADABLE",
      `--baseline ${path}: not a pim-audit findings.json (no findings[].fingerprint).`,
      {
        hint: "Give a findings.json written by pim-audit run or evaluate.",
      },
    );
  }
  return new Set(findings.map((f) => (f as { fingerprint: string }).fingerprint));
}

export async function evaluateSnapshot(
  snapshot: Snapshot,
  policies: LoadedPolicies,
  at: Date,
  baseline: Set<string> | undefined,
): Promise<FindingsReport> {
  const { evaluate } = await import("@pim-audit/rules-engine");
  return evaluate(snapshot, policies, { at, toolVersion, ...(baseline ? { baseline } : {}) });
}

/** Policy files as the reporter needs them: repository-relative paths for SARIF, content for evidence. */
export function policyContext(policies: LoadedPolicies, cwd: string) {
  return policies.map((p) => ({
    file: p.file,
    relativePath: repoRelative(p.file, cwd),
    content: readFileSync(p.file, "utf8"),
  }));
}

function repoRelative(file: string, cwd: string): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return relative(dir, file).split("\\").join("/");
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return relative(cwd, file).split("\\").join("/");
}
