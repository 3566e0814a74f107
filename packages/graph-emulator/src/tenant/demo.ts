// The built-in demo tenant: a believable Contoso whose PIM state triggers one of every kind of
// finding. Who holds what and why is documented in the package README; tests assert on it.
import { guid, opaqueId } from "../ids.js";
import { relative, startOfUtcDay } from "../time.js";
import { payloadFor } from "./demo-payloads.js";
import type {
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroup,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureGroupSetting,
  FixtureRoleSetting,
  FixtureScheduleRequest,
  FixtureUser,
  TenantFixture,
} from "./fixture.js";
import { defaultPimSetting, defaultRoleSetting } from "./role-settings.js";

export const DEMO_TENANT_ID = "4a1c5e38-2f6b-4d7e-9c1a-0b3d5f7e9a21";

const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  exchangeAdministrator: "29232cdf-9323-42fd-ade2-1d097af3e4de",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  passwordAdministrator: "966707d0-3269-4727-9be2-8c3a10f19b9d",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
  intuneAdministrator: "3a2c62db-5318-420d-8d74-23affee5d9d5",
  directorySynchronizationAccounts: "d29b2b05-8046-44ba-8758-1e26182fcf32",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  billingAdministrator: "b0f54661-2d74-4c50-afa3-1ec803f12efe",
} as const;

const id = (name: string): string => guid("contoso-demo", name);

interface Person {
  nick: string;
  displayName: string;
  jobTitle: string | null;
  /** Days ago of the last interactive sign-in attempt; null = never. */
  signedInDaysAgo: number | null;
  /** Password spray: attempts go on, none succeeds. Days ago of the last successful sign-in, and of the last
   *  non-interactive attempt (both failed since then). Otherwise the last attempt of the day succeeded. */
  sprayed?: { succeededDaysAgo: number; nonInteractiveDaysAgo: number };
  guestOf?: string;
  disabled?: boolean;
  synced?: boolean;
}

