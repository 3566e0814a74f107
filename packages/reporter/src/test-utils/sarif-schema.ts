// The official SARIF 2.1.0 JSON Schema (2.1.0-rtm.5, the version GitHub code scanning documents), as
// shipped in Microsoft's SARIF SDK package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json,
// from github.com/microsoft/sarif-js-sdk, itself a copy of oasis-tcs/sarif-spec's schema). It is a
// draft-04 schema, hence ajv-draft-04.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
// Both are CommonJS; under ESM interop their default export may arrive wrapped.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ??
  AjvDraft04Module) as typeof AjvDraft04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export function sarifSchema(): Record<string, unknown> {
  const path = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** Problems found by validating against the official schema; empty when the log is valid. */
export function validateSarif(log: unknown): string[] {
  // The schema's `language` pattern is not valid with the `u` flag; it is meant as a plain RegExp.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema());
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
