// Build step after tsc: writes dist/load/policy-validator.js, the policy schema's validator compiled ahead of
// time (see src/load/precompile.ts).
import { writeFile } from "node:fs/promises";

const { precompiledPolicyValidator, PRECOMPILED_FILE } = await import("../dist/load/precompile.js");
await writeFile(new URL(`../dist/load/${PRECOMPILED_FILE}`, import.meta.url), precompiledPolicyValidator());