// 44 people: admins first, then staff without roles.
const PEOPLE: Person[] = [
  { nick: "bg-01", displayName: "Break Glass 01", jobTitle: null, signedInDaysAgo: 45 },
  { nick: "bg-02", displayName: "Break Glass 02", jobTitle: null, signedInDaysAgo: null },
  { nick: "isaiah.langer", displayName: "Isaiah Langer", jobTitle: "IT Director", signedInDaysAgo: 1 },
  { nick: "megan.bowen", displayName: "Megan Bowen", jobTitle: "Identity Lead", signedInDaysAgo: 0 },
  { nick: "adele.vance", displayName: "Adele Vance", jobTitle: "Cloud Engineer", signedInDaysAgo: 2 },
  { nick: "nestor.wilke", displayName: "Nestor Wilke", jobTitle: "Operations Manager", signedInDaysAgo: 130 },
  { nick: "patti.fernandez", displayName: "Patti Fernandez", jobTitle: "Security Analyst", signedInDaysAgo: 3 },
  { nick: "lee.gu", displayName: "Lee Gu", jobTitle: "Messaging Engineer", signedInDaysAgo: 5, synced: true },
  { nick: "lidia.holloway", displayName: "Lidia Holloway", jobTitle: "App Platform Engineer", signedInDaysAgo: 1 },
  {
    nick: "diego.siciliani",
    displayName: "Diego Siciliani",
    jobTitle: "Identity Engineer",
    signedInDaysAgo: 0,
    sprayed: { succeededDaysAgo: 150, nonInteractiveDaysAgo: 2 },
  },
  { nick: "alex.wilber", displayName: "Alex Wilber", jobTitle: "Seattle IT Lead", signedInDaysAgo: 2 },
  { nick: "grady.archie", displayName: "Grady Archie", jobTitle: "Seattle Desk Support", signedInDaysAgo: 6 },
  { nick: "johanna.lorenz", displayName: "Johanna Lorenz", jobTitle: "Helpdesk Agent", signedInDaysAgo: 1 },
  { nick: "pradeep.gupta", displayName: "Pradeep Gupta", jobTitle: "Helpdesk Agent", signedInDaysAgo: 2 },
  { nick: "miriam.graham", displayName: "Miriam Graham", jobTitle: "Helpdesk Agent", signedInDaysAgo: 1 },
  { nick: "joni.sherman", displayName: "Joni Sherman", jobTitle: "Identity Admin", signedInDaysAgo: 3 },
  { nick: "lynne.robbins", displayName: "Lynne Robbins", jobTitle: "Identity Admin", signedInDaysAgo: 8 },
  { nick: "henrietta.mueller", displayName: "Henrietta Mueller", jobTitle: "Access Manager", signedInDaysAgo: 2 },
  { nick: "irvin.sayers", displayName: "Irvin Sayers", jobTitle: "Access Manager", signedInDaysAgo: 11 },
  { nick: "christie.cline", displayName: "Christie Cline", jobTitle: "Access Manager", signedInDaysAgo: 1 },
  {
    nick: "raul.razo",
    displayName: "Raul Razo",
    jobTitle: "Messaging Engineer (left)",
    signedInDaysAgo: 160,
    disabled: true,
  },
  {
    nick: "enrico.cattaneo",
    displayName: "Enrico Cattaneo",
    jobTitle: "Security Engineer",
    signedInDaysAgo: 9,
    synced: true,
  },
  { nick: "debra.berger", displayName: "Debra Berger", jobTitle: "Endpoint Engineer", signedInDaysAgo: 2 },
  { nick: "ben.walters", displayName: "Ben Walters", jobTitle: "Support Escalation Lead", signedInDaysAgo: 4 },
  {
    nick: "svc-sync",
    displayName: "On-Premises Directory Synchronization Service Account",
    jobTitle: null,
    signedInDaysAgo: 0,
  },
  {
    nick: "jordan.lee",
    displayName: "Jordan Lee (Fabrikam)",
    jobTitle: "Consultant",
    signedInDaysAgo: 20,
    guestOf: "fabrikam.com",
  },
  {
    nick: "sam.taylor",
    displayName: "Sam Taylor (Northwind)",
    jobTitle: "Auditor",
    signedInDaysAgo: 33,
    guestOf: "northwindtraders.com",
  },
  { nick: "allan.deyoung", displayName: "Allan Deyoung", jobTitle: "Marketing Manager", signedInDaysAgo: 1 },
  { nick: "alex.darrow", displayName: "Alex Darrow", jobTitle: "Sales Lead", signedInDaysAgo: 0 },
  { nick: "cameron.white", displayName: "Cameron White", jobTitle: "Accountant", signedInDaysAgo: 2, synced: true },
  { nick: "emily.braun", displayName: "Emily Braun", jobTitle: "Budget Analyst", signedInDaysAgo: 7 },
  { nick: "gerhart.moller", displayName: "Gerhart Moller", jobTitle: "Product Manager", signedInDaysAgo: 3 },
  { nick: "isabella.rosen", displayName: "Isabella Rosen", jobTitle: "Designer", signedInDaysAgo: 1, synced: true },
  { nick: "joanne.hanley", displayName: "Joanne Hanley", jobTitle: "Paralegal", signedInDaysAgo: 14 },
  { nick: "kyle.mcdonald", displayName: "Kyle McDonald", jobTitle: "Sales Associate", signedInDaysAgo: 200 },
  { nick: "lola.jacobsen", displayName: "Lola Jacobsen", jobTitle: "HR Partner", signedInDaysAgo: 2 },
  { nick: "megan.kramer", displayName: "Megan Kramer", jobTitle: "Data Analyst", signedInDaysAgo: 5 },
  { nick: "nora.bishop", displayName: "Nora Bishop", jobTitle: "Engineer", signedInDaysAgo: 0 },
  { nick: "oscar.ward", displayName: "Oscar Ward", jobTitle: "Engineer", signedInDaysAgo: 1, synced: true },
  { nick: "priya.nair", displayName: "Priya Nair", jobTitle: "Engineer", signedInDaysAgo: 2 },
  { nick: "quinn.harper", displayName: "Quinn Harper", jobTitle: "Recruiter", signedInDaysAgo: null },
  { nick: "rosa.santos", displayName: "Rosa Santos", jobTitle: "Office Manager", signedInDaysAgo: 4 },
  { nick: "tomas.novak", displayName: "Tomas Novak", jobTitle: "Legal Counsel", signedInDaysAgo: 6 },
  { nick: "yara.haddad", displayName: "Yara Haddad", jobTitle: "Finance Director", signedInDaysAgo: 1 },
];

