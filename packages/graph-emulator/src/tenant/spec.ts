// `pim-audit emulator --tenant demo|FILE|generate:users=N,...`: what the flag value names.
import { InputError } from "@pim-audit/model";
import type { GenerateOptions } from "./generate.js";

const KNOBS = [
  "seed",
  "users",
  "groups",
  "nestingDepth",
  "roleAssignableGroups",
  "pimGroups",
  "adminShare",
  "eligiblePerPerson",
  "activePerPerson",
  "guestShare",
  "disabledShare",
  "syncedShare",
  "servicePrincipals",
  "customRoles",
  "administrativeUnits",
  "activationHistory",
] as const satisfies readonly (keyof GenerateOptions)[];

const SHARES = new Set<string>(["adminShare", "guestShare", "disabledShare", "syncedShare"]);

function flagError(message: string, hint: string): InputError {
  return new InputError("FLAG_INVALID", `--tenant: ${message}`, { hint });
}

export function parseTenantSpec(spec: string): "demo" | GenerateOptions | { file: string } {
  const trimmed = spec.trim();
  if (trimmed === "") throw flagError("is empty.", "Use `demo`, a fixture file path, or `generate:users=N,...`.");
  if (trimmed.toLowerCase() === "demo") return "demo";
  if (!/^generate(:|$)/i.test(trimmed)) return { file: trimmed };
  const body = trimmed.slice("generate".length).replace(/^:/, "");
  const options: Partial<Record<(typeof KNOBS)[number], number>> = {};
  for (const pair of body.split(",").filter((p) => p.trim() !== "")) {
    const [rawKey, rawValue, extra] = pair.split("=").map((s) => s.trim());
    const key = KNOBS.find((k) => k.toLowerCase() === rawKey?.toLowerCase());
    if (!key) throw flagError(`unknown generator setting '${rawKey}'.`, `Known settings: ${KNOBS.join(", ")}.`);
    const value = Number(rawValue);
    if (extra !== undefined || rawValue === undefined || rawValue === "" || !Number.isFinite(value) || value < 0) {
      throw flagError(
        `'${pair.trim()}' needs a non-negative number, as in ${key}=${SHARES.has(key) ? "0.1" : "10"}.`,
        "Write generate:users=N,key=value,...",
      );
    }
    if (SHARES.has(key) ? value > 1 : !Number.isInteger(value)) {
      throw flagError(
        `${key} must be ${SHARES.has(key) ? "a share between 0 and 1" : "a whole number"}, not ${rawValue}.`,
        "Write generate:users=N,key=value,...",
      );
    }
    options[key] = value;
  }
  if (options.users === undefined || options.users < 1) {
    throw flagError(
      "generate needs users=N (at least 1).",
      "For example --tenant generate:users=500,eligiblePerPerson=2.",
    );
  }
  return { ...options, users: options.users };
}
