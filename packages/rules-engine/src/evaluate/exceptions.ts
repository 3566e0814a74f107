// Exceptions: suppress matching findings until they expire; expired and unused ones are reported.
import type { Finding, Suppression } from "@pim-audit/model";
import type { DateTime } from "luxon";
import picomatch from "picomatch";
import { utc } from "../duration.js";
import type { LoadedException } from "../policy.js";
import type { SnapshotIndex } from "./snapshot-index.js";

interface CompiledException {
  exception: LoadedException;
  expired: boolean;
  matches(finding: Finding): boolean;
  used: number;
}

/** An exception holds through its expiry date (UTC) and stops at the next midnight. */
export function exceptionEnd(exception: LoadedException): DateTime {
  return utc(exception.expires).startOf("day").plus({ days: 1 });
}

function compile(exception: LoadedException, at: DateTime, index: SnapshotIndex): CompiledException {
  const principal =
    exception.principal === null ? undefined : picomatch(exception.principal, { nocase: true, dot: true });
  const scope = exception.scope === null ? undefined : picomatch(exception.scope, { nocase: true, dot: true });
  const role = exception.role?.toLowerCase();
  const roleMatches = (roleId: string | null) => {
    if (role === undefined) return true;
    if (roleId === null) return false;
    const definition = index.rolesById.get(roleId);
    return [roleId, definition?.templateId, definition?.displayName].some((key) => key?.toLowerCase() === role);
  };
  return {
    exception,
    expired: at >= exceptionEnd(exception),
    used: 0,
    matches: (finding) =>
      finding.ruleId === exception.rule &&
      (principal === undefined ||
        [finding.subject.principalId, finding.subject.principalName].some((key) => key !== null && principal(key))) &&
      roleMatches(finding.subject.roleId) &&
      (scope === undefined || (finding.subject.directoryScopeId !== null && scope(finding.subject.directoryScopeId))),
  };
}

export function suppression(exception: LoadedException): Suppression {
  return {
    rule: exception.rule,
    reason: exception.reason,
    expires: exception.expires,
    ticket: exception.ticket,
    owner: exception.owner,
    location: exception.location,
  };
}

/** Marks suppressed findings in place and returns the exceptions with their state. */
export function applyExceptions(
  findings: Finding[],
  exceptions: readonly LoadedException[],
  at: DateTime,
  index: SnapshotIndex,
): CompiledException[] {
  const compiled = exceptions.map((exception) => compile(exception, at, index));
  const byRule = new Map<string, CompiledException[]>();
  for (const c of compiled) {
    const list = byRule.get(c.exception.rule) ?? [];
    list.push(c);
    byRule.set(c.exception.rule, list);
  }
  for (const finding of findings) {
    for (const candidate of byRule.get(finding.ruleId) ?? []) {
      if (!candidate.matches(finding)) continue;
      candidate.used++;
      if (candidate.expired || finding.status === "suppressed") continue;
      finding.status = "suppressed";
      finding.suppression = suppression(candidate.exception);
    }
  }
  return compiled;
}
