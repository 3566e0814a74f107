import { hash } from "node:crypto";
import type { FindingSubject } from "@pim-audit/model";

// Characters JSON.stringify would escape (quote, backslash, controls) or check (surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON escapes are what it looks for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `fingerprint` for one rule, with the rule's part of the key serialised once. */
export function fingerprinter(ruleId: string): (subject: FindingSubject) => string {
  const prefix = `[${JSON.stringify(ruleId)}`;
  // The key is joined from its parts in one step, so hashing it flattens no chain of partial strings.
  const parts: string[] = [prefix, ",", "", ",", "", ",", "", ",", "", "]"];
  const put = (at: number, value: string | null) => {
    parts[at] = value === null ? "null" : NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
  };
  return (subject) => {
    put(2, subject.principalId);
    put(4, subject.roleId);
    put(6, subject.directoryScopeId);
    put(8, subject.state);
    return hash("sha256", parts.join(""), "hex");
  };
}

/**
 * Stable across runs and tool versions: rule + principal + role + scope + state, nothing else.
 * The SHA-256 (hex) of `JSON.stringify([ruleId, principalId, roleId, directoryScopeId, state])`.
 */
export function fingerprint(ruleId: string, subject: FindingSubject): string {
  return fingerprinter(ruleId)(subject);
}
