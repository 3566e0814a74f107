// A seeded tenant generator. Every row is computed from (seed, table, index) on demand and ids
// encode their index, so a tenant of a million assignments is served page by page without being
// held in memory; generateTenant materialises the same rows for small tenants and fixture files.
import { builtInRoles } from "@pim-audit/model";
import { guid, hash32, opaqueId, unit } from "../ids.js";
import { relative, startOfUtcDay } from "../time.js";
import type { Directory, DirectoryObject, Table } from "./directory.js";
import type {
  FixtureAdministrativeUnit,
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroup,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureGroupSetting,
  FixtureRoleDefinition,
  FixtureRoleSetting,
  FixtureScheduleRequest,
  FixtureServicePrincipal,
  FixtureUser,
  TenantFixture,
} from "./fixture.js";
import { defaultPimSetting, defaultRoleSetting } from "./role-settings.js";
import { rememberRows } from "./row-cache.js";

export interface GenerateOptions {
  /** Default 1. */
  seed?: number;
  /** Dates are placed relative to the UTC day of this instant. Default: the emulator's clock. */
  now?: Date;
  users: number;
  /** Security groups; default users / 20 (at least 1). */
  groups?: number;
  /** Groups nest in chains this deep (a group inside a group inside ...). Default 2. */
  nestingDepth?: number;
  /** How many of the groups are role-assignable and hold a role each. Default min(groups, 5). */
  roleAssignableGroups?: number;
  /** How many groups are managed by PIM for Groups (3 eligible members, 1 active each). Default min(groups, 2). */
  pimGroups?: number;
  /** Share of users who hold roles. Default 0.2. */
  adminShare?: number;
  /** Eligible assignments per role holder. Default 2. */
  eligiblePerPerson?: number;
  /** Active assignments per role holder. Default 1. */
  activePerPerson?: number;
  /** Share of users who are guests. Default 0.05. */
  guestShare?: number;
  /** Share of users whose account is disabled. Default 0.03. */
  disabledShare?: number;
  /** Share of users synced from on-premises. Default 0.3. */
  syncedShare?: number;
  /** Service principals, each holding one active role. Default 3. */
  servicePrincipals?: number;
  /** Custom roles. Default 2. */
  customRoles?: number;
  /** Administrative units; 5% of eligibilities are scoped to one. Default 2. */
  administrativeUnits?: number;
  /** Activations in the history per eligible assignment, on average. Default 0.5. */
  activationHistory?: number;
}

const FIRST = [
  "Ada",
  "Ben",
  "Chen",
  "Dana",
  "Eli",
  "Fatima",
  "Gus",
  "Hana",
  "Ivan",
  "Jun",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Pia",
  "Quinn",
  "Ravi",
  "Sara",
  "Tomas",
  "Uma",
  "Vik",
  "Wen",
  "Yara",
  "Zoe",
];
const LAST = [
  "Adams",
  "Brown",
  "Costa",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kim",
  "Lopez",
  "Meyer",
  "Novak",
  "Okafor",
  "Patel",
  "Quist",
  "Rossi",
  "Silva",
  "Tanaka",
  "Ueda",
  "Varga",
  "Weber",
  "Xu",
  "Young",
];
const DOMAIN = "contoso-generated.com";

/** Kind codes that ids carry in their second group, so an id leads straight back to its row. */
const KIND = {
  user: 1,
  group: 2,
  servicePrincipal: 3,
  unit: 4,
  eligibility: 5,
  assignment: 6,
  customRole: 7,
  request: 8,
} as const;
type Kind = keyof typeof KIND;

interface Resolved {
  seed: number;
  day0: Date;
  users: number;
  groups: number;
  nestingDepth: number;
  roleAssignableGroups: number;
  pimGroups: number;
  holders: number;
  eligiblePerPerson: number;
  activePerPerson: number;
  guestShare: number;
  disabledShare: number;
  syncedShare: number;
  servicePrincipals: number;
  customRoles: number;
  administrativeUnits: number;
  activations: number;
}

