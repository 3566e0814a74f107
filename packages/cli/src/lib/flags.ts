// Flags shared by every command that takes them, spelled the same everywhere.
import { Flags } from "@oclif/core";
import { AUTH_MODES, CLOUD_NAMES } from "@pim-audit/model";
import { CSV_LAYOUTS, FAIL_ON } from "./settings.js";

export const configFlags = {
  config: Flags.string({
    description: "Configuration file (default: pim-audit.config.yaml found upwards from the working directory).",
    helpGroup: "GLOBAL",
  }),
};

/** For --from with an export CSV whose a/b/yyyy dates do not show which field is the day. */
export const dateOrderFlag = {
  "date-order": Flags.string({
    description:
      "Day/month order of a/b/yyyy dates in an export CSV: dmy (27/11/2026) or mdy (11/27/2026) [default: inferred from the file].",
    options: ["dmy", "mdy"],
    helpGroup: "SOURCE",
  }),
};

export const sourceFlags = {
  demo: Flags.boolean({
    description: "Start the built-in emulator with the demo tenant on loopback and collect from it.",
    exclusive: ["from"],
    helpGroup: "SOURCE",
  }),
  from: Flags.string({
    description: "Read a saved snapshot (.json, .json.gz) or an admin-center export CSV instead of Graph.",
    helpGroup: "SOURCE",
  }),
  ...dateOrderFlag,
  tenant: Flags.string({ description: "Tenant id or domain [env AZURE_TENANT_ID].", helpGroup: "SOURCE" }),
  cloud: Flags.string({
    description: "Sovereign cloud [default: global].",
    options: [...CLOUD_NAMES],
    helpGroup: "SOURCE",
  }),
  auth: Flags.string({
    description:
      "Credential [default: default = DefaultAzureCredential]; token reads PIM_AUDIT_ACCESS_TOKEN; device-code needs AZURE_CLIENT_ID (your app with delegated permissions); azure-cli cannot read PIM.",
    options: [...AUTH_MODES],
    helpGroup: "SOURCE",
  }),
  "graph-endpoint": Flags.string({ description: "Custom Graph base URL (proxy, emulator).", helpGroup: "SOURCE" }),
  "ca-file": Flags.string({
    description: "Extra CA certificate (PEM) to trust for the Graph endpoint.",
    helpGroup: "SOURCE",
  }),
  "activity-days": Flags.integer({
    description: "Days of activation history to ask for; the audit log Graph reads it from keeps 30 [default: 90].",
    min: 1,
    max: 730,
    helpGroup: "SOURCE",
  }),
  concurrency: Flags.integer({
    description: "Graph requests in flight at once; lower it if Graph throttles the tenant [default: 8].",
    min: 1,
    max: 16,
    helpGroup: "SOURCE",
  }),
  "request-timeout": Flags.string({
    description:
      "Seconds one Graph request may take until its whole answer has arrived; a try that takes longer is retried twice, then exit 3 [default: 100].",
    helpGroup: "SOURCE",
  }),
  "collection-timeout": Flags.string({
    description:
      "Seconds the whole Graph collection may take, retries and Retry-After waits included; then exit 3 naming the open request [default: 3600].",
    helpGroup: "SOURCE",
  }),
};

export const policyFlags = {
  policy: Flags.string({
    description: "Policy file, folder, or built-in pack (baseline, cisa-scuba); repeatable [default: baseline].",
    multiple: true,
    helpGroup: "POLICY",
  }),
  at: Flags.string({
    description: "Evaluation time, ISO 8601 (e.g. 2026-11-01T00:00:00Z) [default: now].",
    helpGroup: "POLICY",
  }),
  baseline: Flags.string({
    description: "A findings.json of known findings: those are reported as baseline and do not count for --fail-on.",
    helpGroup: "POLICY",
  }),
};

export const outputFlags = {
  out: Flags.string({
    char: "o",
    description:
      "Output folder [default: pim-audit-reports]. The new set of reports replaces the old one whole (the names are links into .pim-audit/current); one run at a time (.pim-audit/lock).",
    helpGroup: "OUTPUT",
  }),
  format: Flags.string({
    description: "Findings formats, comma separated: csv,json,md,sarif,junit,github [default: csv,json,md].",
    helpGroup: "OUTPUT",
  }),
  "csv-layout": Flags.string({
    description: "assignments.csv layout [default: portal, the seven admin-center columns].",
    options: [...CSV_LAYOUTS],
    helpGroup: "OUTPUT",
  }),
  excel: Flags.boolean({
    description: "Start CSV files with a byte order mark so Excel reads UTF-8.",
    helpGroup: "OUTPUT",
  }),
  "fail-on": Flags.string({
    description: "Exit 1 when an open finding is at or above this severity [default: high].",
    options: [...FAIL_ON],
    helpGroup: "OUTPUT",
  }),
  "soft-fail": Flags.boolean({
    description: "Always exit 0 when the run itself worked; still report.",
    helpGroup: "OUTPUT",
  }),
};

export const evidenceFlags = {
  evidence: Flags.string({
    description:
      "Also write a new, verifiable evidence bundle under this folder (assembled under a hidden name, renamed whole; never overwrites one).",
    helpGroup: "EVIDENCE",
  }),
  "sign-key": Flags.string({
    description: "Ed25519 private key (PEM) to sign the evidence manifest.",
    helpGroup: "EVIDENCE",
  }),
};
