import { hash } from "node:crypto";
import type { FindingSubject } from "@pim-audit/model";

// Characters JSON.stringify would escape (quote, backslash, controls) or check (surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON escapes are what it looks for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

const quoted = (value: string | null) =>
  value === null ? "null" : NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;

/** `fingerprint` for one rule, with the rule's part of the key serialised once. */
export function fingerprinter(ruleId: string): (subject: FindingSubject) => string {
  // Roles, scopes and states repeat across a rule's findings: each is quoted once.
  const quotedOnce = new Map<string | null, string>();
  const quotedRepeat = (value: string | null) => {
    let text = quotedOnce.get(value);
    if (text === undefined) {
      text = quoted(value);
      quotedOnce.set(value, text);
    }
    return text;
  };
  // The key is joined from its parts in one step, so hashing it flattens no chain of partial strings.
  const parts: string[] = [`[${JSON.stringify(ruleId)},`, "", ",", "", ",", "", ",", "", "]"];
  return (subject) => {
    parts[1] = quoted(subject.principalId);
    parts[3] = quotedRepeat(subject.roleId);
    parts[5] = quotedRepeat(subject.directoryScopeId);
    parts[7] = quotedRepeat(subject.state);
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
