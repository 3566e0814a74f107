// roleAssignmentScheduleRequests (selfActivate) -> Activation history within the activity window.
import type { Activation } from "@pim-audit/model";
import { dateTime, type GraphObject, lower, str } from "./fields.js";

/** Request statuses that mean the role really was activated (a denied or cancelled request was not). */
const ACTIVATED_STATUSES = new Set(["provisioned", "granted", "schedulecreated", "revoked"]);

export function normaliseActivation(raw: GraphObject, since: string): Activation | null {
  if (lower(str(raw, "action")) !== "selfactivate") return null;
  const status = lower(str(raw, "status"));
  if (status !== null && !ACTIVATED_STATUSES.has(status)) return null;
  const id = str(raw, "id");
  const principalId = str(raw, "principalId");
  const roleId = str(raw, "roleDefinitionId");
  const activatedAt = dateTime(raw, "createdDateTime");
  if (id === null || principalId === null || roleId === null || activatedAt === null || activatedAt < since) {
    return null;
  }
  return {
    id,
    principalId,
    roleId,
    directoryScopeId: str(raw, "directoryScopeId") ?? "/",
    groupId: null,
    accessId: null,
    activatedAt,
    justification: str(raw, "justification"),
  };
}
