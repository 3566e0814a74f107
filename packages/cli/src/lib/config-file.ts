// pim-audit.config.yaml: found upwards from the working directory, or named with --config.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError, InputErrors } from "@pim-audit/model";

export const CONFIG_FILE_NAMES = ["pim-audit.config.yaml", "pim-audit.config.yml"];

export interface LoadedConfig {
  file: string;
  values: Record<string, unknown>;
}

export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig | undefined> {
  const file = explicit ? resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new InputError("FILE_NOT_FOUND", `cannot read the configuration file (${(cause as Error).message}).`, {
      position: { file },
      hint: "Check the --config path.",
      cause,
    });
  }
  const [{ parseDocument, LineCounter }, { Ajv2020 }] = await Promise.all([import("yaml"), import("ajv/dist/2020.js")]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new InputErrors(
      doc.errors.map(
        (e) => new InputError("CONFIG_INVALID", e.message.split("\n")[0] ?? "invalid YAML", { position: at(e.pos[0]) }),
      ),
    );
  }
  // A small alias budget refuses "billion laughs" documents instead of expanding them.
  const values = (doc.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
  const schema = JSON.parse(readFileSync(new URL("../../schemas/config.schema.json", import.meta.url), "utf8"));
  const ajv = new Ajv2020({ allErrors: true });
  const validate = ajv.compile(schema);
  if (!validate(values)) {
    throw new InputErrors(
      (validate.errors ?? []).map((e) => {
        const path = e.instancePath.split("/").filter(Boolean);
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        const node = doc.getIn(extra ? path : path, true) as { range?: [number, number] } | undefined;
        let offset = node?.range?.[0];
        if (extra) {
          const pair = (doc.contents as { items?: { key: { value: string; range?: [number] } }[] } | null)?.items?.find(
            (p) => p.key.value === extra,
          );
          offset = pair?.key.range?.[0];
        }
        const key = extra ? `unknown key '${extra}'` : `'${path.join(".") || "(root)"}' ${e.message}`;
        const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
        return new InputError("CONFIG_INVALID", `${key}${allowed ? `: use one of ${allowed.join(", ")}` : ""}.`, {
          position: at(offset),
          hint: "See packages/cli/schemas/config.schema.json.",
        });
      }),
    );
  }
  return { file, values };
}
