import { join } from "node:path";
import { InputErrors } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { HEADER, loadErrors, policyFolder } from "../test-utils/policy-files.js";
import { loadPolicies, validatePolicies } from "./load-policies.js";

const rule = (lines: string) => `${HEADER}rules:\n${lines}`;

describe("loadPolicies", () => {
  it("loads the shipped packs with the position of every rule", async () => {
    const policies = await loadPolicies([join(import.meta.dirname, "../../../../policies/baseline.yaml")]);
    const [baseline] = policies;
    expect(baseline?.name).toBe("baseline");
    expect(baseline?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const first = baseline?.rules[0];
    expect(first?.id).toBe("no-permanent-active-privileged");
    expect(first?.location.line).toBeGreaterThan(1);
    expect(first?.unless[0]?.principals).toEqual(["bg-01@contoso.com", "bg-02@contoso.com"]);
  });

  it("reads a folder, skipping policy test files, in name order", async () => {
    const folder = await policyFolder({
      "b.yaml": rule("  - {id: b, type: max-duration, max: P1D}\n"),
      "a.yml": rule("  - {id: a, type: max-duration, max: P1D}\n"),
      "a.test.yaml": "not a policy: [",
      "notes.txt": "ignored",
    });
    const policies = await loadPolicies([folder]);
    expect(policies.map((p) => p.rules[0]?.id)).toEqual(["a", "b"]);
  });

  it("defaults severity to medium and title to the rule type's", async () => {
    const folder = await policyFolder({ "p.yaml": rule("  - {id: a, type: max-duration, max: P1D}\n") });
    const [policy] = await loadPolicies([folder]);
    expect(policy?.rules[0]).toMatchObject({ severity: "medium", title: "Assignment lasts longer than allowed" });
  });

  it("refuses a path that does not exist, naming it", async () => {
    const error = await loadPolicies(["no/such/policy.yaml"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).code).toBe("POLICY_NOT_FOUND");
    expect((error as InputErrors).exitCode).toBe(2);
    expect((error as InputErrors).toOneLine()).toMatch(/^no\/such\/policy\.yaml: no such policy file or folder\./);
  });
});

describe("policy errors name file:line:col and the key", () => {
  it("unknown key, with a suggestion", async () => {
    const errors = await loadErrors({
      "p.yaml": rule("  - id: a\n    type: max-duration\n    maxx: P1D\n"),
    });
    expect(errors).toContain(
      "p.yaml:8:5: rules[0] (a).maxx: unknown key 'maxx'. Did you mean 'max'? Allowed here: id, type, severity, title, description, where, unless, max.",
    );
    expect(errors).toContain("p.yaml:6:5: rules[0] (a): missing required key 'max'.");
  });

  it("unknown top-level and selector keys", async () => {
    const errors = await loadErrors({
      "p.yaml": `${HEADER}rulez: []\nrules:\n  - id: a\n    type: max-duration\n    max: P1D\n    where: {stat: active}\n`,
    });
    expect(errors[0]).toMatch(/^p\.yaml:5:1: rulez: unknown key 'rulez'\. Did you mean 'rules'\?/);
    expect(errors[1]).toMatch(
      /^p\.yaml:10:13: rules\[0\] \(a\)\.where\.stat: unknown key 'stat'\. Did you mean 'state'\?/,
    );
  });

  it("unknown rule type", async () => {
    const errors = await loadErrors({ "p.yaml": rule("  - id: a\n    type: max-durations\n") });
    expect(errors).toEqual([
      expect.stringMatching(
        /^p\.yaml:7:11: rules\[0\] \(a\)\.type: unknown rule type "max-durations"\. Did you mean 'max-duration'\? Known types: max-duration, allowed-roles/,
      ),
    ]);
  });

  it("bad durations, checked by luxon", async () => {
    const errors = await loadErrors({
      "p.yaml": rule(
        "  - id: a\n    type: max-duration\n    max: 90 days\n  - id: b\n    type: max-duration\n    max: P1Q\n",
      ),
    });
    expect(errors).toEqual([
      'p.yaml:8:10: rules[0] (a).max: "90 days" is not an ISO 8601 duration. Write durations like P90D (90 days), PT8H (8 hours) or P1Y.',
      'p.yaml:11:10: rules[1] (b).max: "P1Q" is not an ISO 8601 duration. Write durations like P90D (90 days), PT8H (8 hours) or P1Y.',
    ]);
  });

  it("durations that name no length (P, PT), which would read as zero", async () => {
    const errors = await loadErrors({
      "p.yaml": rule("  - id: a\n    type: max-duration\n    max: P\n  - id: b\n    type: max-duration\n    max: PT\n"),
    });
    expect(errors).toEqual([
      'p.yaml:8:10: rules[0] (a).max: "P" is not an ISO 8601 duration: it names no length. Write durations like P90D (90 days), PT8H (8 hours), P0D (none) or P1Y.',
      'p.yaml:11:10: rules[1] (b).max: "PT" is not an ISO 8601 duration: it names no length. Write durations like P90D (90 days), PT8H (8 hours), P0D (none) or P1Y.',
    ]);
  });

  it("bad enum values inside a selector", async () => {
    const errors = await loadErrors({
      "p.yaml": rule("  - id: a\n    type: max-duration\n    max: P1D\n    where: {state: permanent}\n"),
    });
    expect(errors).toEqual([
      'p.yaml:9:20: rules[0] (a).where.state: "permanent" is not valid here; use one of eligible, active, or a list of them.',
    ]);
  });

  it("unresolved $set references", async () => {
    const errors = await loadErrors({
      "p.yaml": `${HEADER}sets:\n  breakGlass: {principals: [bg-01@contoso.com]}\nrules:\n  - id: a\n    type: max-duration\n    max: P1D\n    unless: $breakglas\n`,
    });
    expect(errors).toEqual([
      "p.yaml:11:13: rules[0] (a).unless: unknown set '$breakglas'. Did you mean '$breakGlass'? Sets in this file: $breakGlass.",
    ]);
  });

  it("unknown built-in role names", async () => {
    const errors = await loadErrors({
      "p.yaml": rule("  - id: a\n    type: allowed-roles\n    allow: [Helpdesk Admin, Password Administrator]\n"),
    });
    expect(errors).toEqual([
      "p.yaml:8:13: rules[0] (a).allow[0]: unknown built-in role 'Helpdesk Admin'. Did you mean 'Helpdesk Administrator'? Use a built-in role name, a template id, or customRoles: [...] for a custom role.",
    ]);
  });

  it("duplicate rule ids across files", async () => {
    const errors = await loadErrors({
      "a.yaml": rule("  - {id: same, type: max-duration, max: P1D}\n"),
      "b.yaml": rule("  - {id: same, type: expiring-soon, within: P14D}\n"),
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^b\.yaml:6:5: rules\[0\]\.id: rule id 'same' is defined twice\. It is first defined at .*a\.yaml:6:5;/,
      ),
    ]);
  });

  it("exceptions: unknown rule, missing reason or expiry, bad date", async () => {
    const errors = await loadErrors({
      "p.yaml": `${rule("  - {id: a, type: max-duration, max: P1D}\n")}exceptions:\n  - {rule: b, reason: x, expires: 2027-01-01}\n  - {rule: a, expires: 2027-01-01}\n  - {rule: a, reason: x}\n  - {rule: a, reason: x, expires: 31/12/2027}\n`,
    });
    expect(errors).toEqual([
      "p.yaml:9:5: exceptions[1]: missing required key 'reason'.",
      "p.yaml:10:5: exceptions[2]: missing required key 'expires'.",
      'p.yaml:11:35: exceptions[3].expires: "31/12/2027" is not a date. Write dates as YYYY-MM-DD, e.g. 2027-03-31.',
    ]);
    const unknown = await loadErrors({
      "p.yaml": `${rule("  - {id: a, type: max-duration, max: P1D}\n")}exceptions:\n  - {rule: b, reason: x, expires: 2027-01-01}\n`,
    });
    expect(unknown).toEqual(["p.yaml:8:5: exceptions[0].rule: exception for unknown rule 'b'. Known rules: a."]);
  });

  it("YAML syntax errors and duplicate keys keep their position", async () => {
    const errors = await loadErrors({ "p.yaml": `${HEADER}rules:\n  - id: a\n    id: b\n` });
    expect(errors[0]).toMatch(/^p\.yaml:7:5: YAML: Map keys must be unique/);
  });

  it("refuses alias bombs without expanding them", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g", "h"].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    const errors = await loadErrors({ "p.yaml": `${levels.join("\n")}\n` });
    expect(errors).toEqual([
      "p.yaml: YAML aliases expand too much (a possible alias bomb). Use at most 100 alias expansions; write the values out instead.",
    ]);
  });

  it("refuses huge files before parsing them", async () => {
    const errors = await loadErrors({ "p.yaml": `${HEADER}# ${"x".repeat(1024 * 1024)}\n` });
    expect(errors).toEqual(["p.yaml: policy file is larger than 1024 KiB. Split it into several files in one folder."]);
  });

  it("validatePolicies returns every error instead of throwing", async () => {
    const folder = await policyFolder({
      "a.yaml": rule("  - {id: a, type: nope}\n"),
      "b.yaml": rule("  - {id: b, type: max-duration, max: P1D}\n"),
    });
    const { policies, errors } = await validatePolicies([folder]);
    expect(policies.map((p) => p.rules[0]?.id)).toEqual(["b"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe("POLICY_INVALID");
  });
});

describe("more mistakes a reviewer would miss", () => {
  it("an empty file, a wrong apiVersion, a set reference without $", async () => {
    expect(await loadErrors({ "p.yaml": "" })).toEqual(["p.yaml:1:1: policy: must be a mapping, not empty."]);
    const errors = await loadErrors({
      "p.yaml":
        "apiVersion: pim-audit/v2\nkind: Policy\nmetadata: {name: x}\nrules:\n  - {id: a, type: max-duration, max: P1D, unless: breakGlass}\n",
    });
    expect(errors).toEqual([
      'p.yaml:1:13: apiVersion: must be "pim-audit/v1". This version of pim-audit reads pim-audit/v1.',
      'p.yaml:5:51: rules[0] (a).unless: "breakGlass" is neither a selector nor a set reference. Refer to a set as $name, or write the selector as a mapping.',
    ]);
  });

  it("a role-member-count with no bounds, or bounds that cannot hold", async () => {
    const errors = await loadErrors({
      "p.yaml": rule("  - {id: a, type: role-member-count}\n  - {id: b, type: role-member-count, min: 5, max: 2}\n"),
    });
    expect(errors).toEqual([
      "p.yaml:6:19: rules[0] (a).type: role-member-count needs min, max or both.",
      "p.yaml:7:43: rules[1] (b).min: min (5) is greater than max (2), so every role would fail.",
    ]);
  });
});

describe("the policy example of the product contract (section 'Policy language')", () => {
  it("loads as written", async () => {
    const folder = await policyFolder({
      "contoso.yaml": `# yaml-language-server: $schema=<path to policy.schema.json>
apiVersion: pim-audit/v1
kind: Policy
metadata: {name: contoso-least-privilege, description: ...}
sets:                                # named selectors, referenced as $name
  breakGlass: {principals: [bg-01@contoso.com, bg-02@contoso.com]}
rules:
  - id: no-permanent-privileged      # stable id, used in reports, exceptions, SARIF
    type: max-duration
    severity: high                   # info | low | medium | high | critical
    where: {state: active, roles: {privileged: true}}
    max: P0D                         # ISO 8601; permanent always exceeds any max
    unless: $breakGlass
  - id: helpdesk-roles
    type: allowed-roles
    where: {principals: {memberOf: [Helpdesk Team]}}
    allow: [Helpdesk Administrator, Password Administrator]
exceptions:
  - rule: no-permanent-privileged
    principal: svc-sync@contoso.com
    role: Directory Synchronization Accounts
    reason: Entra Connect sync account
    ticket: CHG-1234
    expires: 2027-03-31
`,
    });
    const [policy] = await loadPolicies([folder]);
    expect(policy?.rules.map((r) => [r.id, r.type, r.severity])).toEqual([
      ["no-permanent-privileged", "max-duration", "high"],
      ["helpdesk-roles", "allowed-roles", "medium"],
    ]);
    expect(policy?.exceptions[0]).toMatchObject({ rule: "no-permanent-privileged", ticket: "CHG-1234", owner: null });
  });
});
