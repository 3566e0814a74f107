// The policy validator as the source of an ES module, written by the build next to schema-check.js: loading
// it costs a few milliseconds, where compiling the schema with ajv at every start cost ~190 ms (most of
// `pim-audit policy validate`'s time).
import { createRequire } from "node:module";
import type { Options } from "ajv";
import { policySchema } from "../schema/policy-schema.js";
import { POLICY_FORMATS } from "./policy-formats.js";

/** The options every policy validator is compiled with, at build time or at run time. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true };

export const PRECOMPILED_FILE = "policy-validator.js";

export function precompiledPolicyValidator(): string {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const { _ } = require("ajv/dist/compile/codegen/index.js") as typeof import("ajv/dist/compile/codegen/index.js");
  const standaloneCode = (require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js"))
    .default;
  const ajv = new Ajv2020({
    ...AJV_OPTIONS,
    code: { source: true, esm: true, formats: _`(await import("./policy-formats.js")).POLICY_FORMATS` },
  });
  for (const [name, format] of Object.entries(POLICY_FORMATS)) ajv.addFormat(name, format);
  const code = standaloneCode(ajv, ajv.compile(policySchema));
  // ajv writes its two runtime helpers (deep equality, string length in code points) as require() even in
  // an ES module.
  return `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n${code}\n`;
}
