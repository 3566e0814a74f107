// Effective settings for a command: flag > environment > config file > default, each value with
// where it came from (shown by `pim-audit config show`).
import { delimiter, dirname, resolve } from "node:path";
import { AUTH_MODES, type AuthMode, CLOUD_NAMES, type Cloud, InputError, type Severity } from "@pim-audit/model";
import type { LoadedConfig } from "./config-file.js";

export const FORMATS = ["csv", "json", "md", "sarif", "junit", "github"] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ["info", "low", "medium", "high", "critical", "never"] as const;
export type FailOn = Severity | "never";
export const CSV_LAYOUTS = ["portal", "portal10", "extended"] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

export interface Settings {
  tenant: string | undefined;
  cloud: Cloud;
  auth: AuthMode;
  graphEndpoint: string | undefined;
  caFile: string | undefined;
  policies: string[];
  out: string;
  formats: Format[];
  failOn: FailOn;
  csvLayout: CsvLayout;
  activityDays: number;
  concurrency: number;
  /** Seconds one try of a Graph request may take, until its whole body has arrived. */
  requestTimeout: number;
  /** Seconds the whole Graph collection may take, waits and retries included. */
  collectionTimeout: number;
  evidence: string | undefined;
}

export type Origin = "flag" | "env" | "config" | "default";

interface Descriptor<K extends keyof Settings> {
  key: K;
  flag: string;
  env?: string;
  default: Settings[K];
  /** Parses a flag or environment string; config values arrive already typed by its schema. */
  parse: (raw: string, from: string) => Settings[K];
  /** Config values that are paths resolve against the config file's folder. */
  path?: "one" | "many";
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string, from: string): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new InputError("FLAG_INVALID", `${from}: '${raw}' is not one of ${values.join(", ")}.`, {
      hint: `Use one of: ${values.join(", ")}.`,
    });
  };
}

function listOf<T extends string>(values: readonly T[]) {
  const item = oneOf(values);
  return (raw: string, from: string): T[] => {
    const items = raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0)
      throw new InputError("FLAG_INVALID", `${from}: empty list.`, { hint: `Use e.g. ${values[0]}.` });
    return [...new Set(items.map((s) => item(s, from)))];
  };
}

function wholeNumber(min: number, max: number, unit: string) {
  return (raw: string, from: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InputError("FLAG_INVALID", `${from}: '${raw}' is not a whole number of ${unit} from ${min} to ${max}.`);
    return n;
  };
}

const text = (raw: string) => raw;
const optionalText = (raw: string): string | undefined => raw;

const DESCRIPTORS = [
  { key: "tenant", flag: "tenant", env: "AZURE_TENANT_ID", default: undefined, parse: optionalText },
  { key: "cloud", flag: "cloud", env: "PIM_AUDIT_CLOUD", default: "global", parse: oneOf(CLOUD_NAMES) },
  { key: "auth", flag: "auth", env: "PIM_AUDIT_AUTH", default: "default", parse: oneOf(AUTH_MODES) },
  {
    key: "graphEndpoint",
    flag: "graph-endpoint",
    env: "PIM_AUDIT_GRAPH_ENDPOINT",
    default: undefined,
    parse: optionalText,
  },
  { key: "caFile", flag: "ca-file", env: "PIM_AUDIT_CA_FILE", default: undefined, parse: optionalText, path: "one" },
  {
    key: "policies",
    flag: "policy",
    env: "PIM_AUDIT_POLICY",
    default: ["baseline"],
    parse: (raw: string) => raw.split(delimiter).filter(Boolean),
    path: "many",
  },
  { key: "out", flag: "out", env: "PIM_AUDIT_OUT", default: "pim-audit-reports", parse: text, path: "one" },
  { key: "formats", flag: "format", env: "PIM_AUDIT_FORMAT", default: ["csv", "json", "md"], parse: listOf(FORMATS) },
  { key: "failOn", flag: "fail-on", env: "PIM_AUDIT_FAIL_ON", default: "high", parse: oneOf(FAIL_ON) },
  { key: "csvLayout", flag: "csv-layout", env: "PIM_AUDIT_CSV_LAYOUT", default: "portal", parse: oneOf(CSV_LAYOUTS) },
  {
    key: "activityDays",
    flag: "activity-days",
    env: "PIM_AUDIT_ACTIVITY_DAYS",
    default: 90,
    parse: wholeNumber(1, 730, "days"),
  },
  {
    key: "concurrency",
    flag: "concurrency",
    env: "PIM_AUDIT_CONCURRENCY",
    default: 8,
    parse: wholeNumber(1, 16, "requests"),
  },
  {
    key: "requestTimeout",
    flag: "request-timeout",
    env: "PIM_AUDIT_REQUEST_TIMEOUT",
    // msgraph-sdk-design GraphClientFactory.md: the Graph SDKs' default request timeout.
    default: 100,
    parse: wholeNumber(1, 3600, "seconds"),
  },
  {
    key: "collectionTimeout",
    flag: "collection-timeout",
    env: "PIM_AUDIT_COLLECTION_TIMEOUT",
    default: 3600,
    parse: wholeNumber(1, 86_400, "seconds"),
  },
  {
    key: "evidence",
    flag: "evidence",
    env: "PIM_AUDIT_EVIDENCE",
    default: undefined,
    parse: optionalText,
    path: "one",
  },
] satisfies Descriptor<keyof Settings>[] as Descriptor<keyof Settings>[];

