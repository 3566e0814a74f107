// Tenant fixture files (JSON or YAML), validated against schemas/tenant-fixture.schema.json and for
// dangling references; every problem names file:line:column and what to fix.
import { readFileSync } from "node:fs";
import { InputError, InputErrors, roleByTemplateId } from "@pim-audit/model";
import { decodeUtf8File, type ParsedYaml, parseYamlText } from "@pim-audit/model/yaml-text";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Document, LineCounter } from "yaml";
import { describeSchemaError, pointerPath, positionOf } from "../file-positions.js";
import type { TenantFixture } from "./fixture.js";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const TENANT_FIXTURE_SCHEMA_URL = new URL("../../schemas/tenant-fixture.schema.json", import.meta.url);

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(TENANT_FIXTURE_SCHEMA_URL, "utf8")) as object);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

function danglingReferences(fixture: TenantFixture): { path: (string | number)[]; message: string }[] {
  const objects = new Set(
    [...fixture.users, ...fixture.groups, ...fixture.servicePrincipals].map((o) => o.id.toLowerCase()),
  );
  const groups = new Set(fixture.groups.map((g) => g.id.toLowerCase()));
  const customRoles = new Set(fixture.customRoles.map((r) => r.id.toLowerCase()));
  const units = new Set(fixture.administrativeUnits.map((u) => u.id.toLowerCase()));
  const eligibilities = new Set(fixture.roleEligibilitySchedules.map((e) => e.id));
  const deleted = new Set((fixture.deletedPrincipalIds ?? []).map((id) => id.toLowerCase()));
  const problems: { path: (string | number)[]; message: string }[] = [];
  const checkRole = (path: (string | number)[], roleId: string) => {
    if (!customRoles.has(roleId.toLowerCase()) && !roleByTemplateId(roleId)) {
      problems.push({
        path,
        message: `role '${roleId}' is neither a built-in role template id nor one of customRoles`,
      });
    }
  };
  const checkPrincipal = (path: (string | number)[], id: string) => {
    if (!objects.has(id.toLowerCase()))
      problems.push({ path, message: `principal '${id}' is not a user, group or service principal of this tenant` });
  };
  const checkScope = (path: (string | number)[], scope: string) => {
    const unit = /^\/administrativeUnits\/(.+)$/i.exec(scope);
    if (unit && !units.has(unit[1]!.toLowerCase()))
      problems.push({ path, message: `administrative unit '${unit[1]}' is not in administrativeUnits` });
  };
  // A role schedule may outlive its principal (PIM keeps them a while); nothing else may.
  const checkScheduled = (path: (string | number)[], id: string) => {
    if (!deleted.has(id.toLowerCase())) checkPrincipal(path, id);
  };
  fixture.roleEligibilitySchedules.forEach((e, i) => {
    checkScheduled(["roleEligibilitySchedules", i, "principalId"], e.principalId);
    checkRole(["roleEligibilitySchedules", i, "roleDefinitionId"], e.roleDefinitionId);
    checkScope(["roleEligibilitySchedules", i, "directoryScopeId"], e.directoryScopeId);
  });
  fixture.roleAssignmentSchedules.forEach((a, i) => {
    checkScheduled(["roleAssignmentSchedules", i, "principalId"], a.principalId);
    checkRole(["roleAssignmentSchedules", i, "roleDefinitionId"], a.roleDefinitionId);
    checkScope(["roleAssignmentSchedules", i, "directoryScopeId"], a.directoryScopeId);
    if (a.activatedUsing !== null && !eligibilities.has(a.activatedUsing)) {
      problems.push({
        path: ["roleAssignmentSchedules", i, "activatedUsing"],
        message: `eligibility schedule '${a.activatedUsing}' is not in roleEligibilitySchedules`,
      });
    }
  });
  fixture.groups.forEach((g, i) => {
    g.members.forEach((m, j) => {
      if (!objects.has(m.toLowerCase())) {
        problems.push({
          path: ["groups", i, "members", j],
          message: `member '${m}' is not a user, group or service principal of this tenant`,
        });
      }
    });
  });
  for (const key of ["pimGroupEligibilities", "pimGroupAssignments"] as const) {
    fixture[key].forEach((row, i) => {
      checkPrincipal([key, i, "principalId"], row.principalId);
      if (!groups.has(row.groupId.toLowerCase()))
        problems.push({ path: [key, i, "groupId"], message: `group '${row.groupId}' is not in groups` });
    });
  }
  fixture.roleSettings.forEach((s, i) => {
    checkRole(["roleSettings", i, "roleDefinitionId"], s.roleDefinitionId);
  });
  (fixture.pimGroupSettings ?? []).forEach((s, i) => {
    if (!groups.has(s.groupId.toLowerCase()))
      problems.push({ path: ["pimGroupSettings", i, "groupId"], message: `group '${s.groupId}' is not in groups` });
  });
  return problems;
}

/** Read a tenant fixture from a JSON or YAML file; InputError (exit 2) naming file:line:column otherwise. */
export function loadTenantFile(path: string): TenantFixture {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new InputError(
      missing ? "FILE_NOT_FOUND" : "FILE_UNREADABLE",
      missing ? "tenant file not found." : "tenant file cannot be read.",
      {
        position: { file: path },
        hint: "Give the path of a JSON or YAML tenant fixture, `demo`, or `generate:users=N,...`.",
        cause: error,
      },
    );
  }
  const text = decodeUtf8File(path, bytes, "CONFIG_INVALID");
  // JSON.parse is much faster than a YAML document with positions; positions are built only when needed,
  // by the bounded YAML reader (the yaml composer recurses, so a deeply nested file must stop before it).
  let value: unknown;
  let parsed: ParsedYaml | undefined;
  const located = (): { doc: Document; lines: LineCounter } => {
    if (!parsed) {
      const result = parseYamlText(path, text, { code: "CONFIG_INVALID" });
      if (!result.ok) throw new InputErrors(result.errors);
      parsed = result;
    }
    return { doc: parsed.document, lines: parsed.lines };
  };
  try {
    value = JSON.parse(text);
  } catch {
    located();
    value = parsed?.value;
  }
  const schemaErrors = validate(value);
  const problems =
    schemaErrors.length > 0
      ? schemaErrors.map((e) => ({ path: pointerPath(e.instancePath), message: describeSchemaError(e) }))
      : danglingReferences(value as TenantFixture);
  if (problems.length > 0) {
    const { doc, lines } = located();
    throw new InputErrors(
      problems.map(
        (p) =>
          new InputError("CONFIG_INVALID", `${p.message}.`, {
            position: { file: path, ...positionOf(doc, lines, p.path) },
            hint: "See schemas/tenant-fixture.schema.json of @pim-audit/graph-emulator.",
          }),
      ),
    );
  }
  return value as TenantFixture;
}