function resolve(options: GenerateOptions, fallbackNow: Date): Resolved {
  const users = Math.max(1, Math.floor(options.users));
  const groups = Math.max(1, Math.floor(options.groups ?? Math.max(1, users / 20)));
  const eligiblePerPerson = Math.max(0, Math.floor(options.eligiblePerPerson ?? 2));
  const holders = Math.max(1, Math.round(users * (options.adminShare ?? 0.2)));
  return {
    seed: options.seed ?? 1,
    day0: startOfUtcDay(options.now ?? fallbackNow),
    users,
    groups,
    nestingDepth: Math.max(0, Math.floor(options.nestingDepth ?? 2)),
    roleAssignableGroups: Math.min(groups, Math.max(0, Math.floor(options.roleAssignableGroups ?? 5))),
    pimGroups: Math.min(groups, Math.max(0, Math.floor(options.pimGroups ?? 2))),
    holders: Math.min(users, holders),
    eligiblePerPerson,
    activePerPerson: Math.max(0, Math.floor(options.activePerPerson ?? 1)),
    guestShare: options.guestShare ?? 0.05,
    disabledShare: options.disabledShare ?? 0.03,
    syncedShare: options.syncedShare ?? 0.3,
    servicePrincipals: Math.max(0, Math.floor(options.servicePrincipals ?? 3)),
    customRoles: Math.max(0, Math.floor(options.customRoles ?? 2)),
    administrativeUnits: Math.max(0, Math.floor(options.administrativeUnits ?? 2)),
    activations: Math.round(Math.min(users, holders) * eligiblePerPerson * (options.activationHistory ?? 0.5)),
  };
}

/** The middle of an id per kind: `-0001-4000-8000-` and so on. */
const KIND_INFIX = Object.fromEntries(
  (Object.keys(KIND) as Kind[]).map((kind) => [kind, `-${KIND[kind].toString(16).padStart(4, "0")}-4000-8000-`]),
) as Record<Kind, string>;
const KIND_BY_CODE = new Map((Object.keys(KIND) as Kind[]).map((kind) => [KIND[kind] as number, kind]));

// Hex digits by byte: several times faster than toString(16) + padStart, which every id of every row paid twice.
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const hex8 = (value: number) =>
  HEX_BYTE[value >>> 24]! + HEX_BYTE[(value >>> 16) & 255]! + HEX_BYTE[(value >>> 8) & 255]! + HEX_BYTE[value & 255]!;
const hex12 = (value: number) => {
  if (value >= 2 ** 48) return value.toString(16);
  const high = Math.floor(value / 2 ** 32);
  return HEX_BYTE[high >>> 8]! + HEX_BYTE[high & 255]! + hex8(value >>> 0);
};

function makeId(seed: number, kind: Kind, index: number): string {
  return `${hex8(hash32(seed, kind, index))}${KIND_INFIX[kind]}${hex12(index)}`;
}

function parseId(seed: number, id: string): { kind: Kind; index: number } | undefined {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-4000-8000-([0-9a-f]{12})$/i.exec(id);
  if (!match) return undefined;
  const kind = KIND_BY_CODE.get(Number.parseInt(match[2]!, 16));
  const index = Number.parseInt(match[3]!, 16);
  // Both sides are eight hex digits, so comparing their values is comparing them case-insensitively.
  if (!kind || hash32(seed, kind, index) !== Number.parseInt(match[1]!, 16)) return undefined;
  return { kind, index };
}

function table<T>(size: number, at: (index: number) => T): Table<T> {
  return { size, at };
}