export function demoTenant(now: Date): TenantFixture {
  const day0 = startOfUtcDay(now);
  const at = (days: number, hours = 0, minutes = 0) => relative(day0, days, hours, minutes);
  // Three different times, as Graph keeps them: an interactive sign-in in the morning, a later token refresh
  // (non-interactive) that succeeded; for a sprayed account, failed attempts long after the last success.
  const signInTimes = (p: Person, index: number) => {
    if (p.signedInDaysAgo === null) {
      return { lastSuccessfulSignInDateTime: null, lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null };
    }
    const interactive = at(-p.signedInDaysAgo, 8, 15 + index);
    if (p.sprayed) {
      return {
        lastSuccessfulSignInDateTime: at(-p.sprayed.succeededDaysAgo, 9, index),
        lastSignInDateTime: interactive,
        lastNonInteractiveSignInDateTime: at(-p.sprayed.nonInteractiveDaysAgo, 3, index),
      };
    }
    const nonInteractive = at(-p.signedInDaysAgo, 10, index);
    return {
      lastSuccessfulSignInDateTime: nonInteractive,
      lastSignInDateTime: interactive,
      lastNonInteractiveSignInDateTime: nonInteractive,
    };
  };
  const user = (nick: string) => id(`user:${nick}`);

  const users: FixtureUser[] = PEOPLE.map((p, index) => {
    const [given, ...rest] = p.displayName.replace(/ \(.*\)$/, "").split(" ");
    const isPerson = p.jobTitle !== null;
    const upn = p.guestOf ? `${p.nick}_${p.guestOf}#EXT#@contoso.onmicrosoft.com` : `${p.nick}@contoso.com`;
    return {
      id: user(p.nick),
      displayName: payloadFor(p.nick, p.displayName),
      givenName: isPerson ? (given ?? null) : null,
      surname: isPerson && rest.length > 0 ? rest.join(" ") : null,
      userPrincipalName: upn,
      mail: p.guestOf ? `${p.nick}@${p.guestOf}` : `${p.nick}@contoso.com`,
      jobTitle: p.jobTitle,
      userType: p.guestOf ? "Guest" : "Member",
      accountEnabled: !p.disabled,
      onPremisesSyncEnabled: p.synced ? true : null,
      createdDateTime: at(-900 + index * 13, 9, index),
      ...signInTimes(p, index),
    };
  });

  const group = (name: string) => id(`group:${name}`);
  const groups: FixtureGroup[] = [
    {
      id: group("Helpdesk Team"),
      displayName: "Helpdesk Team",
      description: "First-line support agents; role-assignable, eligible for Helpdesk Administrator",
      mailNickname: "helpdesk-team",
      isAssignableToRole: true,
      createdDateTime: at(-700, 10),
      members: ["johanna.lorenz", "pradeep.gupta", "miriam.graham"].map(user),
      owners: [user("ben.walters")],
    },
    {
      id: group("Tier 1 Identity Admins"),
      displayName: "Tier 1 Identity Admins",
      description: "Role-assignable group that holds Authentication Administrator",
      mailNickname: "tier1-identity-admins",
      isAssignableToRole: true,
      createdDateTime: at(-500, 11),
      members: ["joni.sherman", "lynne.robbins"].map(user),
      owners: [user("megan.bowen")],
    },
    {
      id: group("PIM Privileged Role Admins"),
      displayName: "PIM Privileged Role Admins",
      description: "PIM for Groups: members are eligible; the group holds Privileged Role Administrator",
      mailNickname: "pim-privileged-role-admins",
      isAssignableToRole: true,
      createdDateTime: at(-400, 12),
      members: [user("christie.cline")],
      owners: [user("megan.bowen")],
    },
    {
      id: group("Seattle Office Staff"),
      displayName: "Seattle Office Staff",
      description: "People based in Seattle",
      mailNickname: "seattle-staff",
      isAssignableToRole: false,
      createdDateTime: at(-600, 10),
      members: ["alex.wilber", "grady.archie"].map(user),
      owners: [user("alex.wilber")],
    },
    {
      id: group("All Staff"),
      displayName: "All Staff",
      description: "Everyone at Contoso",
      mailNickname: "all-staff",
      isAssignableToRole: false,
      createdDateTime: at(-880, 9),
      members: [
        ...PEOPLE.filter((p) => p.jobTitle !== null && !p.guestOf).map((p) => user(p.nick)),
        group("Seattle Office Staff"),
      ],
      owners: [user("isaiah.langer")],
    },
  ];

  const servicePrincipals = [
    {
      id: id("sp:Contoso HR Provisioning"),
      appId: guid("contoso-demo", "app:Contoso HR Provisioning"),
      displayName: payloadFor("sp:Contoso HR Provisioning", "Contoso HR Provisioning"),
      servicePrincipalType: "Application" as const,
      accountEnabled: true,
    },
  ];

  const seattle = id("au:Seattle Office");
  const administrativeUnits = [
    { id: seattle, displayName: "Seattle Office", description: "Users and devices in Seattle" },
  ];
  const seattleScope = `/administrativeUnits/${seattle}`;

  const customRole = id("role:Contoso Tier 2 Support");
  const customRoles = [
    {
      id: customRole,
      displayName: payloadFor("role:Contoso Tier 2 Support", "Contoso Tier 2 Support"),
      description: payloadFor(
        "role-description:Contoso Tier 2 Support",
        "Resets passwords and reads BitLocker keys for escalated tickets",
      ),
      allowedResourceActions: [
        "microsoft.directory/users/password/update",
        "microsoft.directory/users/bitLockerRecoveryKeys/read",
        "microsoft.directory/users/invalidateAllRefreshTokens",
      ],
    },
  ];

  const eligibilities: FixtureEligibilitySchedule[] = [];
  const eligible = (
    key: string,
    principalId: string,
    roleDefinitionId: string,
    createdDaysAgo: number,
    endInDays: number | null,
    directoryScopeId = "/",
  ): string => {
    const scheduleId = id(`eligibility:${key}`);
    eligibilities.push({
      id: scheduleId,
      principalId,
      roleDefinitionId,
      directoryScopeId,
      appScopeId: null,
      createdDateTime: at(-createdDaysAgo, 9, 30),
      startDateTime: at(-createdDaysAgo, 9, 30),
      endDateTime: endInDays === null ? null : at(endInDays),
    });
    return scheduleId;
  };

  const assignments: FixtureAssignmentSchedule[] = [];
  const assigned = (
    key: string,
    principalId: string,
    roleDefinitionId: string,
    createdDaysAgo: number,
    endInDays: number | null,
    options: { outsidePim?: boolean; directoryScopeId?: string } = {},
  ): void => {
    const scheduleId = options.outsidePim
      ? `${opaqueId("contoso-demo", `assignment:${key}`)}-1`
      : id(`assignment:${key}`);
    assignments.push({
      id: scheduleId,
      principalId,
      roleDefinitionId,
      directoryScopeId: options.directoryScopeId ?? "/",
      appScopeId: null,
      assignmentType: "Assigned",
      createdUsing: options.outsidePim ? null : scheduleId,
      createdDateTime: options.outsidePim ? null : at(-createdDaysAgo, 14),
      startDateTime: at(-createdDaysAgo, 14),
      endDateTime: endInDays === null ? null : at(endInDays, 14),
      activatedUsing: null,
    });
  };

  const requests: FixtureScheduleRequest[] = [];
  const audits: FixtureDirectoryAudit[] = [];
  const roleNames: Record<string, string> = {
    [ROLE.globalAdministrator]: "Global Administrator",
    [ROLE.securityAdministrator]: "Security Administrator",
    [ROLE.privilegedRoleAdministrator]: "Privileged Role Administrator",
  };
  /** An activation of an eligibility: the request, the audit record, and (when still running) the active schedule. */
  const activation = (
    key: string,
    nick: string,
    eligibilityId: string,
    roleDefinitionId: string,
    daysAgo: number,
    startHour: number,
    hours: number,
    justification: string,
  ): void => {
    const requestId = id(`request:${key}`);
    const principalId = user(nick);
    const startDateTime = at(-daysAgo, startHour);
    const endDateTime = at(-daysAgo, startHour + hours);
    const scheduleId = id(`activation:${key}`);
    requests.push({
      id: requestId,
      action: "selfActivate",
      status: "Provisioned",
      principalId,
      roleDefinitionId,
      directoryScopeId: "/",
      createdDateTime: startDateTime,
      createdById: principalId,
      justification,
      ticketNumber: null,
      targetScheduleId: scheduleId,
      startDateTime,
      duration: `PT${hours}H`,
      endDateTime,
    });
    audits.push({
      id: `PIM_${requestId}`,
      activityDateTime: startDateTime,
      activityDisplayName: "Add member to role completed (PIM activation)",
      category: "RoleManagement",
      loggedByService: "PIM",
      result: "success",
      resultReason: justification,
      initiatedByUserId: principalId,
      targets: [
        { id: roleDefinitionId, displayName: roleNames[roleDefinitionId] ?? null, type: "Role" },
        { id: principalId, displayName: null, type: "User" },
      ],
    });
    if (Date.parse(endDateTime) > now.getTime()) {
      assignments.push({
        id: scheduleId,
        principalId,
        roleDefinitionId,
        directoryScopeId: "/",
        appScopeId: null,
        assignmentType: "Activated",
        createdUsing: requestId,
        createdDateTime: startDateTime,
        startDateTime,
        endDateTime,
        activatedUsing: eligibilityId,
      });
    }
  };

  // Global Administrators: two break-glass accounts, one permanent admin, three eligible.
  assigned("bg-01:ga", user("bg-01"), ROLE.globalAdministrator, 800, null);
  assigned("bg-02:ga", user("bg-02"), ROLE.globalAdministrator, 800, null);
  assigned("isaiah:ga", user("isaiah.langer"), ROLE.globalAdministrator, 600, null);
  const meganGa = eligible("megan:ga", user("megan.bowen"), ROLE.globalAdministrator, 420, null);
  const adeleGa = eligible("adele:ga", user("adele.vance"), ROLE.globalAdministrator, 30, 150);
  eligible("nestor:ga", user("nestor.wilke"), ROLE.globalAdministrator, 120, 245);
  // A former admin deleted since: PIM still lists the eligibility, its principal expands to null.
  const deletedAdmin = id("user:former.admin (deleted)");
  eligible("former-admin:ga", deletedAdmin, ROLE.globalAdministrator, 500, null);
  activation("megan:ga", "megan.bowen", meganGa, ROLE.globalAdministrator, 40, 8, 2, "Quarterly licence review");
  activation("adele:ga", "adele.vance", adeleGa, ROLE.globalAdministrator, 10, 13, 4, "Enable new tenant feature");

  const meganPra = eligible("megan:pra", user("megan.bowen"), ROLE.privilegedRoleAdministrator, 300, 200);
  // Running at the demo clock: it covers the whole current UTC day, which the PRA settings allow.
  activation(
    "megan:pra:today",
    "megan.bowen",
    meganPra,
    ROLE.privilegedRoleAdministrator,
    0,
    0,
    24,
    "Access review remediation CHG-2291",
  );
  const pattiSec = eligible("patti:sec", user("patti.fernandez"), ROLE.securityAdministrator, 250, null);
  activation(
    "patti:sec",
    "patti.fernandez",
    pattiSec,
    ROLE.securityAdministrator,
    20,
    9,
    8,
    "Incident INC-4471 triage",
  );
  const enricoSec = eligible("enrico:sec", user("enrico.cattaneo"), ROLE.securityAdministrator, 200, 160);
  activation(
    "enrico:sec",
    "enrico.cattaneo",
    enricoSec,
    ROLE.securityAdministrator,
    150,
    9,
    4,
    "Defender policy update",
  );
  eligible("lee:exchange", user("lee.gu"), ROLE.exchangeAdministrator, 85, 5);
  eligible("raul:exchange", user("raul.razo"), ROLE.exchangeAdministrator, 380, null);
  assigned("lidia:appadmin", user("lidia.holloway"), ROLE.applicationAdministrator, 10, 80);
  assigned("diego:useradmin", user("diego.siciliani"), ROLE.userAdministrator, 365, null);
  eligible("alex:useradmin:seattle", user("alex.wilber"), ROLE.userAdministrator, 60, 300, seattleScope);
  eligible("grady:helpdesk:seattle", user("grady.archie"), ROLE.helpdeskAdministrator, 45, 320, seattleScope);
  // The helpdesk agents are eligible for Helpdesk Administrator through their role-assignable group.
  eligible("helpdesk-team:helpdesk", group("Helpdesk Team"), ROLE.helpdeskAdministrator, 90, 270);
  eligible("pradeep:password", user("pradeep.gupta"), ROLE.passwordAdministrator, 90, 270);
  eligible("miriam:exchange", user("miriam.graham"), ROLE.exchangeAdministrator, 50, 310);
  eligible("ben:tier2", user("ben.walters"), customRole, 70, 290);
  eligible("jordan:cloudapp", user("jordan.lee"), ROLE.cloudApplicationAdministrator, 25, 65);
  assigned("svc-sync:dirsync", user("svc-sync"), ROLE.directorySynchronizationAccounts, 850, null, {
    outsidePim: true,
  });
  assigned("debra:intune", user("debra.berger"), ROLE.intuneAdministrator, 200, null, { outsidePim: true });
  assigned("hr-app:useradmin", servicePrincipals[0]!.id, ROLE.userAdministrator, 300, null);
  assigned("tier1:authadmin", group("Tier 1 Identity Admins"), ROLE.authenticationAdministrator, 480, null);
  assigned("pim-group:pra", group("PIM Privileged Role Admins"), ROLE.privilegedRoleAdministrator, 390, null);
  assigned("sam:globalreader", user("sam.taylor"), ROLE.globalReader, 30, 335);
  assigned("yara:billing", user("yara.haddad"), ROLE.billingAdministrator, 100, 265);

  // adminAssign requests for the PIM-made assignments, so the request history is complete.
  for (const a of assignments.filter((x) => x.assignmentType === "Assigned" && x.createdUsing !== null)) {
    requests.push({
      id: a.createdUsing!,
      action: "adminAssign",
      status: "Provisioned",
      principalId: a.principalId,
      roleDefinitionId: a.roleDefinitionId,
      directoryScopeId: a.directoryScopeId,
      createdDateTime: a.createdDateTime!,
      createdById: user("isaiah.langer"),
      justification: "Assigned by IT Director",
      ticketNumber: null,
      targetScheduleId: a.id,
      startDateTime: a.startDateTime,
      duration: null,
      endDateTime: a.endDateTime,
    });
  }

  const pimGroup = group("PIM Privileged Role Admins");
  const groupEligibility = (
    nick: string,
    accessId: "member" | "owner",
    createdDaysAgo: number,
    endInDays: number | null,
  ) =>
    ({
      id: `${pimGroup}_${accessId}_${id(`group-eligibility:${nick}:${accessId}`)}`,
      groupId: pimGroup,
      principalId: user(nick),
      accessId,
      startDateTime: at(-createdDaysAgo, 9),
      endDateTime: endInDays === null ? null : at(endInDays, 9),
    }) satisfies FixtureGroupEligibility;
  const pimGroupEligibilities = [
    groupEligibility("henrietta.mueller", "member", 200, null),
    groupEligibility("irvin.sayers", "member", 40, 140),
    groupEligibility("megan.bowen", "owner", 390, null),
  ];
  const pimGroupAssignments: FixtureGroupAssignment[] = [
    {
      id: `${pimGroup}_member_${id("group-assignment:christie.cline")}`,
      groupId: pimGroup,
      principalId: user("christie.cline"),
      accessId: "member",
      assignmentType: "Assigned",
      startDateTime: at(-15, 9),
      endDateTime: at(75, 9),
    },
    {
      id: `${pimGroup}_owner_${id("group-assignment:megan.bowen")}`,
      groupId: pimGroup,
      principalId: user("megan.bowen"),
      accessId: "owner",
      assignmentType: "Assigned",
      startDateTime: null,
      endDateTime: null,
    },
  ];

  // Irvin, an eligible member of the PIM group, activated the membership (not the role) six days ago; Henrietta never did.
  audits.push({
    id: `PIM_${id("group-activation:irvin.sayers")}`,
    activityDateTime: at(-6, 10),
    activityDisplayName: "Add member to role completed (PIM activation)",
    category: "GroupManagement",
    loggedByService: "PIM",
    result: "success",
    resultReason: "Role assignment clean-up REQ-5120",
    initiatedByUserId: user("irvin.sayers"),
    targets: [
      { id: id("pim-group-role:member"), displayName: "Member", type: "Role" },
      { id: user("irvin.sayers"), displayName: "Irvin Sayers", type: "User" },
      { id: pimGroup, displayName: "PIM Privileged Role Admins", type: "Group" },
    ],
  });

  const setting = (roleDefinitionId: string, change: Partial<FixtureRoleSetting>): FixtureRoleSetting => ({
    ...defaultRoleSetting(roleDefinitionId),
    ...change,
  });
  const roleSettings = [
    setting(ROLE.globalAdministrator, {
      activationMaxDuration: "PT4H",
      requireApproval: true,
      requireTicket: true,
      approvers: [user("isaiah.langer"), user("megan.bowen")],
      notificationRecipients: { Notification_Admin_EndUser_Assignment: ["secops@contoso.com"] },
    }),
    // Privileged roles whose settings fall short: no approval, no MFA, no justification.
    setting(ROLE.privilegedRoleAdministrator, { activationMaxDuration: "PT24H" }),
    setting(ROLE.securityAdministrator, { requireMfa: false, activationMaxDuration: "PT10H" }),
    setting(ROLE.userAdministrator, { requireJustification: false, activeRequireJustification: false }),
    // A Conditional Access authentication context instead of Azure MFA on activation: not weaker.
    setting(ROLE.exchangeAdministrator, {
      eligibleExpirationRequired: true,
      eligibleMaxDuration: "P180D",
      requireMfa: false,
      authenticationContext: "c1",
    }),
  ];
  // Members activate their membership of the group that holds Privileged Role Administrator under the group's
  // member policy, which asks for neither MFA nor approval; owners keep Microsoft's defaults.
  const pimGroupSettings: FixtureGroupSetting[] = [
    { ...defaultPimSetting(), groupId: pimGroup, accessId: "member", requireMfa: false, requireApproval: false },
  ];

  audits.push({
    id: `Directory_${id("audit:dirsync-role")}`,
    activityDateTime: at(-850, 14),
    activityDisplayName: "Add member to role",
    category: "RoleManagement",
    loggedByService: "Core Directory",
    result: "success",
    resultReason: "",
    initiatedByUserId: user("isaiah.langer"),
    targets: [
      { id: ROLE.directorySynchronizationAccounts, displayName: "Directory Synchronization Accounts", type: "Role" },
      { id: user("svc-sync"), displayName: null, type: "User" },
    ],
  });

  return {
    tenant: {
      id: DEMO_TENANT_ID,
      displayName: "Contoso",
      defaultDomain: "contoso.com",
      initialDomain: "contoso.onmicrosoft.com",
      premiumLicence: true,
      createdDateTime: at(-1000, 9),
    },
    users,
    groups,
    servicePrincipals,
    administrativeUnits,
    customRoles,
    deletedPrincipalIds: [deletedAdmin],
    roleEligibilitySchedules: eligibilities,
    roleAssignmentSchedules: assignments,
    roleSettings,
    pimGroupEligibilities,
    pimGroupAssignments,
    pimGroupSettings,
    roleAssignmentScheduleRequests: requests,
    directoryAudits: audits,
  };
}
