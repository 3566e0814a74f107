// pim-audit.config.yaml: found upwards from the working directory, or named with --config.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError, InputErrors } from "@pim-audit/model";

/** Far larger than any configuration file; refused before parsing. */
const MAX_CONFIG_BYTES = 1024 * 1024;

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
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new InputError("FILE_NOT_FOUND", `cannot read the configuration file (${(cause as Error).message}).`, {
      position: { file },
      hint: "Check the --config path.",
      cause,
    });
  }
  if (bytes.byteLength > MAX_CONFIG_BYTES)
    throw new InputError("CONFIG_INVALID", `configuration file is larger than ${MAX_CONFIG_BYTES / 1024} KiB.`, {
      position: { file },
      hint: "A pim-audit.config.yaml holds a few settings; check that --config names the right file.",
    });
  const [{ decodeUtf8File, parseYamlText }, { Ajv2020 }] = await Promise.all([
    import("@pim-audit/model/yaml-text"),
    import("ajv/dist/2020.js"),
  ]);
  // The default alias budget refuses "billion laughs" documents instead of expanding them.
  const parsed = parseYamlText(file, decodeUtf8File(file, bytes, "CONFIG_INVALID"), { code: "CONFIG_INVALID" });
  if (!parsed.ok) throw new InputErrors(parsed.errors);
  const { document: doc, lines: lineCounter } = parsed;
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const values = (parsed.value ?? {}) as Record<string, unknown>;
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