export const SETTING_FLAGS: Record<keyof Settings, string> = Object.fromEntries(
  DESCRIPTORS.map((d) => [d.key, d.flag]),
) as Record<keyof Settings, string>;
export const SETTING_ENV: Partial<Record<keyof Settings, string>> = Object.fromEntries(
  DESCRIPTORS.filter((d) => d.env).map((d) => [d.key, d.env]),
);

export interface ResolvedSettings {
  values: Settings;
  origins: Record<keyof Settings, Origin>;
  configFile: string | undefined;
}

/** Flag values arrive from oclif parsed as strings, string arrays, numbers or booleans. */
export type FlagValues = Record<string, unknown>;

export function resolveSettings(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  config: LoadedConfig | undefined,
): ResolvedSettings {
  const values = {} as Record<string, unknown>;
  const origins = {} as Record<string, Origin>;
  for (const d of DESCRIPTORS) {
    const flagValue = flags[d.flag];
    const envValue = d.env ? env[d.env] : undefined;
    const configValue = config?.values[d.key];
    if (flagValue !== undefined && !(Array.isArray(flagValue) && flagValue.length === 0)) {
      values[d.key] = fromFlag(d, flagValue);
      origins[d.key] = "flag";
    } else if (envValue !== undefined && envValue !== "") {
      values[d.key] = d.parse(envValue, `environment variable ${d.env}`);
      origins[d.key] = "env";
    } else if (configValue !== undefined && config) {
      values[d.key] = fromConfig(d, configValue, dirname(config.file));
      origins[d.key] = "config";
    } else {
      values[d.key] = d.default;
      origins[d.key] = "default";
    }
  }
  return {
    values: values as unknown as Settings,
    origins: origins as Record<keyof Settings, Origin>,
    configFile: config?.file,
  };
}

function fromFlag(d: Descriptor<keyof Settings>, value: unknown): unknown {
  const from = `--${d.flag}`;
  if (Array.isArray(value)) {
    if (d.key === "policies") return value.map(String);
    return d.parse(value.map(String).join(","), from);
  }
  if (typeof value === "number") return d.parse(String(value), from);
  return d.parse(String(value), from);
}

function fromConfig(d: Descriptor<keyof Settings>, value: unknown, base: string): unknown {
  if (d.path === "one" && typeof value === "string") return resolve(base, value);
  if (d.path === "many" && Array.isArray(value))
    return value.map((v) => (isPackName(String(v)) ? String(v) : resolve(base, String(v))));
  return value;
}

/** A bare word such as `baseline` names a policy pack shipped with pim-audit. */
export function isPackName(value: string): boolean {
  return /^[a-z][a-z0-9-]*$/.test(value);
}
