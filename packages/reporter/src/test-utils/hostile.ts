// The fixture report with names an attacker chose: control characters that would drive a terminal (ESC, BEL),
// break a parser (NUL), reorder text (a bidi override) or start a line (U+2028, NEL), and a formula prefix.
import type { FindingsReport, Snapshot } from "@pim-audit/model";
import { fixtureReport, fixtureSnapshot, PRINCIPAL } from "./fixture.js";

export const HOSTILE = "=Ev\u0000il \u001B[31mRed\u001B[0m\u0007 \u202Eexe.txt\u2028next\u0085end";
/** What a reader sees of it where control characters are written as `\uXXXX`. */
export const HOSTILE_SHOWN = "=Ev\\u0000il \\u001B[31mRed\\u001B[0m\\u0007 \\u202Eexe.txt\\u2028next\\u0085end";

export function hostileSnapshot(): Snapshot {
  const snapshot = fixtureSnapshot();
  snapshot.tenant.displayName = HOSTILE;
  for (const p of snapshot.principals) {
    if (p.id === PRINCIPAL.adele || p.id === PRINCIPAL.tier0) p.displayName = HOSTILE;
  }
  return snapshot;
}

export function hostileReport(): FindingsReport {
  const report = fixtureReport();
  report.snapshot.tenantName = HOSTILE;
  for (const f of report.findings) {
    f.message = `${f.message} ${HOSTILE}`;
    f.subject.principalName = HOSTILE;
    f.subject.viaGroupName = HOSTILE;
    if (f.suppression) f.suppression.reason = HOSTILE;
  }
  return report;
}
