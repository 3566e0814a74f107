// directoryObjects (users, groups, service principals) -> Principal.
import type { Principal, PrincipalType } from "@pim-audit/model";
import { bool, dateTime, type GraphObject, obj, str } from "./fields.js";

export function principalTypeOf(raw: GraphObject | null): PrincipalType {
  const type = str(raw, "@odata.type")?.toLowerCase();
  if (type === "#microsoft.graph.user") return "user";
  if (type === "#microsoft.graph.group") return "group";
  if (type === "#microsoft.graph.serviceprincipal") return "servicePrincipal";
  return "unknown";
}

export function emptyPrincipal(id: string, type: PrincipalType): Principal {
  return {
    id,
    type,
    displayName: null,
    userPrincipalName: null,
    mail: null,
    userType: null,
    accountEnabled: null,
    onPremisesSyncEnabled: null,
    lastSuccessfulSignInDateTime: null,
    lastSignInDateTime: null,
    lastNonInteractiveSignInDateTime: null,
    deleted: false,
    isAssignableToRole: null,
    members: null,
    appId: null,
  };
}

export type SignInTimes = Pick<
  Principal,
  "lastSuccessfulSignInDateTime" | "lastSignInDateTime" | "lastNonInteractiveSignInDateTime"
>;

/** The three times of a user's signInActivity, each as Graph sent it ("never" as null); null without one. */
export function signInTimes(raw: GraphObject): SignInTimes | null {
  const activity = obj(raw, "signInActivity");
  if (activity === null) return null;
  return {
    lastSuccessfulSignInDateTime: dateTime(activity, "lastSuccessfulSignInDateTime"),
    lastSignInDateTime: dateTime(activity, "lastSignInDateTime"),
    lastNonInteractiveSignInDateTime: dateTime(activity, "lastNonInteractiveSignInDateTime"),
  };
}

/** Merges what one Graph object says about a principal into what is already known; known values win over null. */
export function mergePrincipal(known: Principal | undefined, raw: GraphObject, type: PrincipalType): Principal {
  const id = str(raw, "id") ?? known?.id ?? "";
  const base = known ?? emptyPrincipal(id, type);
  const pick = <T>(value: T | null, current: T | null): T | null => (value === null ? current : value);
  return {
    ...base,
    type: base.type === "unknown" ? type : base.type,
    displayName: pick(str(raw, "displayName"), base.displayName),
    userPrincipalName: pick(str(raw, "userPrincipalName"), base.userPrincipalName),
    mail: pick(str(raw, "mail"), base.mail),
    userType: pick(str(raw, "userType"), base.userType),
    accountEnabled: pick(bool(raw, "accountEnabled"), base.accountEnabled),
    onPremisesSyncEnabled: pick(bool(raw, "onPremisesSyncEnabled"), base.onPremisesSyncEnabled),
    ...(signInTimes(raw) ?? {}),
    isAssignableToRole: pick(bool(raw, "isAssignableToRole"), base.isAssignableToRole),
    appId: pick(str(raw, "appId"), base.appId),
    // Graph answered with the object, so it exists.
    deleted: false,
  };
}
