import { hash } from "node:crypto";
import type { FindingSubject } from "@pim-audit/model";

/** Stable across runs and tool versions: rule + principal + role + scope + state, nothing else. */
export function fingerprint(ruleId: string, subject: FindingSubject): string {
  const key = [ruleId, subject.principalId, subject.roleId, subject.directoryScopeId, subject.state];
  return hash("sha256", JSON.stringify(key), "hex");
}
