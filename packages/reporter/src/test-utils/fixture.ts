// A small Contoso: every kind of assignment the writers show, and a findings report made by hand
// (valid against the findings schema) so the reporter's tests need no rules engine.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type {
  Assignment,
  Finding,
  FindingStatus,
  FindingSubject,
  FindingsReport,
  PolicyLocation,
  Principal,
  RoleDefinition,
  Severity,
  Snapshot,
  Suppression,
} from "@pim-audit/model";
import type { RenderContext } from "../types.js";

export const FIXED_AT = "2026-11-27T09:00:00.000Z";
export const POLICY_FILE = "policies/baseline.yaml";
export const POLICY_TEXT = readFileSync(new URL("./fixtures/baseline.yaml", import.meta.url), "utf8");

export const ROLE = {
  globalAdmin: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdmin: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  userAdmin: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  helpdeskAdmin: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  reportsReader: "4a5d8f65-41da-4de4-8968-e035b65339cf",
} as const;

export const PRINCIPAL = {
  adele: "10000000-0000-0000-0000-000000000001",
  breakGlass: "10000000-0000-0000-0000-000000000002",
  gary: "10000000-0000-0000-0000-000000000003",
  mallory: "10000000-0000-0000-0000-000000000004",
  dora: "10000000-0000-0000-0000-000000000005",
  ivan: "10000000-0000-0000-0000-000000000006",
  tier0: "20000000-0000-0000-0000-000000000001",
  sync: "30000000-0000-0000-0000-000000000001",
} as const;

function role(id: string, displayName: string, privileged: boolean): RoleDefinition {
  return { id, templateId: id, displayName, isBuiltIn: true, privileged, privilegedActions: [] };
}

function user(id: string, displayName: string, upn: string, extra: Partial<Principal> = {}): Principal {
  return {
    id,
    type: "user",
    displayName,
    userPrincipalName: upn,
    mail: upn,
    userType: "Member",
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    lastSuccessfulSignInDateTime: "2026-11-20T08:00:00.000Z",
    lastSignInDateTime: "2026-11-20T08:00:00.000Z",
    lastNonInteractiveSignInDateTime: null,
    deleted: false,
    isAssignableToRole: null,
    members: null,
    appId: null,
    ...extra,
  };
}

function assignment(
  id: string,
  roleId: string,
  principalId: string,
  fields: Partial<Assignment> & Pick<Assignment, "state" | "start" | "end">,
): Assignment {
  return {
    id,
    activeKind: fields.state === "active" ? "assigned" : null,
    roleId,
    principalId,
    directoryScopeId: "/",
    appScopeId: null,
    memberType: "direct",
    viaGroupId: null,
    origin: "directoryRole",
    createdOutsidePim: false,
    expirationType: fields.end === null ? "noExpiration" : "afterDateTime",
    scheduleId: null,
    activatedFromEligibilityId: null,
    ...fields,
  };
}

