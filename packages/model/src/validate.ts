// JSON Schema validation of the two contracts, with errors that name the JSON path.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type AddFormats from "ajv-formats";
import type { FindingsReport } from "./finding.js";
import type { Snapshot } from "./snapshot.js";
import { upgradeSnapshot } from "./upgrade.js";

// ajv is loaded on first use, not on import: every command imports this package, and `--help`
// should not pay for a JSON Schema compiler it never uses. Both are CommonJS, so require is synchronous.
const require = createRequire(import.meta.url);

export type SchemaName = "snapshot" | "findings";

export function schemaPath(name: SchemaName): URL {
  return new URL(`../schemas/${name}.schema.json`, import.meta.url);
}

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), "utf8")) as Record<string, unknown>;
}

const validators = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    // Facts are string | number | boolean | null: a union that strict mode only accepts when allowed.
    const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 };
    const addFormats = require("ajv-formats") as typeof AddFormats.default;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validate = ajv.compile(loadSchema(name));
    validators.set(name, validate);
  }
  return validate;
}

export interface SchemaProblem {
  /** JSON pointer to the offending value, `/` for the root. */
  path: string;
  message: string;
}

function problems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === "additionalProperties"
        ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : e.keyword === "enum"
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
          : "";
    return { path: e.instancePath || "/", message: `${e.message ?? "is invalid"}${extra}` };
  });
}

/** Validates a snapshot of the current version, or of an older one after converting it (`upgradedFrom`). */
export function validateSnapshot(
  value: unknown,
): { ok: true; snapshot: Snapshot; upgradedFrom: number | null } | { ok: false; problems: SchemaProblem[] } {
  const validate = validator("snapshot");
  const upgraded = upgradeSnapshot(value);
  return validate(upgraded.value)
    ? { ok: true, snapshot: upgraded.value as Snapshot, upgradedFrom: upgraded.fromVersion }
    : { ok: false, problems: problems(validate.errors) };
}

export function validateFindingsReport(
  value: unknown,
): { ok: true; report: FindingsReport } | { ok: false; problems: SchemaProblem[] } {
  const validate = validator("findings");
  return validate(value)
    ? { ok: true, report: value as FindingsReport }
    : { ok: false, problems: problems(validate.errors) };
}
