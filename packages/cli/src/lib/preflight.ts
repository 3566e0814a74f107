// Checks made before any work starts: flags that contradict each other or would be ignored, and
// input files (CA certificate, signing key) that cannot be what they claim, each an exit-2 one-liner.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "@pim-audit/model";
import { checkOutputFolder } from "./output-paths.js";
import type { FlagValues, Settings } from "./settings.js";

/** Flags that only steer a collection from Graph; a snapshot or CSV read with --from never uses them. */
const GRAPH_ONLY = ["graph-endpoint", "auth", "cloud", "ca-file", "concurrency", "activity-days"] as const;
/** Flags that only name a real tenant; the demo tenant is always the built-in one. */
const REAL_TENANT_ONLY = ["tenant", "graph-endpoint", "auth", "cloud", "ca-file"] as const;

const given = (flags: FlagValues, name: string) => flags[name] !== undefined;

/** Refuses flags that the other flags given would make pim-audit ignore silently. */
export function checkFlagCombinations(flags: FlagValues, settings: Pick<Settings, "evidence">): void {
  if (given(flags, "from")) {
    for (const name of GRAPH_ONLY) {
      if (given(flags, name))
        throw new InputError(
          "FLAG_INVALID",
          `--${name} cannot be used with --from: it applies only to collecting from Graph.`,
          {
            hint: `Remove --${name}, or --from to collect from Graph.`,
          },
        );
    }
  }
  if (flags.demo === true) {
    for (const name of REAL_TENANT_ONLY) {
      if (given(flags, name))
        throw new InputError(
          "FLAG_INVALID",
          `--${name} cannot be used with --demo: the demo tenant is the built-in emulator.`,
          {
            hint: `Remove --${name}, or --demo to collect from a real tenant.`,
          },
        );
    }
  }
  if (given(flags, "sign-key") && settings.evidence === undefined)
    throw new InputError(
      "FLAG_INVALID",
      "--sign-key cannot be used without --evidence: it signs the evidence bundle.",
      {
        hint: "Add --evidence DIR, or remove --sign-key.",
      },
    );
}

/** --tenant names the tenant of an admin-center CSV (which holds no tenant id); a snapshot names its own. */
export function checkTenantForSource(tenantFlag: string | undefined, kind: string, from: string): void {
  if (tenantFlag !== undefined && kind !== "export-csv")
    throw new InputError(
      "FLAG_INVALID",
      `--tenant cannot be used with --from ${from}: a snapshot names its own tenant.`,
      { hint: "Remove --tenant; it names the tenant only of an admin-center export CSV." },
    );
}

async function readText(flag: string, file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE",
      `${flag}: cannot read it (${code ?? "error"}).`,
      {
        position: { file },
        cause,
      },
    );
  }
}

/** Reads the CA certificate and signing key named, so a wrong file stops the run before it collects. */
export async function checkInputFiles(settings: Settings, signKey: string | undefined, cwd: string): Promise<void> {
  // The same check run and evaluate make before writing: a file in the way fails now, not after collecting.
  if (settings.evidence !== undefined)
    checkOutputFolder("--evidence", settings.evidence, resolve(cwd, settings.evidence), cwd);
  if (settings.caFile !== undefined) {
    const pem = await readText("--ca-file", settings.caFile, cwd);
    if (!/-----BEGIN CERTIFICATE-----/.test(pem))
      throw new InputError(
        "FLAG_INVALID",
        "--ca-file: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----).",
        {
          position: { file: settings.caFile },
          hint: "Give the CA certificate in PEM, as `pim-audit emulator` writes ca.pem.",
        },
      );
  }
  if (signKey !== undefined) {
    const pem = await readText("--sign-key", signKey, cwd);
    if (!/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(pem))
      throw new InputError(
        "FLAG_INVALID",
        "--sign-key: the file holds no PEM private key (-----BEGIN PRIVATE KEY-----).",
        {
          position: { file: signKey },
          hint: "Give an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).",
        },
      );
  }
}