export function generatedDirectory(options: GenerateOptions & { now?: Date }, fallbackNow = new Date()): Directory {
  const r = resolve(options, fallbackNow);
  const { seed } = r;
  // Rows share a few thousand whole-hour instants and sign-ins on tens of thousands of whole minutes; formatting
  // each once keeps a million rows cheap. (Activation requests each have their own minute: not kept.)
  const instants = new Map<number, string>();
  const at = (days: number, hours = 0, minutes = 0) => {
    if (minutes < 0 || minutes >= 60) return relative(r.day0, days, hours, minutes);
    const key = (days * 24 + hours) * 60 + minutes;
    let text = instants.get(key);
    if (text === undefined) {
      text = relative(r.day0, days, hours, minutes);
      instants.set(key, text);
    }
    return text;
  };
  const id = (kind: Kind, index: number) => makeId(seed, kind, index);
  const pick = <T>(list: readonly T[], ...parts: (string | number)[]): T => list[hash32(seed, ...parts) % list.length]!;

  const privileged = builtInRoles().filter((role) => role.privileged);
  const ordinary = builtInRoles().filter((role) => !role.privileged);
  const rolePool = [
    ...privileged.map((role) => role.templateId),
    ...ordinary.slice(0, 10).map((role) => role.templateId),
    ...Array.from({ length: r.customRoles }, (_, i) => id("customRole", i)),
  ];
  const roleFor = (holder: number, k: number, salt: string) =>
    rolePool[(hash32(seed, salt, holder) + k * 7) % rolePool.length]!;

  // Permanent below `permanentShare`; otherwise ending within a year, except 5% that already ended
  // (schedules that are no longer instances).
  const timeBoundEnd = (draw: number, spread: number, permanentShare: number): string | null => {
    if (draw < permanentShare) return null;
    if (draw > 0.95) return at(-1 - (spread % 60), 17);
    return at(1 + (spread % 365), 17);
  };

  const user = rememberRows((i: number): FixtureUser => {
    const first = pick(FIRST, "first", i);
    const last = pick(LAST, "last", i);
    const guest = unit(seed, "guest", i) < r.guestShare;
    const nick = `u${i}.${first.toLowerCase()}.${last.toLowerCase()}`;
    const signedIn = unit(seed, "never", i) < 0.02 ? null : Math.floor(unit(seed, "signin", i) * 400);
    const sprayed = unit(seed, "sprayed", i) < 0.03;
    return {
      id: id("user", i),
      displayName: `${first} ${last}`,
      givenName: first,
      surname: last,
      userPrincipalName: guest ? `${nick}_fabrikam.com#EXT#@contoso-generated.onmicrosoft.com` : `${nick}@${DOMAIN}`,
      mail: guest ? `${nick}@fabrikam.com` : `${nick}@${DOMAIN}`,
      jobTitle: pick(["Engineer", "Analyst", "Manager", "Administrator", "Consultant"], "job", i),
      userType: guest ? "Guest" : "Member",
      accountEnabled: unit(seed, "disabled", i) >= r.disabledShare,
      onPremisesSyncEnabled: !guest && unit(seed, "synced", i) < r.syncedShare ? true : null,
      createdDateTime: at(-900 + (i % 800), 9),
      // 3% are sprayed: failed attempts since their last success, which is up to 400 days older.
      lastSuccessfulSignInDateTime:
        signedIn === null
          ? null
          : at(-signedIn - (sprayed ? 1 + Math.floor(unit(seed, "spray", i) * 400) : 0), 10, i % 60),
      lastSignInDateTime: signedIn === null ? null : at(-signedIn, 8, i % 60),
      lastNonInteractiveSignInDateTime: signedIn === null ? null : at(-signedIn, 10, i % 60),
    };
  });

  const chain = r.nestingDepth + 1;
  const group = (j: number): FixtureGroup => {
    const members: string[] = [];
    for (let u = j; u < r.users; u += r.groups) members.push(id("user", u));
    if ((j % chain) + 1 < chain && j + 1 < r.groups) members.push(id("group", j + 1));
    const roleAssignable = j < r.roleAssignableGroups;
    return {
      id: id("group", j),
      displayName: roleAssignable ? `Role Group ${j}` : `Team ${j}`,
      description: null,
      mailNickname: `group-${j}`,
      isAssignableToRole: roleAssignable,
      createdDateTime: at(-700 + (j % 600), 11),
      members,
      owners: [id("user", j % r.users)],
    };
  };

  const servicePrincipal = (s: number): FixtureServicePrincipal => ({
    id: id("servicePrincipal", s),
    appId: guid(seed, "app", s),
    displayName: `Generated App ${s}`,
    servicePrincipalType: s % 4 === 3 ? "ManagedIdentity" : "Application",
    accountEnabled: true,
  });

  const administrativeUnit = (a: number): FixtureAdministrativeUnit => ({
    id: id("unit", a),
    displayName: `Region ${a}`,
    description: null,
  });

  const customRole = (c: number): FixtureRoleDefinition => ({
    id: id("customRole", c),
    displayName: `Generated Custom Role ${c}`,
    description: "A generated custom role",
    allowedResourceActions: ["microsoft.directory/users/basic/update"],
  });

  const eligibilitySize = r.holders * r.eligiblePerPerson;
  const eligibilityRow = (e: number): FixtureEligibilitySchedule => {
    const holder = Math.floor(e / Math.max(1, r.eligiblePerPerson));
    const k = e % Math.max(1, r.eligiblePerPerson);
    const createdDaysAgo = 1 + (hash32(seed, "ecreated", e) % 700);
    const scoped = r.administrativeUnits > 0 && unit(seed, "escope", e) < 0.05;
    return {
      id: id("eligibility", e),
      principalId: id("user", holder),
      roleDefinitionId: roleFor(holder, k, "erole"),
      directoryScopeId: scoped
        ? `/administrativeUnits/${id("unit", hash32(seed, "eunit", e) % r.administrativeUnits)}`
        : "/",
      appScopeId: null,
      createdDateTime: at(-createdDaysAgo, 9),
      startDateTime: at(-createdDaysAgo, 9),
      endDateTime: timeBoundEnd(unit(seed, "epermanent", e), hash32(seed, "eend", e), 0.4),
    };
  };
  const eligibility = rememberRows(eligibilityRow);

  const holderActive = r.holders * r.activePerPerson;
  const assignmentSize = holderActive + r.roleAssignableGroups + r.servicePrincipals;
  // Each branch writes the whole row as one literal, keys in one order: spreading a base row and overriding its
  // keys cost ~10 µs of allocation and garbage collection per row.
  const assignment = rememberRows((a: number): FixtureAssignmentSchedule => {
    const createdDaysAgo = 1 + (hash32(seed, "acreated", a) % 700);
    const assignmentId = id("assignment", a);
    const created = at(-createdDaysAgo, 14);
    const endDateTime = () => timeBoundEnd(unit(seed, "apermanent", a), hash32(seed, "aend", a), 0.5);
    if (a >= holderActive) {
      const g = a - holderActive;
      return {
        id: assignmentId,
        directoryScopeId: "/",
        appScopeId: null,
        activatedUsing: null,
        assignmentType: "Assigned",
        createdDateTime: created,
        startDateTime: created,
        endDateTime: endDateTime(),
        principalId: g < r.roleAssignableGroups ? id("group", g) : id("servicePrincipal", g - r.roleAssignableGroups),
        roleDefinitionId: roleFor(g, 0, "grole"),
        createdUsing: assignmentId,
      };
    }
    const holder = Math.floor(a / Math.max(1, r.activePerPerson));
    const k = a % Math.max(1, r.activePerPerson);
    if (r.eligiblePerPerson > 0 && unit(seed, "activated", a) < 0.1) {
      const from = eligibility(holder * r.eligiblePerPerson + (k % r.eligiblePerPerson));
      return {
        id: assignmentId,
        directoryScopeId: from.directoryScopeId,
        appScopeId: null,
        activatedUsing: from.id,
        assignmentType: "Activated",
        createdDateTime: at(0),
        startDateTime: at(0),
        endDateTime: at(1),
        principalId: from.principalId,
        roleDefinitionId: from.roleDefinitionId,
        createdUsing: guid(seed, "activation-request", a),
      };
    }
    const outsidePim = unit(seed, "outside", a) < 0.05;
    return {
      id: outsidePim ? `${opaqueId(seed, "outside", a).slice(0, 30)}_${a.toString(36)}-1` : assignmentId,
      directoryScopeId: "/",
      appScopeId: null,
      activatedUsing: null,
      assignmentType: "Assigned",
      createdDateTime: outsidePim ? null : created,
      startDateTime: created,
      endDateTime: endDateTime(),
      principalId: id("user", holder),
      roleDefinitionId: roleFor(holder, k + 3, "arole"),
      createdUsing: outsidePim ? null : assignmentId,
    };
  });

  const request = (q: number): FixtureScheduleRequest => {
    // Requests pick eligibilities at random: computed afresh, so they do not push the rows lists read out of the cache.
    const from = eligibilityRow(hash32(seed, "qelig", q) % Math.max(1, eligibilitySize));
    const minutesAgo = Math.floor(((q + 1) * 180 * 24 * 60) / Math.max(1, r.activations));
    const start = at(0, 0, -minutesAgo);
    return {
      id: id("request", q),
      action: "selfActivate",
      status: "Provisioned",
      principalId: from.principalId,
      roleDefinitionId: from.roleDefinitionId,
      directoryScopeId: from.directoryScopeId,
      createdDateTime: start,
      createdById: from.principalId,
      justification: `Generated activation ${q}`,
      ticketNumber: null,
      targetScheduleId: guid(seed, "activation-schedule", q),
      startDateTime: start,
      duration: "PT4H",
      endDateTime: null,
    };
  };

  const audit = (q: number): FixtureDirectoryAudit => {
    const req = request(q);
    return {
      id: `PIM_${req.id}`,
      activityDateTime: req.createdDateTime,
      activityDisplayName: "Add member to role completed (PIM activation)",
      category: "RoleManagement",
      loggedByService: "PIM",
      result: "success",
      resultReason: req.justification ?? "",
      initiatedByUserId: req.principalId,
      targets: [
        { id: req.roleDefinitionId, displayName: null, type: "Role" },
        { id: req.principalId, displayName: null, type: "User" },
      ],
    };
  };

  const settingRoles = [
    ...privileged.map((role) => role.templateId),
    ...Array.from({ length: r.customRoles }, (_, i) => id("customRole", i)),
  ];
  const setting = (s: number): FixtureRoleSetting => {
    const roleId = settingRoles[s]!;
    return {
      ...defaultRoleSetting(roleId),
      requireMfa: unit(seed, "mfa", s) >= 0.2,
      // Half the roles without Azure MFA on activation ask for a Conditional Access authentication context instead.
      authenticationContext: unit(seed, "mfa", s) < 0.1 ? "c1" : null,
      requireApproval: unit(seed, "approval", s) < 0.3,
      approvers: unit(seed, "approval", s) < 0.3 ? [id("user", 0)] : [],
      requireJustification: unit(seed, "justification", s) >= 0.1,
      eligibleExpirationRequired: unit(seed, "eexp", s) < 0.5,
    };
  };

  // The PIM groups' member policies: some without MFA on activation, some without approval.
  const pimGroupSetting = (p: number): FixtureGroupSetting => ({
    ...defaultPimSetting(),
    groupId: id("group", r.groups - 1 - p),
    accessId: "member",
    requireMfa: unit(seed, "group-mfa", p) >= 0.3,
    requireApproval: unit(seed, "group-approval", p) < 0.5,
    approvers: unit(seed, "group-approval", p) < 0.5 ? [id("user", 0)] : [],
  });
  const pimGroupSettingIndex = new Map(
    Array.from({ length: r.pimGroups }, (_, p) => [`${id("group", r.groups - 1 - p).toLowerCase()}|member`, p]),
  );

  const pimGroupEligibility = (p: number): FixtureGroupEligibility => {
    const g = r.groups - 1 - Math.floor(p / 3);
    const groupId = id("group", g);
    return {
      id: `${groupId}_member_${guid(seed, "pim-eligibility", p)}`,
      groupId,
      principalId: id("user", hash32(seed, "pim-member", p) % r.users),
      accessId: "member",
      startDateTime: at(-(hash32(seed, "pim-start", p) % 300), 9),
      endDateTime: p % 2 === 0 ? null : at(180, 9),
    };
  };
  const pimGroupAssignment = (p: number): FixtureGroupAssignment => {
    const groupId = id("group", r.groups - 1 - p);
    return {
      id: `${groupId}_member_${guid(seed, "pim-assignment", p)}`,
      groupId,
      principalId: id("user", hash32(seed, "pim-active", p) % r.users),
      accessId: "member",
      assignmentType: "Assigned",
      startDateTime: at(-30, 9),
      endDateTime: at(60, 9),
    };
  };

  const settingIndex = new Map(settingRoles.map((roleId, s) => [roleId.toLowerCase(), s]));
  // Consecutive rows of a list often name the same principal (a holder's eligibilities follow each other).
  let lastObjectKey: string | undefined;
  let lastObject: DirectoryObject | undefined;
  const object = (key: string): DirectoryObject | undefined => {
    if (key !== lastObjectKey) {
      lastObject = findObject(key);
      lastObjectKey = key;
    }
    return lastObject;
  };
  const findObject = (key: string): DirectoryObject | undefined => {
    const upn = /^u(\d+)\./i.exec(key);
    if (upn) {
      const index = Number(upn[1]);
      if (index >= r.users) return undefined;
      const found = user(index);
      return found.userPrincipalName.toLowerCase() === key.toLowerCase() ? { kind: "user", user: found } : undefined;
    }
    const parsed = parseId(seed, key);
    if (!parsed) return undefined;
    if (parsed.kind === "user" && parsed.index < r.users) return { kind: "user", user: user(parsed.index) };
    if (parsed.kind === "group" && parsed.index < r.groups) return { kind: "group", group: group(parsed.index) };
    if (parsed.kind === "servicePrincipal" && parsed.index < r.servicePrincipals) {
      return { kind: "servicePrincipal", servicePrincipal: servicePrincipal(parsed.index) };
    }
    return undefined;
  };

  const directory: Directory = {
    tenant: {
      id: guid(seed, "tenant"),
      displayName: "Contoso (generated)",
      defaultDomain: DOMAIN,
      initialDomain: "contoso-generated.onmicrosoft.com",
      premiumLicence: true,
      createdDateTime: at(-1000, 9),
    },
    users: table(r.users, user),
    groups: table(r.groups, group),
    servicePrincipals: table(r.servicePrincipals, servicePrincipal),
    administrativeUnits: table(r.administrativeUnits, administrativeUnit),
    customRoles: table(r.customRoles, customRole),
    roleEligibilitySchedules: table(eligibilitySize, eligibility),
    roleAssignmentSchedules: table(assignmentSize, assignment),
    roleSettings: table(settingRoles.length, setting),
    pimGroupEligibilities: table(r.pimGroups * 3, pimGroupEligibility),
    pimGroupAssignments: table(r.pimGroups, pimGroupAssignment),
    pimGroupSettings: table(r.pimGroups, pimGroupSetting),
    roleAssignmentScheduleRequests: table(r.activations, request),
    directoryAudits: table(r.activations, audit),
    object,
    eligibilitySchedule: (key) => {
      const parsed = parseId(seed, key);
      return parsed?.kind === "eligibility" && parsed.index < eligibilitySize ? eligibility(parsed.index) : undefined;
    },
    assignmentSchedule: (key) => {
      const parsed = parseId(seed, key);
      if (parsed?.kind === "assignment" && parsed.index < assignmentSize) return assignment(parsed.index);
      const outside = /_([0-9a-z]+)-1$/.exec(key);
      if (outside) {
        const candidate = assignment(Number.parseInt(outside[1]!, 36));
        if (candidate.id === key) return candidate;
      }
      return undefined;
    },
    administrativeUnit: (key) => {
      const parsed = parseId(seed, key);
      return parsed?.kind === "unit" && parsed.index < r.administrativeUnits
        ? administrativeUnit(parsed.index)
        : undefined;
    },
    roleSetting: (roleId) => {
      const s = settingIndex.get(roleId.toLowerCase());
      return s === undefined ? undefined : setting(s);
    },
    groupSetting: (groupId, accessId) => {
      const p = pimGroupSettingIndex.get(`${groupId.toLowerCase()}|${accessId.toLowerCase()}`);
      return p === undefined ? undefined : pimGroupSetting(p);
    },
  };
  return directory;
}

function rows<T>(t: Table<T>): T[] {
  return Array.from({ length: t.size }, (_, i) => t.at(i));
}

/** The generated tenant as a fixture (every row in memory): for small tenants and fixture files. */
export function generateTenant(options: GenerateOptions): TenantFixture {
  const d = generatedDirectory(options, options.now ?? new Date());
  return {
    tenant: d.tenant,
    users: rows(d.users),
    groups: rows(d.groups),
    servicePrincipals: rows(d.servicePrincipals),
    administrativeUnits: rows(d.administrativeUnits),
    customRoles: rows(d.customRoles),
    roleEligibilitySchedules: rows(d.roleEligibilitySchedules),
    roleAssignmentSchedules: rows(d.roleAssignmentSchedules),
    roleSettings: rows(d.roleSettings),
    pimGroupEligibilities: rows(d.pimGroupEligibilities),
    pimGroupAssignments: rows(d.pimGroupAssignments),
    pimGroupSettings: rows(d.pimGroupSettings),
    roleAssignmentScheduleRequests: rows(d.roleAssignmentScheduleRequests),
    directoryAudits: rows(d.directoryAudits),
  };
}
