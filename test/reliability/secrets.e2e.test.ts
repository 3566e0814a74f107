// Secret canaries and injection payloads, through every output of the CLI. The demo tenant's display names carry
// formulas, Markdown, HTML, control characters, a 256-character name and a secret-looking name (DEMO_PAYLOADS);
// known secrets of the run (the bearer token, a client secret, a certificate's private key and password, the
// evidence sign key, a token in the environment) are canaries. Every report file, evidence file and console
// stream must hold no canary, and show each payload only in the form its format neutralises it to.
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PAYLOADS, type DemoPayload, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { escapeControls, hasControls } from "@pim-audit/model";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, FIXED_AT, pimAudit, tempDir } from "../support/cli.js";
import { annotationShown, csvCell, mdShown, xmlShown } from "../support/shown.js";

type Kind = "csv" | "json" | "sarif" | "md" | "xml" | "annotations" | "console" | "text";

interface Output {
  name: string;
  kind: Kind;
  read: () => string;
  /** Payloads this output must show (in their neutralised form); the others may be absent. */
  shows: (p: DemoPayload) => boolean;
}

const userPayload = (p: DemoPayload) => !p.carrier.includes(":");
const inFindings = (p: DemoPayload) => p.carrier.startsWith("sp:") || p.carrier.startsWith("role:");
const inAssignments = (p: DemoPayload) => userPayload(p) || inFindings(p);
const none = () => false;

const work = tempDir("pim-audit-secrets-");
const dir = (name: string) => join(work, name);
const canary = (name: string) => `canary-${name}-${Math.random().toString(36).slice(2, 12)}`;

// Known before the runs, so that each (output, canary) is its own case.
const CANARY_NAMES = [
  "emulator bearer token",
  "bearer token claims",
  "token without permissions",
  "AZURE_CLIENT_SECRET",
  "AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "certificate private key",
  "evidence sign key",
  "GITHUB_TOKEN in the environment",
] as const;

const HOSTILE_TENANT = "Contoso\u001B]0;pwned\u0007 \u202Eexe.txt\u0085\r\nfake: line\u0000 <b>|x|</b>";

let emulator: RunningEmulator;
const canaries: Record<string, string> = {};
const results: Record<string, CliResult> = {};

function pem(kind: "ed25519" | "rsa") {
  const { privateKey, publicKey } =
    kind === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // A line from the middle of the key: any echo of the key, whole or in part, holds it.
  const lines = key.trim().split("\n");
  return { key, publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(), body: lines[1]! };
}

