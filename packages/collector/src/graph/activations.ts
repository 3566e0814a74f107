// Activation history from the directory audit log: read-only (AuditLog.Read.All), and it holds PIM for Groups
// activations as well as directory-role ones. roleAssignmentScheduleRequests would need
// RoleManagement.ReadWrite.Directory for an app (rbacapplication-list-roleassignmentschedulerequests), which an
// audit tool must not ask for.
import type { Activation, ActivationHistory } from "@pim-audit/model";
import { normaliseAuditActivation } from "./normalise/activations.js";
import type { GraphObject } from "./normalise/fields.js";

/**
 * How long Microsoft Entra keeps audit logs with P1/P2, which PIM requires (Microsoft Entra data retention,
 * https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention).
 */
export const AUDIT_RETENTION_DAYS = 30;

export function activationHistoryFrom(
  audits: readonly GraphObject[] | null,
  window: { since: string; now: Date },
): { activations: Activation[]; history: ActivationHistory } {
  if (audits === null) return { activations: [], history: { source: null, coversFrom: null } };
  const activations: Activation[] = [];
  for (const raw of audits) {
    const activation = normaliseAuditActivation(raw);
    if (activation !== null && activation.activatedAt >= window.since) activations.push(activation);
  }
  // The log reaches back as far as its retention, or further when Graph still returned something older.
  let reach = new Date(window.now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000).toISOString();
  for (const a of activations) if (a.activatedAt < reach) reach = a.activatedAt;
  // Nothing before the window was asked for.
  if (reach < window.since) reach = window.since;
  return { activations, history: { source: "directoryAudits", coversFrom: reach } };
}
