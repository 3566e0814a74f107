// Validates a parsed policy against the JSON Schema and turns ajv's errors into one clear,
// positioned message each.
import { createRequire } from "node:module";
import { closest, excerpt, InputError } from "@pim-audit/model";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { RULE_TYPES } from "../rules/index.js";
import { API_VERSION, policySchema } from "../schema/policy-schema.js";
import { displayPath } from "./display-path.js";
import { POLICY_FORMATS } from "./policy-formats.js";
import { AJV_OPTIONS, PRECOMPILED_FILE } from "./precompile.js";
import type { PathSegment, YamlSource } from "./yaml-source.js";

const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;

/** Compiles a schema with ajv, which is loaded (~250 ms) only when something needs compiling. */
function compile(schema: object): ValidateFunction {
  if (ajv === undefined) {
    const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
    ajv = new Ajv2020(AJV_OPTIONS);
    for (const [name, format] of Object.entries(POLICY_FORMATS)) ajv.addFormat(name, format);
  }
  return ajv.compile(schema);
}

// The build writes the policy schema's validator next to this file (precompile.ts); run from source, as the
// unit tests do, there is none and the schema is compiled on first use.
let validatePolicy: ValidateFunction | undefined = await import(`./${PRECOMPILED_FILE}`).then(
  (module: { default: ValidateFunction }) => module.default,
  (error: NodeJS.ErrnoException) => {
    if (error.code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  },
);

/** A checker for another schema (policy test files), with the same formats and error wording; compiled on first use. */
export function compileChecker(schema: object): (value: unknown, source: YamlSource) => InputError[] {
  let validate: ValidateFunction | undefined;
  return (value, source) => {
    validate ??= compile(schema);
    return check(validate, value, source);
  };
}

export function checkSchema(value: unknown, source: YamlSource): InputError[] {
  validatePolicy ??= compile(policySchema);
  return check(validatePolicy, value, source);
}

function check(validate: ValidateFunction, value: unknown, source: YamlSource): InputError[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const errors: InputError[] = [];
  for (const error of relevant(validate.errors ?? [])) {
    const path = toPath(error.instancePath);
    const { message, key, hint } = describe(error);
    const position = source.position(path, key);
    const text = `${displayPath(path, value, key)}: ${message}`;
    const id = `${position.line}:${position.column}:${text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    errors.push(new InputError("POLICY_INVALID", text, { position, ...(hint ? { hint } : {}) }));
  }
  const key = (e: InputError) => [e.position?.line ?? 0, e.position?.column ?? 0] as const;
  return errors.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

/** Drops ajv's bookkeeping errors and, inside an anyOf, keeps the deepest explanation. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== "if");
  const anyOfs = kept.filter((e) => e.keyword === "anyOf");
  const drop = new Set<ErrorObject>();
  for (const anyOf of anyOfs) {
    const branches = kept.filter((e) => e !== anyOf && e.schemaPath.startsWith(`${anyOf.schemaPath}/`));
    const deeper = branches.filter((e) => e.instancePath.length > anyOf.instancePath.length);
    // Errors from a branch that is a $ref carry the referenced schema's path, not the anyOf's.
    const samePath = kept.filter((e) => e !== anyOf && !branches.includes(e) && e.instancePath === anyOf.instancePath);
    const specific = samePath.filter((e) => e.keyword !== "type");
    if (deeper.length > 0) {
      drop.add(anyOf);
      for (const e of [...branches, ...samePath]) if (!deeper.includes(e)) drop.add(e);
    } else if (specific.length > 0) {
      drop.add(anyOf);
      for (const e of [...branches, ...samePath]) if (!specific.includes(e)) drop.add(e);
    } else for (const e of [...branches, ...samePath]) drop.add(e);
  }
  return kept.filter((e) => !drop.has(e));
}

function toPath(pointer: string): PathSegment[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const quote = (value: unknown) => JSON.stringify(value);

function describe(error: ErrorObject): { message: string; key?: string; hint?: string } {
  const params = error.params as Record<string, unknown>;
  const path = toPath(error.instancePath);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params["additionalProperty"]);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, allowed);
      return {
        key,
        message: `unknown key '${key}'.`,
        hint: `${guess ? `Did you mean '${guess}'? ` : ""}Allowed here: ${allowed.join(", ")}.`,
      };
    }
    case "required":
      return { message: `missing required key '${String(params["missingProperty"])}'.` };
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map((v) => String(v));
      const actual = error.data;
      if (path.length === 3 && path[0] === "rules" && path[2] === "type") return unknownType(actual);
      const guess = typeof actual === "string" ? closest(actual, allowed) : undefined;
      return {
        message: `${excerpt(actual)} is not allowed; use one of: ${allowed.join(", ")}.`,
        ...(guess ? { hint: `Did you mean '${guess}'?` } : {}),
      };
    }
    case "const":
      return {
        message: `must be ${quote(params["allowedValue"])}.`,
        ...(path[0] === "apiVersion" ? { hint: `This version of pim-audit reads ${API_VERSION}.` } : {}),
      };
    case "format":
      if (params["format"] === "duration")
        return {
          message: `${excerpt(error.data)} is not an ISO 8601 duration.`,
          hint: "Write durations like P90D (90 days), PT8H (8 hours) or P1Y.",
        };
      if (params["format"] === "date-time")
        return {
          message: `${excerpt(error.data)} is not a date and time.`,
          hint: "Write it like 2026-11-27T12:00:00Z.",
        };
      return { message: `${excerpt(error.data)} is not a date.`, hint: "Write dates as YYYY-MM-DD, e.g. 2027-03-31." };
    case "pattern":
      if (params["pattern"] === "\\d")
        return {
          message: `${excerpt(error.data)} is not an ISO 8601 duration: it names no length.`,
          hint: "Write durations like P90D (90 days), PT8H (8 hours), P0D (none) or P1Y.",
        };
      if (typeof error.data === "string" && Array.isArray((error.parentSchema as { type?: unknown })?.type))
        return {
          message: `${excerpt(error.data)} is neither a selector nor a set reference.`,
          hint: "Refer to a set as $name, or write the selector as a mapping.",
        };
      return { message: `${excerpt(error.data)} does not match ${String(params["pattern"])}.` };
    case "type":
      return { message: `must be ${describeType(params["type"])}, not ${describeValue(error.data)}.` };
    case "anyOf":
      return { message: `${excerpt(error.data)} is not valid here; ${anyOfExpectation(error.schema)}.` };
    default:
      return { message: `${error.message ?? "is invalid"}.` };
  }
}

function unknownType(actual: unknown): { message: string; hint: string } {
  const known = RULE_TYPES.map((r) => r.type);
  const guess = typeof actual === "string" ? closest(actual, known) : undefined;
  return {
    message: `unknown rule type ${excerpt(actual)}.`,
    hint: `${guess ? `Did you mean '${guess}'? ` : ""}Known types: ${known.join(", ")}.`,
  };
}

function describeType(type: unknown): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    integer: "a whole number",
    boolean: "true or false",
    number: "a number",
  };
  return (Array.isArray(type) ? type : [type]).map((t) => names[String(t)] ?? String(t)).join(" or ");
}

function describeValue(value: unknown): string {
  if (value === null) return "empty";
  if (typeof value === "number" && !Number.isFinite(value)) return "a number too large to be finite";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return excerpt(value);
}

function anyOfExpectation(schema: unknown): string {
  const first = (schema as { enum?: unknown[]; type?: string }[])[0];
  if (first?.enum) return `use one of ${first.enum.join(", ")}, or a list of them`;
  if (first?.type === "string") return "use a string or a list of strings";
  return "use a selector, a $name reference, or a list of them";
}
