// Loading policy files (or folders of them): read, parse with positions, validate, resolve, and
// check across files. Every problem is collected, so one run shows them all.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { InputError, InputErrors } from "@pim-audit/model";
import type { LoadedPolicy } from "../policy.js";
import { resolvePolicy } from "./resolve-policy.js";
import { checkSchema } from "./schema-check.js";
import { parseYaml } from "./yaml-source.js";

const POLICY_FILE = /\.ya?ml$/i;
const POLICY_TEST_FILE = /\.test\.ya?ml$/i;

export interface LoadOptions {
  cwd?: string;
}

interface PolicyFile {
  /** As the user would write it: relative paths stay relative. */
  display: string;
  absolute: string;
}

/** Expands files and folders (not recursive) into policy files, sorted, without policy test files. */
export async function findFiles(
  paths: readonly string[],
  cwd: string,
  wanted: (name: string) => boolean,
): Promise<{ files: PolicyFile[]; errors: InputError[] }> {
  const files: PolicyFile[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  const add = (display: string, absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ display, absolute });
  };
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      errors.push(
        new InputError("POLICY_NOT_FOUND", "no such policy file or folder.", {
          position: { file: path },
          hint: "Check the path given to --policy.",
        }),
      );
    } else if (info.isDirectory()) {
      const names = (await readdir(absolute)).filter(wanted).sort();
      if (names.length === 0)
        errors.push(
          new InputError("POLICY_NOT_FOUND", "folder holds no policy files (*.yaml, *.yml).", {
            position: { file: path },
          }),
        );
      for (const name of names) add(join(path, name), join(absolute, name));
    } else add(path, absolute);
  }
  return { files, errors };
}

const isPolicyFile = (name: string) => POLICY_FILE.test(name) && !POLICY_TEST_FILE.test(name);

async function loadOne(file: PolicyFile): Promise<{ policy?: LoadedPolicy; errors: InputError[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file.absolute);
  } catch (error) {
    return {
      errors: [
        new InputError("FILE_UNREADABLE", "cannot read policy file.", {
          position: { file: file.display },
          cause: error,
        }),
      ],
    };
  }
  const parsed = parseYaml(file.display, bytes);
  if ("errors" in parsed) return { errors: parsed.errors };
  const schemaErrors = checkSchema(parsed.value, parsed.source);
  if (schemaErrors.length > 0) return { errors: schemaErrors };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return resolvePolicy(parsed.value, parsed.source, sha256);
}

/** Checks that need every file: rule ids unique across files, exceptions naming existing rules. */
function checkTogether(policies: readonly LoadedPolicy[]): InputError[] {
  const errors: InputError[] = [];
  const rules = new Map<string, LoadedPolicy["rules"][number]>();
  for (const policy of policies) {
    for (const [i, rule] of policy.rules.entries()) {
      const first = rules.get(rule.id);
      if (first) {
        errors.push(
          new InputError("POLICY_INVALID", `rules[${i}].id: rule id '${rule.id}' is defined twice.`, {
            position: rule.location,
            hint: `It is first defined at ${first.location.file}:${first.location.line}:${first.location.column}; rule ids must be unique across all policy files.`,
          }),
        );
      } else rules.set(rule.id, rule);
    }
  }
  for (const policy of policies) {
    for (const [i, exception] of policy.exceptions.entries()) {
      if (!rules.has(exception.rule))
        errors.push(
          new InputError("POLICY_INVALID", `exceptions[${i}].rule: exception for unknown rule '${exception.rule}'.`, {
            position: exception.location,
            hint: `Known rules: ${[...rules.keys()].sort().join(", ") || "none"}.`,
          }),
        );
    }
  }
  return errors;
}

export async function validatePolicies(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<{ policies: LoadedPolicy[]; errors: InputError[] }> {
  const { files, errors } = await findFiles(paths, options.cwd ?? process.cwd(), isPolicyFile);
  const policies: LoadedPolicy[] = [];
  for (const file of files) {
    const result = await loadOne(file);
    errors.push(...result.errors);
    if (result.policy) policies.push(result.policy);
  }
  errors.push(...checkTogether(policies));
  return { policies, errors };
}

export async function loadPolicies(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedPolicy[]> {
  if (paths.length === 0)
    throw new InputError("POLICY_NOT_FOUND", "no policy given.", {
      hint: "Pass --policy FILE or a folder of policies.",
    });
  const { policies, errors } = await validatePolicies(paths, options);
  if (errors.length > 0) throw new InputErrors(errors);
  return policies;
}