// Eight CLI processes at once, and a sign-in that waits for the network to fail: a generous bound.
beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: new Date(FIXED_AT) });
  mkdirSync(dir("keys"));
  const caFile = join(dir("keys"), "ca.pem");
  writeFileSync(caFile, emulator.caCertPem);
  const signKey = pem("ed25519");
  writeFileSync(join(dir("keys"), "sign.pem"), signKey.key);
  writeFileSync(join(dir("keys"), "sign.pub.pem"), signKey.publicKey);
  // A private key where a certificate is expected: @azure/identity refuses it, and its content must not be shown.
  const certKey = pem("rsa");
  writeFileSync(join(dir("keys"), "client.pem"), certKey.key);

  const token = emulator.mintToken();
  const denied = emulator.mintToken({ roles: [] });
  Object.assign(canaries, {
    "emulator bearer token": token,
    "bearer token claims": token.split(".")[1]!,
    "token without permissions": denied,
    AZURE_CLIENT_SECRET: canary("client-secret"),
    AZURE_CLIENT_CERTIFICATE_PASSWORD: canary("certificate-password"),
    "certificate private key": certKey.body,
    "evidence sign key": signKey.body,
    "GITHUB_TOKEN in the environment": `ghp_${canary("github").replace(/-/g, "")}`,
  });
  // Every run sees every secret the environment could hold, used or not.
  const env = {
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: "0f3e8a52-6c1d-4b7e-9a20-5d4c3b2a1f00",
    AZURE_CLIENT_SECRET: canaries.AZURE_CLIENT_SECRET!,
    AZURE_CLIENT_CERTIFICATE_PATH: join(dir("keys"), "client.pem"),
    AZURE_CLIENT_CERTIFICATE_PASSWORD: canaries.AZURE_CLIENT_CERTIFICATE_PASSWORD!,
    GITHUB_TOKEN: canaries["GITHUB_TOKEN in the environment"]!,
  };
  const graph = ["--graph-endpoint", emulator.baseUrl, "--ca-file", caFile, "--tenant", emulator.tenantId];
  const at = ["--at", FIXED_AT];
  const [main, json, portal10, refused, secret, certificate, config, configJson] = await Promise.all([
    pimAudit(
      [
        "run",
        "--auth",
        "token",
        ...graph,
        ...at,
        "--out",
        dir("out"),
        "--format",
        "csv,json,md,sarif,junit,github",
        "--policy",
        "policies/baseline.yaml",
        "--policy",
        "policies/cisa-scuba.yaml",
        "--evidence",
        dir("evidence"),
        "--sign-key",
        join(dir("keys"), "sign.pem"),
        "--fail-on",
        "never",
        "--debug",
      ],
      {
        env: {
          ...env,
          PIM_AUDIT_ACCESS_TOKEN: token,
          GITHUB_ACTIONS: "true",
          GITHUB_STEP_SUMMARY: join(work, "step-summary.md"),
        },
      },
    ),
    pimAudit(["run", "--demo", ...at, "--out", dir("json"), "--format", "csv", "--csv-layout", "extended", "--json"], {
      env: { ...env, PIM_AUDIT_DEBUG: "1" },
    }),
    pimAudit(
      ["run", "--demo", ...at, "--out", dir("portal10"), "--format", "md", "--csv-layout", "portal10", "--excel"],
      { env },
    ),
    pimAudit(["run", "--auth", "token", ...graph, ...at, "--out", dir("refused"), "--debug"], {
      env: { ...env, PIM_AUDIT_ACCESS_TOKEN: denied },
    }),
    // No authority answers on loopback-only machines, and the proxy keeps it off the network elsewhere.
    pimAudit(["run", "--auth", "secret", "--tenant", emulator.tenantId, ...at, "--out", dir("secret"), "--debug"], {
      env: { ...env, HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9" },
    }),
    pimAudit(["run", "--auth", "certificate", "--tenant", emulator.tenantId, ...at, "--out", dir("cert"), "--debug"], {
      env,
    }),
    pimAudit(["config", "show", "--auth", "secret"], { env }),
    pimAudit(["config", "show", "--auth", "secret", "--json"], { env }),
  ]);
  if (main.code !== 0) throw new Error(`the main run failed (exit ${main.code}): ${main.stderr}`);
  Object.assign(results, { main, json, portal10, refused, secret, certificate, config, configJson });
  // The tenant's own name, which the summary, --json and the report headers show.
  const snapshot = JSON.parse(readFileSync(join(dir("out"), "snapshot.json"), "utf8"));
  snapshot.tenant.displayName = HOSTILE_TENANT;
  const hostile = join(work, "hostile-tenant.json");
  writeFileSync(hostile, JSON.stringify(snapshot));
  const from = ["run", "--from", hostile, ...at, "--fail-on", "never", "--format", "md,junit"];
  [results.verify, results.tenant, results.tenantJson] = await Promise.all([
    pimAudit(["evidence", "verify", bundle(), "--public-key", join(dir("keys"), "sign.pub.pem")]),
    pimAudit([...from, "--out", dir("tenant")]),
    pimAudit([...from, "--out", dir("tenant-json"), "--json"]),
  ]);
}, 300_000);

afterAll(async () => {
  await emulator?.stop();
});

