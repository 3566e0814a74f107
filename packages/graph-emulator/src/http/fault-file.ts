// Fault files (`pim-audit emulator --faults FILE`, JSON or YAML): validated against schemas/faults.schema.json,
// then for fields a rule's kind would ignore; the first problem is one line naming file:line:column.
import { readFileSync } from "node:fs";
import { InputError } from "@pim-audit/model";
import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { type Document, LineCounter, parseDocument } from "yaml";
import { describeSchemaError, pointerPath, positionOf } from "../file-positions.js";
import type { FaultKind, FaultRule } from "./faults.js";

export const FAULTS_SCHEMA_URL = new URL("../../schemas/faults.schema.json", import.meta.url);

export interface FaultFile {
  seed?: number;
  faults: FaultRule[];
}

/** The fields only some kinds read: a rule of another kind that sets one is a mistake worth naming. */
const FIELD_KINDS: Partial<Record<keyof FaultRule, readonly FaultKind[]>> = {
  status: ["status"],
  htmlStatus: ["html"],
  code: ["status"],
  message: ["status"],
  wrapped: ["status"],
  retryAfterSeconds: ["status", "batchThrottle"],
  retryAfterForm: ["status", "batchThrottle"],
  latencyMs: ["latency"],
  trickleMs: ["trickle"],
  location: ["redirect"],
  nextLink: ["malformedNextLink"],
};

let validator: ValidateFunction | undefined;
function schemaProblems(value: unknown): { path: (string | number)[]; message: string }[] {
  if (!validator) {
    validator = new Ajv2020({ allErrors: true, strict: true }).compile(
      JSON.parse(readFileSync(FAULTS_SCHEMA_URL, "utf8")) as object,
    );
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => ({ path: pointerPath(e.instancePath), message: describeSchemaError(e) }));
}

function kindProblems(file: FaultFile): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  file.faults.forEach((rule, i) => {
    for (const [field, kinds] of Object.entries(FIELD_KINDS) as [keyof FaultRule, readonly FaultKind[]][]) {
      if (rule[field] !== undefined && !kinds.includes(rule.kind)) {
        problems.push({
          path: ["faults", i, field],
          message: `/faults/${i}/${field} is read only by ${kinds.map((k) => `'${k}'`).join(" or ")} faults, not '${rule.kind}'; remove it or change the kind`,
        });
      }
    }
    if (rule.kind === "redirect" && rule.location === undefined) {
      problems.push({ path: ["faults", i], message: `/faults/${i} is a redirect without 'location'` });
    }
  });
  return problems;
}

const HINT = "See schemas/faults.schema.json of @pim-audit/graph-emulator, and the README's fault file section.";

/** Reads a fault file; an InputError (exit 2) naming file:line:column for the first problem otherwise. */
export function loadFaultFile(path: string): FaultFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new InputError(
      missing ? "FILE_NOT_FOUND" : "FILE_UNREADABLE",
      `--faults: the fault file ${missing ? "does not exist" : "cannot be read"}.`,
      { position: { file: path }, hint: "Give the path of a JSON or YAML fault file.", cause: error },
    );
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    throw new InputError(
      "CONFIG_INVALID",
      `the fault file cannot be read as data (${(error as Error).message.split("\n")[0]}).`,
      {
        position: { file: path },
        hint: HINT,
      },
    );
  }
  const fail = (message: string, position: { line: number; column: number }, more = 0): InputError =>
    new InputError(
      "CONFIG_INVALID",
      `${message}${more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : ""}.`,
      {
        position: { file: path, ...position },
        hint: HINT,
      },
    );
  const [syntax] = doc.errors;
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw fail(
      `${syntax.message.split("\n")[0]?.replace(/[.:]\s*$/, "")}`,
      { line, column: col },
      doc.errors.length - 1,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb, or nesting deeper than the stack: neither is a fault file.
    throw fail(`the file cannot be read as data (${(error as Error).message.split("\n")[0]})`, { line: 1, column: 1 });
  }
  const problems = schemaProblems(value);
  if (problems.length === 0) problems.push(...kindProblems(value as FaultFile));
  const [first] = problems;
  if (first) throw fail(first.message, positionOf(doc, lines, first.path), problems.length - 1);
  return value as FaultFile;
}
