import { hash } from "node:crypto";
import type { FindingSubject } from "@pim-audit/model";

// Characters JSON.stringify would escape (quote, backslash, controls) or check (surrogates).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON escapes are what it looks for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** One string or null exactly as JSON.stringify writes it, without building an array to serialise. */
function json(value: string | null): string {
  if (value === null) return "null";
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * Stable across runs and tool versions: rule + principal + role + scope + state, nothing else.
 * The SHA-256 (hex) of `JSON.stringify([ruleId, principalId, roleId, directoryScopeId, state])`.
 */
export function fingerprint(ruleId: string, subject: FindingSubject): string {
  return fingerprinter(ruleId)(subject);
}

/** `fingerprint` for one rule, with the rule's part of the key serialised once. */
export function fingerprinter(ruleId: string): (subject: FindingSubject) => string {
  const prefix = `[${json(ruleId)},`;
  return (subject) =>
    hash(
      "sha256",
      `${prefix}${json(subject.principalId)},${json(subject.roleId)},${json(subject.directoryScopeId)},${json(subject.state)}]`,
      "hex",
    );
}
