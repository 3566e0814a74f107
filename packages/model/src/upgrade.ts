// Older snapshot files, converted on read to the current schema version, so that `--from` keeps
// reading the evidence of earlier months.
type Json = Record<string, unknown>;

const VERSION_1_EXPORT_CSV_LACKS = [
  "activationHistory",
  "directAssignments",
  "groupMembers",
  "ids",
  "principals",
  "roleSettings",
  "schedules",
  "signInActivity",
] as const;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/**
 * Version 1 read memberType from the principal's side (`group`: a group holding the role, `inherited`: held
 * through a group); version 2 keeps Graph's meaning (`direct` for the group's own row, `group` through it).
 * Fields version 1 lacked get the value that says "not known".
 */
function fromVersion1(v1: Json): Json {
  const csv = isObject(v1["source"]) && v1["source"]["kind"] === "export-csv";
  const gaps = isObject(v1["completeness"]) ? objects(v1["completeness"]["gaps"]) : [];
  // Version 1 readers took these as missing from any admin-center import, listed or not: the source's nature.
  const upgradedGaps: Json[] = gaps.map((g) => ({ ...g, expected: csv }));
  if (csv) {
    for (const piece of VERSION_1_EXPORT_CSV_LACKS) {
      if (upgradedGaps.some((g) => g["piece"] === piece)) continue;
      upgradedGaps.push({ piece, reason: "An admin-center export does not hold it.", request: null, expected: true });
    }
  }
  const completeness = isObject(v1["completeness"])
    ? { ...v1["completeness"], gaps: upgradedGaps, complete: upgradedGaps.every((g) => g["expected"] === true) }
    : v1["completeness"];
  const setting = (s: Json): Json =>
    isObject(s["activation"])
      ? { ...s, activation: { ...s["activation"], requireAuthenticationContext: false, authenticationContext: null } }
      : s;
  return {
    ...v1,
    schemaVersion: 2,
    completeness,
    activationHistory: {
      source:
        Array.isArray(v1["activations"]) && v1["activityDays"] !== null && !csv
          ? "roleAssignmentScheduleRequests"
          : null,
      coversFrom: null,
    },
    roles: objects(v1["roles"]).map((r) => ({ ...r, privilegedActions: [] })),
    principals: objects(v1["principals"]).map((p) => ({
      ...p,
      // Version 1 kept the latest of the three sign-in times, attempts included: not known to be a success.
      lastSuccessfulSignInDateTime: null,
      lastNonInteractiveSignInDateTime: null,
      deleted: false,
    })),
    assignments: objects(v1["assignments"]).map((a) => ({
      ...a,
      memberType: a["memberType"] === "group" ? "direct" : a["memberType"] === "inherited" ? "group" : a["memberType"],
    })),
    roleSettings: objects(v1["roleSettings"]).map(setting),
    groupSettings: [],
    activations: objects(v1["activations"]).map((a) => ({ ...a, groupId: null, accessId: null })),
  };
}

/** The snapshot in the current version, and the version it was written in when that was older. */
export function upgradeSnapshot(value: unknown): { value: unknown; fromVersion: number | null } {
  if (isObject(value) && value["schemaVersion"] === 1) return { value: fromVersion1(value), fromVersion: 1 };
  return { value, fromVersion: null };
}