export function fixtureSnapshot(): Snapshot {
  return {
    schemaVersion: 2,
    tenant: {
      id: "c0c0c0c0-0000-4000-8000-000000000001",
      displayName: "Contoso",
      defaultDomain: "contoso.example",
      cloud: "global",
    },
    collectedAt: "2026-11-27T08:30:00.000Z",
    source: { kind: "graph", endpoint: "https://127.0.0.1:8443/v1.0", toolVersion: "0.1.0" },
    completeness: { complete: true, gaps: [] },
    activityDays: 30,
    activationHistory: { source: "roleAssignmentScheduleRequests", coversFrom: "2026-10-28T08:30:00.000Z" },
    roles: [
      role(ROLE.globalAdmin, "Global Administrator", true),
      role(ROLE.privilegedRoleAdmin, "Privileged Role Administrator", true),
      role(ROLE.userAdmin, "User Administrator", true),
      role(ROLE.helpdeskAdmin, "Helpdesk Administrator", true),
      role(ROLE.reportsReader, "Reports Reader", false),
    ],
    principals: [
      user(PRINCIPAL.adele, "Adele Vance", "adele@contoso.example"),
      user(PRINCIPAL.breakGlass, "Break Glass 01", "bg-01@contoso.example", { lastSignInDateTime: null }),
      user(PRINCIPAL.gary, "Gary Guest", "gary_fabrikam.example#EXT#@contoso.example", {
        userType: "Guest",
        mail: "gary@fabrikam.example",
      }),
      // A display name an attacker chose: it must reach spreadsheets as text, not as a formula.
      user(PRINCIPAL.mallory, '=HYPERLINK("https://evil.example","Mallory")', "mallory@contoso.example"),
      user(PRINCIPAL.dora, "Dora Disabled", "dora@contoso.example", { accountEnabled: false }),
      user(PRINCIPAL.ivan, "Ivan Inherited", "ivan@contoso.example"),
      {
        id: PRINCIPAL.tier0,
        type: "group",
        displayName: "Tier0 Admins",
        userPrincipalName: null,
        mail: null,
        userType: null,
        accountEnabled: null,
        onPremisesSyncEnabled: false,
        lastSuccessfulSignInDateTime: null,
        lastSignInDateTime: null,
        lastNonInteractiveSignInDateTime: null,
        deleted: false,
        isAssignableToRole: true,
        members: [PRINCIPAL.adele, PRINCIPAL.ivan],
        appId: null,
      },
      {
        id: PRINCIPAL.sync,
        type: "servicePrincipal",
        displayName: "Contoso Sync Service",
        userPrincipalName: null,
        mail: null,
        userType: null,
        accountEnabled: true,
        onPremisesSyncEnabled: null,
        lastSuccessfulSignInDateTime: null,
        lastSignInDateTime: null,
        lastNonInteractiveSignInDateTime: null,
        deleted: false,
        isAssignableToRole: null,
        members: null,
        appId: "a0a0a0a0-0000-4000-8000-000000000001",
      },
    ],
    assignments: [
      assignment("elig-adele-ga", ROLE.globalAdmin, PRINCIPAL.adele, {
        state: "eligible",
        start: "2026-01-01T00:00:00.000Z",
        end: null,
        scheduleId: "sched-adele-ga",
      }),
      assignment("act-adele-ga", ROLE.globalAdmin, PRINCIPAL.adele, {
        state: "active",
        activeKind: "activated",
        start: "2026-11-27T07:00:00.000Z",
        end: "2026-11-27T15:00:00.000Z",
        expirationType: "afterDuration",
        activatedFromEligibilityId: "sched-adele-ga",
      }),
      assignment("act-bg-ga", ROLE.globalAdmin, PRINCIPAL.breakGlass, {
        state: "active",
        start: null,
        end: null,
        createdOutsidePim: true,
        expirationType: null,
      }),
      assignment("elig-gary-ua", ROLE.userAdmin, PRINCIPAL.gary, {
        state: "eligible",
        start: "2026-06-01T00:00:00.000Z",
        end: "2026-12-31T00:00:00.000Z",
      }),
      assignment("act-mallory-hd", ROLE.helpdeskAdmin, PRINCIPAL.mallory, {
        state: "active",
        start: "2026-11-01T00:00:00.000Z",
        end: "2027-02-01T00:00:00.000Z",
      }),
      assignment("act-dora-pra", ROLE.privilegedRoleAdmin, PRINCIPAL.dora, {
        state: "active",
        start: "2025-03-15T12:30:00.000Z",
        end: null,
      }),
      assignment("elig-tier0-pra", ROLE.privilegedRoleAdmin, PRINCIPAL.tier0, {
        state: "eligible",
        memberType: "direct",
        start: "2026-02-01T00:00:00.000Z",
        end: null,
      }),
      assignment("elig-tier0-pra|adele", ROLE.privilegedRoleAdmin, PRINCIPAL.adele, {
        state: "eligible",
        memberType: "group",
        viaGroupId: PRINCIPAL.tier0,
        start: "2026-02-01T00:00:00.000Z",
        end: null,
      }),
      assignment("elig-tier0-pra|ivan", ROLE.privilegedRoleAdmin, PRINCIPAL.ivan, {
        state: "eligible",
        memberType: "group",
        viaGroupId: PRINCIPAL.tier0,
        start: "2026-02-01T00:00:00.000Z",
        end: null,
      }),
      assignment("act-sync-rr", ROLE.reportsReader, PRINCIPAL.sync, {
        state: "active",
        start: "2024-09-09T09:09:09.000Z",
        end: null,
      }),
    ],
    roleSettings: [],
    groupSettings: [],
    activations: [
      {
        id: "activation-adele-1",
        principalId: PRINCIPAL.adele,
        roleId: ROLE.globalAdmin,
        directoryScopeId: "/",
        groupId: null,
        accessId: null,
        activatedAt: "2026-11-27T07:00:00.000Z",
        justification: "Monthly tenant review",
      },
    ],
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const RULES: Record<string, { type: string; severity: Severity; title: string; description: string; line: number }> = {
  "no-permanent-privileged": {
    type: "max-duration",
    severity: "high",
    title: "Permanent active privileged role",
    description: "Privileged roles are held only through time-bound activation, never permanently.",
    line: 10,
  },
  "no-guest-admins": {
    type: "principal-attribute",
    severity: "critical",
    title: "Guest holds a privileged role",
    description: "Guests from other tenants must not hold privileged directory roles.",
    line: 15,
  },
  "eligible-max-1y": {
    type: "max-duration",
    severity: "medium",
    title: "Eligibility longer than a year",
    description: "Eligible assignments to privileged roles end within 365 days and are renewed by review.",
    line: 20,
  },
  "stale-eligibility": {
    type: "stale-eligibility",
    severity: "low",
    title: "Eligibility not used in 90 days",
    description: "Eligibilities not activated within 90 days are removed.",
    line: 25,
  },
  "outside-pim": {
    type: "outside-pim",
    severity: "medium",
    title: "Active assignment made outside PIM",
    description: "Active assignments are made through PIM so that they carry a schedule and an audit trail.",
    line: 29,
  },
};

const at = (line: number): PolicyLocation => ({ file: POLICY_FILE, line, column: 5 });

function finding(
  ruleId: string,
  assignmentId: string,
  message: string,
  facts: Finding["facts"],
  status: FindingStatus = "open",
  suppression: Suppression | null = null,
): Finding {
  const snapshot = fixtureSnapshot();
  const a = snapshot.assignments.find((x) => x.id === assignmentId)!;
  const p = snapshot.principals.find((x) => x.id === a.principalId)!;
  const r = snapshot.roles.find((x) => x.id === a.roleId)!;
  const rule = RULES[ruleId]!;
  const subject: FindingSubject = {
    assignmentId: a.id,
    principalId: p.id,
    principalName: p.userPrincipalName ?? p.displayName,
    principalType: p.type,
    roleId: r.id,
    roleName: r.displayName,
    directoryScopeId: a.directoryScopeId,
    state: a.state,
    memberType: a.memberType,
    viaGroupName: a.viaGroupId ? (snapshot.principals.find((x) => x.id === a.viaGroupId)?.displayName ?? null) : null,
  };
  return {
    ruleId,
    ruleType: rule.type,
    severity: rule.severity,
    title: rule.title,
    message,
    subject,
    facts,
    location: at(rule.line),
    fingerprint: sha256([ruleId, p.id, r.id, a.directoryScopeId, a.state].join("\n")),
    status,
    suppression,
  };
}

export function fixtureReport(): FindingsReport {
  const findings: Finding[] = [
    finding(
      "no-guest-admins",
      "elig-gary-ua",
      "Guest gary_fabrikam.example#EXT#@contoso.example is eligible for User Administrator.",
      { userType: "Guest" },
    ),
    finding(
      "no-permanent-privileged",
      "act-bg-ga",
      "bg-01@contoso.example holds Global Administrator permanently (active, no end); the policy allows P0D.",
      { end: null, max: "P0D" },
    ),
    finding(
      "no-permanent-privileged",
      "act-dora-pra",
      "dora@contoso.example holds Privileged Role Administrator permanently (active, no end); the policy allows P0D.",
      { end: null, max: "P0D" },
    ),
    finding(
      "eligible-max-1y",
      "elig-tier0-pra",
      "Group Tier0 Admins is eligible for Privileged Role Administrator with no end; the policy allows P365D.",
      { end: null, max: "P365D" },
    ),
    finding(
      "eligible-max-1y",
      "elig-adele-ga",
      "adele@contoso.example is eligible for Global Administrator with no end; the policy allows P365D.",
      { end: null, max: "P365D" },
      "suppressed",
      {
        rule: "eligible-max-1y",
        reason: "Tenant owner until the second admin is hired",
        expires: "2027-03-31",
        ticket: "CHG-1234",
        owner: null,
        location: { file: POLICY_FILE, line: 33, column: 5 },
      },
    ),
    finding(
      "outside-pim",
      "act-bg-ga",
      "bg-01@contoso.example holds Global Administrator through an assignment made outside PIM.",
      { createdOutsidePim: true },
      "baseline",
    ),
  ];
  const count = (ruleId: string, status: FindingStatus) =>
    findings.filter((f) => f.ruleId === ruleId && f.status === status).length;
  return {
    schemaVersion: 1,
    tool: { name: "pim-audit", version: "0.1.0" },
    evaluatedAt: FIXED_AT,
    snapshot: {
      tenantId: "c0c0c0c0-0000-4000-8000-000000000001",
      tenantName: "Contoso",
      collectedAt: "2026-11-27T08:30:00.000Z",
      source: "graph",
      complete: true,
      gaps: [],
      assignments: 10,
    },
    policies: [{ file: POLICY_FILE, name: "contoso-least-privilege", sha256: sha256(POLICY_TEXT) }],
    summary: {
      open: { info: 0, low: 0, medium: 1, high: 2, critical: 1 },
      totalOpen: 4,
      suppressed: 1,
      baseline: 1,
      notEvaluated: 1,
      rules: 5,
    },
    rules: Object.entries(RULES).map(([ruleId, r]) => ({
      ruleId,
      ruleType: r.type,
      severity: r.severity,
      title: r.title,
      description: r.description,
      location: at(r.line),
      open: count(ruleId, "open"),
      suppressed: count(ruleId, "suppressed"),
      baseline: count(ruleId, "baseline"),
      evaluated: ruleId !== "stale-eligibility",
    })),
    findings,
    notEvaluated: [
      {
        ruleId: "stale-eligibility",
        ruleType: "stale-eligibility",
        severity: "low",
        reason: "Activation history reaches back 30 days; the rule needs 90.",
        missing: ["activationHistory"],
        location: at(RULES["stale-eligibility"]!.line),
      },
    ],
  };
}

export function fixtureContext(): RenderContext {
  return {
    snapshot: fixtureSnapshot(),
    policies: [{ file: POLICY_FILE, relativePath: POLICY_FILE, content: POLICY_TEXT }],
    toolVersion: "0.1.0",
  };
}
