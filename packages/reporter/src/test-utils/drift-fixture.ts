// Two snapshots of the fixture tenant a month apart, with one of each kind of drift.
import type { Assignment, Snapshot } from "@pim-audit/model";
import { fixtureSnapshot, PRINCIPAL, ROLE } from "./fixture.js";

export const NINA = "10000000-0000-0000-0000-000000000009";

/** October: before Adele's activation. */
export function olderSnapshot(): Snapshot {
  const snapshot = fixtureSnapshot();
  return {
    ...snapshot,
    collectedAt: "2026-10-27T08:30:00.000Z",
    assignments: snapshot.assignments.filter((a) => a.id !== "act-adele-ga"),
  };
}

/** November, with one of each change against olderSnapshot(). */
export function newerSnapshot(): Snapshot {
  const snapshot = fixtureSnapshot();
  const byId = new Map(snapshot.assignments.map((a) => [a.id, a]));
  const edit = (id: string, fields: Partial<Assignment>) => {
    byId.set(id, { ...byId.get(id)!, ...fields });
  };
  // removed: Dora's permanent Privileged Role Administrator
  byId.delete("act-dora-pra");
  // end extended: Gary's eligibility runs six months longer
  edit("elig-gary-ua", { end: "2027-06-30T00:00:00.000Z" });
  // state: Mallory's active Helpdesk Administrator became an eligibility (a new schedule, a new id)
  byId.delete("act-mallory-hd");
  byId.set("elig-mallory-hd", {
    ...snapshot.assignments.find((a) => a.id === "act-mallory-hd")!,
    id: "elig-mallory-hd",
    state: "eligible",
    activeKind: null,
  });
  // moved group -> direct: Ivan now holds Privileged Role Administrator himself
  byId.delete("elig-tier0-pra|ivan");
  byId.set("elig-ivan-pra", {
    ...snapshot.assignments.find((a) => a.id === "elig-tier0-pra|ivan")!,
    id: "elig-ivan-pra",
    memberType: "direct",
    viaGroupId: null,
  });
  // added, and newly privileged: Nina (new) eligible for Global Administrator; the sync service
  // principal (held only Reports Reader) now active Helpdesk Administrator
  byId.set("elig-nina-ga", {
    ...byId.get("elig-adele-ga")!,
    id: "elig-nina-ga",
    principalId: NINA,
    start: "2026-11-10T00:00:00.000Z",
    end: "2027-11-10T00:00:00.000Z",
  });
  byId.set("act-sync-hd", {
    ...byId.get("act-sync-rr")!,
    id: "act-sync-hd",
    roleId: ROLE.helpdeskAdmin,
    start: "2026-11-15T00:00:00.000Z",
  });
  const nina = { ...snapshot.principals.find((p) => p.id === PRINCIPAL.ivan)!, id: NINA };
  return {
    ...snapshot,
    principals: [
      ...snapshot.principals,
      { ...nina, displayName: "Nina New", userPrincipalName: "nina@contoso.example", mail: "nina@contoso.example" },
    ],
    assignments: [...byId.values()],
  };
}
