// Evaluates a policy body (YAML after the standard header) against a snapshot, for rule tests.
import type { FindingsReport, Snapshot } from "@pim-audit/model";
import { evaluate } from "../evaluate/evaluate.js";
import { policyFrom } from "./policy-files.js";
import { AT } from "./tenant.js";

export async function run(body: string, snapshot: Snapshot, at: Date = AT): Promise<FindingsReport> {
  return evaluate(snapshot, await policyFrom(body), { at, toolVersion: "test" });
}

/** [principal or role, message] pairs, the shape most rule tests assert on. */
export function found(report: FindingsReport): string[][] {
  return report.findings.map((f) => [f.subject.principalName ?? f.subject.roleName ?? "", f.message]);
}
