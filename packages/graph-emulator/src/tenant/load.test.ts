import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@pim-audit/model";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { demoTenant } from "./demo.js";
import { generateTenant } from "./generate.js";
import { loadTenantFile } from "./load.js";

const dir = mkdtempSync(join(tmpdir(), "tenant-fixture-"));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const demo = demoTenant(new Date("2026-11-27T10:30:00Z"));

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("loadTenantFile", () => {
  test("reads the demo and a generated tenant back from JSON and YAML unchanged", () => {
    expect(loadTenantFile(write("demo.json", JSON.stringify(demo, null, 2)))).toEqual(demo);
    expect(loadTenantFile(write("demo.yaml", stringify(demo)))).toEqual(demo);
    const generated = generateTenant({ now: new Date("2026-11-27T00:00:00Z"), users: 40 });
    expect(loadTenantFile(write("generated.yml", stringify(generated)))).toEqual(generated);
  });

  test("the example in examples/ is a valid fixture", () => {
    const example = loadTenantFile(new URL("../../examples/small-tenant.yaml", import.meta.url).pathname);
    expect(example.tenant.displayName).toBe("Fabrikam");
    expect(example.roleAssignmentSchedules.filter((a) => a.createdUsing === null)).toHaveLength(1);
  });

  test("names file, line and column of a schema violation", () => {
    const broken = { ...demo, users: [{ ...demo.users[0], userType: "Visitor" }, ...demo.users.slice(1)] };
    const text = JSON.stringify(broken, null, 2);
    const path = write("bad-enum.json", text);
    const error = errorOf(() => loadTenantFile(path));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.exitCode).toBe(2);
    const line = text.split("\n").findIndex((l) => l.includes('"Visitor"')) + 1;
    expect(error.toOneLine()).toContain(`${path}:${line}:`);
    expect(error.toOneLine()).toContain('/users/0/userType must be one of "Member", "Guest"');
  });

  test("reports a principal that does not exist where it is referenced", () => {
    const yaml = stringify({
      ...demo,
      roleEligibilitySchedules: [
        { ...demo.roleEligibilitySchedules[0], principalId: "00000000-0000-0000-0000-000000000001" },
      ],
    });
    const error = errorOf(() => loadTenantFile(write("dangling.yaml", yaml)));
    const line = yaml.split("\n").findIndex((l) => l.includes("00000000-0000-0000-0000-000000000001")) + 1;
    expect(error.toOneLine()).toMatch(
      new RegExp(`dangling\\.yaml:${line}:\\d+: principal '00000000-0000-0000-0000-000000000001' is not a user`),
    );
  });

  test("PIM for Groups settings must name a group of the file, and member or owner", () => {
    const setting = demo.pimGroupSettings![0]!;
    const unknownGroup = {
      ...demo,
      pimGroupSettings: [{ ...setting, groupId: "00000000-0000-0000-0000-000000000002" }],
    };
    expect(errorOf(() => loadTenantFile(write("group-setting.json", JSON.stringify(unknownGroup)))).message).toContain(
      "group '00000000-0000-0000-0000-000000000002' is not in groups",
    );
    const badAccess = { ...demo, pimGroupSettings: [{ ...setting, accessId: "admin" }] };
    expect(errorOf(() => loadTenantFile(write("access.json", JSON.stringify(badAccess)))).message).toContain(
      "accessId",
    );
  });

  test("a missing file and broken syntax are input errors, not stack traces", () => {
    expect(errorOf(() => loadTenantFile(join(dir, "nope.json"))).code).toBe("FILE_NOT_FOUND");
    const syntax = errorOf(() => loadTenantFile(write("syntax.json", '{\n  "tenant": {\n    "id": "x",,\n')));
    expect(syntax.code).toBe("CONFIG_INVALID");
    expect(syntax.toOneLine()).toMatch(/syntax\.json:3:\d+: /);
  });
});