function bundle(): string {
  const [name] = readdirSync(dir("evidence"));
  return join(dir("evidence"), name!);
}

const file = (path: () => string) => () => readFileSync(path(), "utf8");
const streams =
  (...names: string[]) =>
  () =>
    names.map((n) => `${results[n]!.stdout}${results[n]!.stderr}`).join("");

const REPORTS: [string, Kind, (p: DemoPayload) => boolean][] = [
  ["assignments.csv", "csv", inAssignments],
  ["findings.csv", "csv", inFindings],
  ["findings.json", "json", inFindings],
  ["findings.md", "md", inFindings],
  ["findings.sarif", "sarif", inFindings],
  ["findings.xml", "xml", inFindings],
  ["snapshot.json", "json", inAssignments],
];

const OUTPUTS: Output[] = [
  ...REPORTS.map(([name, kind, shows]) => ({ name, kind, shows, read: file(() => join(dir("out"), name)) })),
  {
    name: "job summary ($GITHUB_STEP_SUMMARY)",
    kind: "md",
    shows: inFindings,
    read: file(() => join(work, "step-summary.md")),
  },
  {
    name: "stdout: summary and workflow commands",
    kind: "annotations",
    shows: inFindings,
    read: () => results.main!.stdout,
  },
  { name: "stderr: progress", kind: "console", shows: none, read: () => results.main!.stderr },
  ...[
    ...REPORTS,
    ["github-annotations.txt", "annotations", inFindings] as const,
    ["github-step-summary.md", "md", inFindings] as const,
    ["manifest.json", "json", none] as const,
    ["manifest.sig", "text", none] as const,
  ].map(([name, kind, shows]) => ({
    name: `evidence: ${name}`,
    kind,
    shows,
    read: file(() => join(bundle(), name)),
  })),
  { name: "evidence verify", kind: "console", shows: none, read: streams("verify") },
  { name: "--json stdout", kind: "json", shows: none, read: () => results.json!.stdout },
  { name: "stderr of a --json run, PIM_AUDIT_DEBUG", kind: "console", shows: none, read: () => results.json!.stderr },
  {
    name: "assignments.csv, extended layout",
    kind: "csv",
    shows: inAssignments,
    read: file(() => join(dir("json"), "assignments.csv")),
  },
  {
    name: "assignments.csv, portal10 layout, --excel",
    kind: "csv",
    shows: inAssignments,
    read: file(() => join(dir("portal10"), "assignments.csv")),
  },
  { name: "console: Graph refused, --debug", kind: "console", shows: none, read: streams("refused") },
  { name: "console: --auth secret failed, --debug", kind: "console", shows: none, read: streams("secret") },
  { name: "console: --auth certificate failed, --debug", kind: "console", shows: none, read: streams("certificate") },
  { name: "config show", kind: "console", shows: none, read: streams("config") },
  { name: "config show --json", kind: "json", shows: none, read: streams("configJson") },
];

/** The form a format shows a name in; the raw name must not appear where this differs from it. */
function shown(kind: Kind, value: string): string {
  switch (kind) {
    case "csv":
      return csvCell(value);
    case "md":
      return mdShown(value);
    case "xml":
      return xmlShown(value);
    case "annotations":
      return annotationShown(value);
    case "console":
    case "text":
      return escapeControls(value);
    case "json":
    case "sarif":
      return value;
  }
}

// Each output is read (and a CSV parsed) once, however many cases look at it.
const texts = new Map<Output, string>();
const textOf = (output: Output): string => {
  if (!texts.has(output)) texts.set(output, output.read());
  return texts.get(output)!;
};
const cellSets = new Map<Output, Set<string>>();
const cellsOf = (output: Output): Set<string> => {
  if (!cellSets.has(output)) {
    const rows = parse(textOf(output), { bom: true, relax_column_count: true }) as string[][];
    cellSets.set(output, new Set(rows.flat()));
  }
  return cellSets.get(output)!;
};

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The texts a SARIF viewer shows: every `text` and `markdown` member. */
function viewerTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) viewerTexts(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "text" || k === "markdown") && typeof v === "string") out.push(v);
      else viewerTexts(v, out);
    }
  }
  return out;
}

