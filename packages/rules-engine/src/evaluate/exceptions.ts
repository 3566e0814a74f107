// Exceptions: suppress matching findings until they expire; expired and unused ones are reported.
import type { Finding, FindingSubject, Suppression } from "@pim-audit/model";
import type { DateTime } from "luxon";
import picomatch from "picomatch";
import { utc } from "../duration.js";
import type { LoadedException } from "../policy.js";
import { fingerprint } from "./fingerprint.js";
import type { SnapshotIndex } from "./snapshot-index.js";

export interface CompiledException {
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
  if (byRule.size === 0) return compiled;
  for (const finding of findings) {
    const candidates = byRule.get(finding.ruleId);
    if (candidates === undefined) continue;
    for (const candidate of candidates) {
      if (!candidate.matches(finding)) continue;
      candidate.used++;
      if (candidate.expired || finding.status === "suppressed") continue;
      finding.status = "suppressed";
      finding.suppression = suppression(candidate.exception);
    }
  }
  return compiled;
}

const EMPTY_SUBJECT: FindingSubject = {
  assignmentId: null,
  principalId: null,
  principalName: null,
  principalType: null,
  roleId: null,
  roleName: null,
  directoryScopeId: null,
  state: null,
  memberType: null,
  viaGroupName: null,
};

/** Expired exceptions, and unused ones of evaluated rules, as findings of their own. */
export function exceptionFindings(exceptions: readonly CompiledException[], evaluated: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const { exception, expired, used } of exceptions) {
    const unused = !expired && used === 0 && evaluated.has(exception.rule);
    if (!expired && !unused) continue;
    const ruleId = expired ? "exception-expired" : "exception-unused";
    const subject: FindingSubject = {
      ...EMPTY_SUBJECT,
      principalName: exception.principal,
      roleName: exception.role,
      directoryScopeId: exception.scope,
    };
    const what = [exception.principal, exception.role, exception.scope].filter((x) => x !== null).join(", ");
    findings.push({
      ruleId,
      ruleType: "exception",
      severity: "low",
      title: expired ? "Exception expired" : "Exception matches nothing",
      message: expired
        ? `The exception to ${exception.rule}${what ? ` for ${what}` : ""} expired on ${exception.expires} and no longer suppresses anything; renew it with a new expiry or remove it.`
        : `The exception to ${exception.rule}${what ? ` for ${what}` : ""} matches no finding; remove it to keep the policy clean.`,
      subject,
      facts: {
        rule: exception.rule,
        reason: exception.reason,
        expires: exception.expires,
        ticket: exception.ticket,
        owner: exception.owner,
        matched: used,
      },
      location: exception.location,
      fingerprint: fingerprint(`${ruleId}:${exception.rule}`, subject),
      status: "open",
      suppression: null,
    });
  }

  return findings;
}
