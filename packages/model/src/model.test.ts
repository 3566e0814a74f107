import { describe, expect, it } from "vitest";
import {
  atOrAbove,
  builtInRoles,
  CollectionError,
  canonicalSnapshot,
  ExitCode,
  InputError,
  roleByName,
  roleByTemplateId,
  validateSnapshot,
} from "./index.js";
import { minimalSnapshot } from "./test-utils/snapshots.js";

describe("role catalog", () => {
  it("loads every built-in role with a unique template id", () => {
    const roles = builtInRoles();
    expect(roles.length).toBe(136);
    expect(new Set(roles.map((r) => r.templateId)).size).toBe(roles.length);
    expect(roles.filter((r) => r.privileged).length).toBe(33);
  });

  it("finds Global Administrator by name (any case) and by template id", () => {
    expect(roleByName("global administrator")?.templateId).toBe("62e90394-69f5-4237-9190-012177145e10");
    expect(roleByTemplateId("62E90394-69F5-4237-9190-012177145E10")?.privileged).toBe(true);
    expect(roleByName("Message Center Reader")?.privileged).toBe(false);
  });
});

describe("snapshot schema", () => {
  it("accepts a well-formed snapshot", () => {
    expect(validateSnapshot(minimalSnapshot())).toMatchObject({ ok: true });
  });

  it("names the path and the allowed values of a bad field", () => {
    const bad = minimalSnapshot();
    (bad.assignments[0] as { state: string }).state = "permanent";
    const result = validateSnapshot(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({
        path: "/assignments/0/state",
        message: 'must be equal to one of the allowed values ("eligible", "active")',
      });
    }
  });

  it("refuses unknown keys so typos never pass silently", () => {
    const bad = { ...minimalSnapshot(), extra: true };
    const result = validateSnapshot(bad);
    expect(result.ok).toBe(false);
  });
});

describe("canonical order", () => {
  it("gives the same snapshot whatever order the lists arrived in", () => {
    const a = minimalSnapshot();
    const b = minimalSnapshot();
    b.assignments.reverse();
    b.principals.reverse();
    expect(JSON.stringify(canonicalSnapshot(a))).toBe(JSON.stringify(canonicalSnapshot(b)));
  });
});

describe("errors", () => {
  it("map to the documented exit codes and print one line with position and hint", () => {
    const error = new InputError("POLICY_INVALID", "unknown key 'maxx'.", {
      position: { file: "policies/a.yaml", line: 4, column: 5 },
      hint: "Did you mean 'max'?",
    });
    expect(error.exitCode).toBe(ExitCode.BadInput);
    expect(error.toOneLine()).toBe("policies/a.yaml:4:5: unknown key 'maxx'. Did you mean 'max'?");
    expect(new CollectionError("PERMISSION_DENIED", "denied").exitCode).toBe(3);
  });

  it("orders severities", () => {
    expect(atOrAbove("critical", "high")).toBe(true);
    expect(atOrAbove("medium", "high")).toBe(false);
  });
});
