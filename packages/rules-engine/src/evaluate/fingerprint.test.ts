import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fingerprint, fingerprinter } from "./fingerprint.js";
import { roleSubject } from "./subject.js";

describe("fingerprint", () => {
  const subject = {
    ...roleSubject({
      id: "r1",
      templateId: "r1",
      displayName: "Role",
      isBuiltIn: true,
      privileged: true,
      privilegedActions: [],
    }),
    principalId: "p1",
    principalName: "someone@contoso.com",
    directoryScopeId: "/",
    state: "active" as const,
    assignmentId: "a1",
  };

  it("is the SHA-256 of rule, principal, role, scope and state, and nothing else", () => {
    expect(fingerprint("rule", subject)).toBe("f56473492de877f0da489caa610edac4a5579e61b931b2b9a13a58f5f72cd3ec");
    expect(fingerprint("rule", { ...subject, assignmentId: "a2", principalName: "renamed@contoso.com" })).toBe(
      fingerprint("rule", subject),
    );
    expect(fingerprint("rule", { ...subject, state: "eligible" })).not.toBe(fingerprint("rule", subject));
    expect(fingerprint("other", subject)).not.toBe(fingerprint("rule", subject));
  });

  it("keeps its definition for values JSON must escape: quotes, backslashes, controls, surrogates", () => {
    const awkward = ['a"b', "a\\b", "tab\there", "\u0000", "\u2028", "emoji \u{1F600}", "lone \ud800", "é"];
    for (const value of awkward) {
      const odd = { ...subject, principalId: value, directoryScopeId: `/administrativeUnits/${value}` };
      const definition = JSON.stringify(["rule", odd.principalId, odd.roleId, odd.directoryScopeId, odd.state]);
      expect(fingerprint("rule", odd)).toBe(createHash("sha256").update(definition).digest("hex"));
      expect(fingerprint(value, { ...subject, principalId: null, state: null })).toBe(
        createHash("sha256")
          .update(JSON.stringify([value, null, subject.roleId, subject.directoryScopeId, null]))
          .digest("hex"),
      );
    }
  });

  it("gives each finding of a rule its own key when roles, scopes and states repeat", () => {
    const ofRule = fingerprinter("rule");
    const scopes = ["/", '/administrativeUnits/a"b', "/administrativeUnits/\u0000"];
    for (let i = 0; i < 24; i++) {
      const odd = {
        ...subject,
        principalId: i % 5 === 0 ? null : `p${i % 4}`,
        roleId: i % 7 === 0 ? null : `r${i % 3}`,
        directoryScopeId: i % 11 === 0 ? null : scopes[i % 3]!,
        state: i % 2 === 0 ? ("active" as const) : ("eligible" as const),
      };
      const definition = JSON.stringify(["rule", odd.principalId, odd.roleId, odd.directoryScopeId, odd.state]);
      expect(ofRule(odd)).toBe(createHash("sha256").update(definition).digest("hex"));
    }
  });
});