describe("injection payloads in the demo tenant reach every output only neutralised", () => {
  const rows = OUTPUTS.flatMap((output) => DEMO_PAYLOADS.map((payload) => ({ output, payload })));
  it.each(rows)("$output.name: $payload.kind ($payload.carrier)", ({ output, payload }) => {
    const text = textOf(output);
    // No raw control character: a console stream keeps only its line ends, a file also tab and CR inside quotes.
    if (output.kind === "console" || output.kind === "annotations") {
      expect(hasControls(text.replace(/\n/g, ""))).toBe(false);
    } else {
      expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    }
    const safe = shown(output.kind, payload.value);
    if (output.kind === "csv") {
      const cells = cellsOf(output);
      if (safe !== payload.value) expect(cells.has(payload.value)).toBe(false);
      if (output.shows(payload)) expect(cells.has(safe)).toBe(true);
      return;
    }
    if (output.kind === "json" || output.kind === "sarif") {
      const values = strings(JSON.parse(text));
      if (output.shows(payload)) expect(values.some((v) => v.includes(payload.value))).toBe(true);
      if (output.kind === "sarif") {
        for (const t of viewerTexts(JSON.parse(text))) expect(hasControls(t, { keepWhitespace: true })).toBe(false);
      }
      return;
    }
    if (safe !== payload.value) expect(text.includes(payload.value)).toBe(false);
    if (output.shows(payload)) expect(text).toContain(safe);
  });
});

describe("secret canaries appear in no output", () => {
  const rows = OUTPUTS.flatMap((output) => CANARY_NAMES.map((canaryName) => ({ output, canaryName })));
  it.each(rows)("$output.name: no $canaryName", ({ output, canaryName }) => {
    const value = canaries[canaryName]!;
    expect(value.length).toBeGreaterThanOrEqual(16);
    expect(textOf(output)).not.toContain(value);
  });

  it("every output was written (the runs above reached the code that writes each)", () => {
    for (const name of ["out", "json", "portal10"]) expect(existsSync(join(dir(name), "assignments.csv"))).toBe(true);
    expect(results.verify!.code, results.verify!.stderr).toBe(0);
    expect(results.refused!.code).toBe(3);
    expect(results.secret!.code).toBe(3);
    expect(results.certificate!.code).toBe(3);
    expect(results.certificate!.stderr).toMatch(/--auth certificate/);
  });
});

describe("a hostile tenant name", () => {
  const before = HOSTILE_TENANT.slice(0, HOSTILE_TENANT.indexOf("\r"));
  it.each([
    { name: "console summary", read: () => results.tenant!.stdout, shows: escapeControls(HOSTILE_TENANT) },
    {
      name: "findings.md header",
      read: file(() => join(dir("tenant"), "findings.md")),
      shows: mdShown(HOSTILE_TENANT),
    },
    { name: "findings.xml suite name", read: file(() => join(dir("tenant"), "findings.xml")), shows: xmlShown(before) },
  ])("$name shows it without a raw control character", ({ read, shows }) => {
    expect(results.tenant!.code, results.tenant!.stderr).toBe(0);
    const text = read();
    expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    expect(text).not.toContain(HOSTILE_TENANT);
    expect(text).toContain(shows);
  });

  it("--json stdout keeps the exact name, every control character escaped", () => {
    expect(results.tenantJson!.code, results.tenantJson!.stderr).toBe(0);
    const text = results.tenantJson!.stdout;
    expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    expect(JSON.parse(text).tenant.displayName).toBe(HOSTILE_TENANT);
  });
});
