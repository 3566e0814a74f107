// The bad-input corpus: every case is a small mutation of a valid input (policy YAML, admin-center CSV,
// snapshot JSON/.gz, config file, flags, evidence paths) run through the built CLI. Each must exit 2 with
// exactly one stderr line naming file:line:column or the flag, no stack trace, no secret from the file,
// and --out left as it was.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, FIXED_AT, pimAudit, tempDir } from "../support/cli.js";

/** Planted in inputs: it must never reach the output. */
const CANARY = "sk-CANARY0secret0value0do0not0print";
const SENTINEL = "written before the run";

type FileBody = string | Buffer;
interface Case {
  name: string;
  /** A function when the body needs the demo snapshot, collected before the cases run. */
  files: Record<string, FileBody | (() => FileBody)>;
  args: string[];
  /** The one error line must match this (file:line:column, or the flag). */
  where: RegExp;
  env?: NodeJS.ProcessEnv;
  /** `policy validate` ends with a count line ("1 problem in x.yaml."). */
  countLine?: boolean;
}

const POLICY = `apiVersion: pim-audit/v1
kind: Policy
metadata:
  name: corpus
rules:
  - id: bounded-active
    type: max-duration
    severity: medium
    where: { state: active, permanent: false }
    max: P180D
`;

const CSV_HEADER =
  "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)";
const CSV_ROW =
  "Active,Adele Vance,Security Administrator,adele@contoso.com,Direct,2026-01-01T00:00:00Z,2026-12-31T00:00:00Z";
const CSV = `${CSV_HEADER}\n${CSV_ROW}\n`;

const deepFlow = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const deepSeq = (n: number) => `${"- ".repeat(n)}x\n`;
const deepMap = (n: number) => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
const aliasBomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
].join("\n");
const dotEnv = `AZURE_CLIENT_SECRET=${CANARY}\nPIM_AUDIT_ACCESS_TOKEN=${CANARY}\n`;
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);

let snapshotText = "";

/** Policy YAML: each mutation of a valid policy, read by `evaluate --policy`. */
function policyCases(): Case[] {
  const table: [string, FileBody, RegExp][] = [
    ["flow sequences nested 2,000 deep", deepFlow(2000), /p\.yaml:1:65: .*nests deeper than 64/],
    ["block sequences nested 2,000 deep (4 KB)", deepSeq(2000), /p\.yaml:1:\d+: .*nests deeper than 64/],
    ["block mappings nested 600 deep", deepMap(600), /p\.yaml:\d+:\d+: .*nests deeper than 64/],
    ["flow mappings nested 2,000 deep", `${"{a: ".repeat(2000)}1${"}".repeat(2000)}`, /p\.yaml:1:\d+: .*nests deeper/],
    ["deep nesting under rules", `${POLICY}  - ${deepFlow(500)}\n`, /p\.yaml:11:\d+: .*nests deeper/],
    ["an alias bomb", `${POLICY}${aliasBomb}\n`, /p\.yaml: YAML aliases expand too much/],
    ["a .env file with secrets", dotEnv, /p\.yaml:1:1: policy: must be a mapping, not a text of/],
    [
      "a secret where a list belongs",
      POLICY.replace(/rules:[\s\S]*/, `rules: token=${CANARY}\n`),
      /p\.yaml:5:8: rules: must be a list/,
    ],
    [
      "a long value where a list belongs",
      POLICY.replace(/rules:[\s\S]*/, `rules: ${"x".repeat(500)}\n`),
      /p\.yaml:5:8: rules: must be a list, not a text of 500/,
    ],
    ["UTF-16LE with a byte order mark", utf16le(POLICY), /p\.yaml: file is UTF-16.*Save it as UTF-8/],
    ["UTF-16BE with a byte order mark", utf16be(POLICY), /p\.yaml: file is UTF-16/],
    ["UTF-16LE without a byte order mark", Buffer.from(POLICY, "utf16le"), /p\.yaml: file is UTF-16/],
    ["a NUL byte", `${POLICY}\u0000\n`, /p\.yaml:11:1: file holds NUL bytes/],
    [
      "invalid UTF-8 bytes",
      Buffer.concat([Buffer.from(`${POLICY}# caf`), Buffer.from([0xe9, 0x0a])]),
      /p\.yaml:11:6: file is not valid UTF-8/,
    ],
    ["two YAML documents", `${POLICY}---\n${POLICY}`, /p\.yaml:11:1: file holds more than one YAML document \(---\)/],
    ["a document end then more", `${POLICY}...\nfoo: 1\n`, /p\.yaml:\d+:\d+: /],
    [
      "max: 1e400",
      POLICY.replace("max: P180D", "max: 1e400"),
      /p\.yaml:10:10: rules\[0\] \(bounded-active\)\.max: must be a string, not a number too large to be finite/,
    ],
    ["max: .inf", POLICY.replace("max: P180D", "max: .inf"), /p\.yaml:10:10: .*not a number too large to be finite/],
    ["max: .nan", POLICY.replace("max: P180D", "max: .nan"), /p\.yaml:10:10: .*max: must be a string/],
    ["max: P (no length)", POLICY.replace("max: P180D", "max: P"), /p\.yaml:10:10: .*not an ISO 8601 duration/],
    ["max: PT (no length)", POLICY.replace("max: P180D", "max: PT"), /p\.yaml:10:10: .*not an ISO 8601 duration/],
    ["max: P1X", POLICY.replace("max: P180D", "max: P1X"), /p\.yaml:10:10: .*not an ISO 8601 duration/],
    ["max: 180 days", POLICY.replace("max: P180D", "max: 180 days"), /p\.yaml:10:10: .*not an ISO 8601 duration/],
    ["max: a number", POLICY.replace("max: P180D", "max: 180"), /p\.yaml:10:10: .*must be a string, not 180/],
    [
      "max: a secret-looking value",
      POLICY.replace("max: P180D", `max: password=${CANARY}`),
      /p\.yaml:10:10: .*not shown/,
    ],
    ["a tab in the indentation", POLICY.replace("    severity", "\tseverity"), /p\.yaml:8:1: YAML: /],
    ["an unclosed quote", POLICY.replace("name: corpus", 'name: "corpus'), /p\.yaml:\d+:\d+: YAML: /],
    ["an unclosed flow mapping", POLICY.replace("permanent: false }", "permanent: false"), /p\.yaml:\d+:\d+: YAML: /],
    [
      "a duplicated key",
      POLICY.replace("kind: Policy", "kind: Policy\nkind: Policy"),
      /p\.yaml:3:1: YAML: Map keys must be unique/,
    ],
    ["an unknown top-level key", `${POLICY}rulez: []\n`, /p\.yaml:11:1: .*unknown key 'rulez'/],
    [
      "an unknown rule key",
      POLICY.replace("    max: P180D", "    max: P180D\n    maximum: P1D"),
      /p\.yaml:11:5: .*unknown key 'maximum'/,
    ],
    [
      "a wrong apiVersion",
      POLICY.replace("pim-audit/v1", "pim-audit/v9"),
      /p\.yaml:1:13: apiVersion: must be "pim-audit\/v1"/,
    ],
    ["rules as a mapping", POLICY.replace(/rules:[\s\S]*/, "rules: { a: 1 }\n"), /p\.yaml:5:8: rules: must be a list/],
    [
      "an unknown rule type",
      POLICY.replace("type: max-duration", "type: max-durations"),
      /p\.yaml:7:11: .*unknown rule type "max-durations"/,
    ],
    [
      "an unknown severity",
      POLICY.replace("severity: medium", "severity: urgent"),
      /p\.yaml:8:15: .*"urgent" is not allowed/,
    ],
    ["an empty file", "", /p\.yaml:1:1: policy: must be a mapping, not empty/],
    ["only a comment", "# nothing here\n", /p\.yaml:1:1: policy: must be a mapping, not empty/],
    ["a bare number", "42\n", /p\.yaml:1:1: policy: must be a mapping, not 42/],
    ["a list at the top", "- a\n- b\n", /p\.yaml:1:1: policy: must be a mapping, not a list/],
    ["larger than 1 MiB", `${POLICY}#${"x".repeat(1024 * 1024)}\n`, /p\.yaml: policy file is larger than 1024 KiB/],
    ["an unresolved alias", `${POLICY}x: *nowhere\n`, /p\.yaml:11:4: YAML: /],
    [
      "an unknown tag",
      POLICY.replace("name: corpus", "name: !!js/function corpus"),
      /p\.yaml:4:9: YAML: Unresolved tag/,
    ],
    ["an ESC control character in a value", POLICY.replace("max: P180D", "max: P1\u001b[31mD"), /p\.yaml:10:\d+: /],
    ["a byte order mark then a syntax error", `\uFEFF${POLICY}  bad: [\n`, /p\.yaml:\d+:\d+: YAML: /],
    [
      "CRLF line ends and an unknown key",
      `${POLICY}rulez: []\n`.replace(/\n/g, "\r\n"),
      /p\.yaml:11:1: .*unknown key 'rulez'/,
    ],
    [
      "a mapping as a key",
      `${POLICY}? [a, b]\n: 1\n`,
      /p\.yaml:11:3: YAML: a key must be plain text, not a list or mapping\./,
    ],
    ["a 5,000-character key", `${POLICY}${"k".repeat(5000)}: 1\n`, /p\.yaml:11:1: YAML: /],
  ];
  return table.map(([name, body, where]) => ({
    name: `policy: ${name}`,
    files: { "p.yaml": body },
    args: ["evaluate", "--from", "snap.json", "--policy", "p.yaml", "--out", "out", "--at", FIXED_AT],
    where,
  }));
}

/** The deep file, through every command that reads YAML (issue 13, defect 9). */
function deepYamlCommands(): Case[] {
  const deep = { "p.yaml": deepFlow(2000) };
  const deepConfig = { "pim-audit.config.yaml": deepFlow(2000) };
  const where = /:1:65: .*nests deeper than 64 levels/;
  return [
    { name: "deep YAML: policy validate", files: deep, args: ["policy", "validate", "p.yaml"], where, countLine: true },
    {
      name: "deep YAML: run --policy",
      files: deep,
      args: ["run", "--from", "snap.json", "--policy", "p.yaml", "--out", "out"],
      where,
    },
    { name: "deep YAML: policy test", files: deep, args: ["policy", "test", "p.yaml"], where },
    {
      name: "deep YAML: --config",
      files: deepConfig,
      args: ["evaluate", "--from", "snap.json", "--out", "out", "--config", "pim-audit.config.yaml"],
      where,
    },
    {
      name: "deep YAML: config show",
      files: deepConfig,
      args: ["config", "show", "--config", "pim-audit.config.yaml"],
      where,
    },
    {
      name: "deep YAML: config found upwards",
      files: deepConfig,
      args: ["evaluate", "--from", "snap.json", "--out", "out"],
      where,
    },
    { name: "deep YAML: emulator --tenant file.yaml", files: deep, args: ["emulator", "--tenant", "p.yaml"], where },
    {
      name: "deep JSON: emulator --tenant file.json",
      files: { "t.json": `{"users": ${deepFlow(5000)}}` },
      args: ["emulator", "--tenant", "t.json"],
      where: /t\.json:1:\d+: .*nests deeper/,
    },
    {
      name: "alias bomb: emulator --tenant",
      files: { "t.yaml": aliasBomb },
      args: ["emulator", "--tenant", "t.yaml"],
      where: /t\.yaml: YAML aliases expand too much/,
    },
    {
      name: "UTF-16: emulator --tenant",
      files: { "t.yaml": utf16le("users: []\n") },
      args: ["emulator", "--tenant", "t.yaml"],
      where: /t\.yaml: file is UTF-16/,
    },
    {
      name: "a .env: emulator --tenant",
      files: { "t.yaml": dotEnv },
      args: ["emulator", "--tenant", "t.yaml"],
      where: /t\.yaml:1:1: /,
    },
  ];
}

/** pim-audit.config.yaml mutations, given with --config to evaluate. */
function configCases(): Case[] {
  const table: [string, FileBody, RegExp][] = [
    ["an alias bomb", aliasBomb, /c\.yaml: YAML aliases expand too much/],
    ["flow nested 2,000 deep", deepFlow(2000), /c\.yaml:1:65: .*nests deeper/],
    ["sequences nested 2,000 deep", deepSeq(2000), /c\.yaml:1:\d+: .*nests deeper/],
    [
      "a syntax error (no dangling 'column 1:')",
      "foo: [\n",
      /c\.yaml:2:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a \]\.$/,
    ],
    ["two documents", "failOn: low\n---\nfailOn: high\n", /c\.yaml:2:1: file holds more than one YAML document/],
    ["UTF-16LE", utf16le("failOn: low\n"), /c\.yaml: file is UTF-16/],
    ["a NUL byte", "failOn: low\n\u0000", /c\.yaml:2:1: file holds NUL bytes/],
    ["invalid UTF-8", Buffer.from([0x66, 0x3a, 0x20, 0xff, 0x0a]), /c\.yaml:1:4: file is not valid UTF-8/],
    ["a .env file", dotEnv, /c\.yaml:1:1: '\(root\)' must be object/],
    ["an unknown key", "failOn: low\nfail_on: high\n", /c\.yaml:2:1: unknown key 'fail_on'/],
    ["concurrency as text", "concurrency: lots\n", /c\.yaml:1:14: 'concurrency' must be integer/],
    ["concurrency 0", "concurrency: 0\n", /c\.yaml:1:14: 'concurrency' must be >= 1/],
    [
      "failOn not a severity",
      "failOn: urgent\n",
      /c\.yaml:1:9: 'failOn' must be equal to one of the allowed values: use one of/,
    ],
    ["a list at the top", "- failOn\n", /c\.yaml:1:1: '\(root\)' must be object/],
    ["a duplicated key", "failOn: low\nfailOn: high\n", /c\.yaml:2:1: YAML: Map keys must be unique/],
    ["a tab indentation", "policy:\n\t- baseline\n", /c\.yaml:2:1: YAML: /],
    ["larger than 1 MiB", `#${"x".repeat(1024 * 1024 + 1)}\n`, /c\.yaml: configuration file is larger than 1024 KiB/],
    ["a secret in a value", `tenant: [${CANARY}]\n`, /c\.yaml:1:9: 'tenant' must be string/],
  ];
  return table.map(([name, body, where]) => ({
    name: `config: ${name}`,
    files: { "c.yaml": body },
    args: ["evaluate", "--from", "snap.json", "--out", "out", "--config", "c.yaml"],
    where,
  }));
}

/** Admin-center export CSV mutations, read by `evaluate --from x.csv`. */
function csvCases(): Case[] {
  const row = (cells: Partial<Record<number, string>>) =>
    `${CSV_HEADER}\n${CSV_ROW.split(",")
      .map((c, i) => cells[i] ?? c)
      .join(",")}\n`;
  const table: [string, FileBody, RegExp][] = [
    ["no Role Name column", CSV.replace("Role Name", "Rolle"), /x\.csv:1: has no column "Role Name"/],
    ["a .env file", dotEnv, /x\.csv:1: has no column/],
    [
      "a duplicated header column",
      CSV.replace("Member Type", "Role Name"),
      /x\.csv:1:5: the header names "Role Name" twice/,
    ],
    [
      "a row with fewer cells",
      `${CSV_HEADER}\nActive,Adele Vance,Security Administrator,adele@contoso.com,Direct,2026-01-01T00:00:00Z\n`,
      /x\.csv:2:7: row 1 has 6 cells/,
    ],
    [
      "an unclosed quote",
      `${CSV_HEADER}\nActive,"Adele Vance,Security Administrator,a@contoso.com,Direct,2026-01-01,2026-12-31\n`,
      /x\.csv:2: is not readable CSV: Quote Not Closed/,
    ],
    [
      "a stray quote in a cell",
      `${CSV_HEADER}\nActive,Adele "x" Vance,Security Administrator,a@contoso.com,Direct,2026-01-01,2026-12-31\n`,
      /x\.csv:2: is not readable CSV/,
    ],
    [
      "2026-02-30",
      row({ 5: "2026-02-30" }),
      /x\.csv:2:6: row 1, column "Assignment Start Time \(UTC\)": "2026-02-30" is not a date/,
    ],
    ["2026-13-01", row({ 6: "2026-13-01" }), /x\.csv:2:7: .*"2026-13-01" is not a date/],
    [
      "a start after the end",
      row({ 5: "2026-12-31", 6: "2026-01-01" }),
      /x\.csv:2:7: .*is before the assignment's start/,
    ],
    ["a word as a date", row({ 5: "yesterday" }), /x\.csv:2:6: .*"yesterday" is not a date/],
    ["a secret as a date", row({ 5: `token=${CANARY}` }), /x\.csv:2:6: .*not shown.* is not a date/],
    ["an unknown state", row({ 0: "Pending" }), /x\.csv:2:1: .*"Pending" is not Eligible or Active/],
    ["an unknown member type", row({ 4: "Nested" }), /x\.csv:2:5: .*"Nested" is not Direct, Group or Inherited/],
    ["an empty role name", row({ 2: "" }), /x\.csv:2:3: .*is empty/],
    ["no principal at all", row({ 1: "", 3: "" }), /x\.csv:2:4: .*the row names no principal/],
    [
      "a/b dates that cannot be told apart",
      row({ 5: "03/04/2026 10:00 AM", 6: "05/06/2026 10:00 AM" }),
      /x\.csv:2:\d+: .*may be day or month first/,
    ],
    ["NUL bytes (binary)", Buffer.from([0x00, 0x01, 0x02, 0x00, 0x10]), /x\.csv:1: /],
    ["a gzip of a bad CSV", gzipSync(CSV.replace("Role Name", "Rolle")), /x\.csv:1: has no column "Role Name"/],
    ["a truncated gzip", gzipSync(CSV).subarray(0, 20), /x\.csv: is not a readable gzip file/],
    [
      "gzip magic then junk",
      Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("junkjunkjunk")]),
      /x\.csv: is not a readable gzip file/,
    ],
    ["only a header", `${CSV_HEADER}\n\u0000\n`, /x\.csv:2/],
    ["an empty file", "", /x\.csv: is empty/],
  ];
  return table.map(([name, body, where]) => ({
    name: `csv: ${name}`,
    files: { "x.csv": body },
    args: ["evaluate", "--from", "x.csv", "--out", "out", "--at", FIXED_AT],
    where,
  }));
}

/** Snapshot JSON mutations of a collected demo snapshot. */
function snapshotCases(): Case[] {
  const mutate = (edit: (s: Record<string, unknown>) => void) => () => {
    const s = JSON.parse(snapshotText) as Record<string, unknown>;
    edit(s);
    return JSON.stringify(s);
  };
  const withDeep = (place: (s: Record<string, unknown>) => void, depth: number) => () =>
    mutate(place)().replace('"@@DEEP@@"', deepFlow(depth));
  const table: [string, () => FileBody, RegExp, NodeJS.ProcessEnv?][] = [
    ["not JSON (a .env)", () => dotEnv, /s\.json: is not valid JSON: Unexpected token 'A' \(not valid JSON\)\./],
    ["truncated", () => snapshotText.slice(0, 500), /s\.json:\d+:\d+: is not valid JSON/],
    ["trailing garbage", () => `${snapshotText}garbage`, /s\.json:\d+:\d+: is not valid JSON/],
    ["an empty file", () => "", /s\.json: is not valid JSON/],
    ["an empty object", () => "{}", /s\.json: is not a valid snapshot/],
    ["a list", () => "[]", /s\.json: is not a valid snapshot/],
    [
      "schemaVersion 99",
      mutate((s) => {
        s.schemaVersion = 99;
      }),
      /s\.json: /,
    ],
    [
      "a duplicated assignment",
      mutate((s) => {
        const a = s.assignments as unknown[];
        a.push(a[0]);
      }),
      /s\.json: is not a valid snapshot: \/assignments id .* appears twice/,
    ],
    [
      "no tenant",
      mutate((s) => {
        delete s.tenant;
      }),
      /s\.json: is not a valid snapshot: \/ must have required property 'tenant'/,
    ],
    [
      "an extra property",
      mutate((s) => {
        s.extra = CANARY;
      }),
      /s\.json: is not a valid snapshot: \/ must NOT have additional properties/,
    ],
    [
      "a secret where a date belongs",
      mutate((s) => {
        s.collectedAt = `password=${CANARY}`;
      }),
      /s\.json: is not a valid snapshot: \/collectedAt/,
    ],
    [
      "assignments as an object",
      mutate((s) => {
        s.assignments = {};
      }),
      /s\.json: is not a valid snapshot: \/assignments must be array/,
    ],
    [
      "100,000 levels of nesting at the top",
      () => `{"schemaVersion":2,"x":${deepFlow(100_000)}}`,
      /s\.json: is not a valid snapshot/,
    ],
    [
      "nesting in place of the tenant",
      withDeep((s) => {
        s.tenant = "@@DEEP@@";
      }, 50_000),
      /s\.json: is not a valid snapshot: \/tenant must be object/,
    ],
    [
      "nesting inside an assignment",
      withDeep((s) => {
        (s.assignments as Record<string, unknown>[])[0]!.extra = "@@DEEP@@";
      }, 50_000),
      /s\.json: is not a valid snapshot: \/assignments\/0 must NOT have additional properties/,
    ],
    [
      "1e400 as the schema version",
      () => snapshotText.replace(/"schemaVersion":\s*2/, '"schemaVersion": 1e400'),
      /s\.json: /,
    ],
    ["UTF-16LE", () => utf16le(snapshotText), /s\.json: is UTF-16 text, not UTF-8\. Save it as UTF-8/],
    [
      "a NUL byte",
      () => `\u0000${snapshotText}`,
      /s\.json: is not valid JSON: Unexpected token '\\u0000' \(not valid JSON\)/,
    ],
    ["a gzip of a bad snapshot (.json.gz)", () => gzipSync("{}"), /s\.json: is not a valid snapshot/],
    ["a truncated gzip", () => gzipSync(snapshotText).subarray(0, 100), /s\.json: is not a readable gzip file/],
    [
      "a gzip that expands past the limit",
      () => gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20)),
      /s\.json: expands to more than 1 MiB when decompressed/,
      { PIM_AUDIT_MAX_UNZIPPED_MB: "1" },
    ],
    [
      "a gzip bomb of 64 MiB under a 2 MiB limit",
      () => gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
      /s\.json: expands to more than 2 MiB/,
      { PIM_AUDIT_MAX_UNZIPPED_MB: "2" },
    ],
  ];
  return table.map(([name, body, where, env]) => ({
    name: `snapshot: ${name}`,
    files: {
      get "s.json"() {
        return body();
      },
    } as unknown as Record<string, FileBody>,
    args: ["evaluate", "--from", "s.json", "--out", "out", "--at", FIXED_AT],
    where,
    ...(env ? { env } : {}),
  }));
}

/** Flags and environment variables that contradict, are empty, out of range, or name bad files. */
function flagCases(): Case[] {
  const key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIL9Q==\n-----END PRIVATE KEY-----\n";
  const from = ["run", "--from", "snap.json", "--out", "out"];
  const table: [string, string[], RegExp, Record<string, FileBody>?, NodeJS.ProcessEnv?][] = [
    [
      "--demo with --from",
      ["run", "--demo", "--from", "snap.json", "--out", "out"],
      /--from=snap\.json cannot also be provided when using --demo/,
    ],
    [
      "--from with --tenant (a snapshot)",
      [...from, "--tenant", "contoso.onmicrosoft.com"],
      /--tenant cannot be used with --from snap\.json/,
    ],
    [
      "--from with --graph-endpoint",
      [...from, "--graph-endpoint", "https://127.0.0.1:1"],
      /--graph-endpoint cannot be used with --from/,
    ],
    ["--from with --auth", [...from, "--auth", "token"], /--auth cannot be used with --from/],
    ["--from with --cloud", [...from, "--cloud", "china"], /--cloud cannot be used with --from/],
    ["--from with --ca-file", [...from, "--ca-file", "ca.pem"], /--ca-file cannot be used with --from/],
    ["--from with --concurrency", [...from, "--concurrency", "4"], /--concurrency cannot be used with --from/],
    ["--from with --activity-days", [...from, "--activity-days", "30"], /--activity-days cannot be used with --from/],
    [
      "--demo with --tenant",
      ["run", "--demo", "--tenant", "contoso", "--out", "out"],
      /--tenant cannot be used with --demo/,
    ],
    [
      "--demo with --graph-endpoint",
      ["run", "--demo", "--graph-endpoint", "https://127.0.0.1:1", "--out", "out"],
      /--graph-endpoint cannot be used with --demo/,
    ],
    [
      "--demo with --ca-file",
      ["run", "--demo", "--ca-file", "ca.pem", "--out", "out"],
      /--ca-file cannot be used with --demo/,
    ],
    ["--out empty", ["run", "--from", "snap.json", "--out", ""], /--out: empty value/],
    ["--tenant empty", ["run", "--tenant", "", "--out", "out"], /--tenant: empty value/],
    ["--policy empty", [...from, "--policy", ""], /--policy: empty value/],
    ["--config empty", [...from, "--config", ""], /--config: empty value/],
    ["--baseline empty", [...from, "--baseline", ""], /--baseline: empty value/],
    ["--from empty", ["collect", "--from", "", "--out", "x.json"], /--from: empty value/],
    ["--evidence empty", [...from, "--evidence", ""], /--evidence: empty value/],
    [
      "--sign-key without --evidence",
      [...from, "--sign-key", "missing.pem"],
      /--sign-key cannot be used without --evidence/,
    ],
    [
      "--sign-key missing",
      [...from, "--evidence", "ev", "--sign-key", "missing.pem"],
      /missing\.pem: --sign-key: cannot read it \(ENOENT\)/,
    ],
    [
      "--sign-key not a PEM key (.env)",
      [...from, "--evidence", "ev", "--sign-key", ".env"],
      /\.env: --sign-key: the file holds no PEM private key/,
      { ".env": dotEnv },
    ],
    [
      "--ca-file not PEM",
      ["run", "--tenant", "t", "--auth", "token", "--ca-file", ".env", "--out", "out"],
      /\.env: --ca-file: the file holds no PEM certificate/,
      { ".env": dotEnv },
    ],
    [
      "--ca-file missing",
      ["run", "--tenant", "t", "--auth", "token", "--ca-file", "nope.pem", "--out", "out"],
      /nope\.pem: --ca-file: cannot read it/,
    ],
    [
      "PIM_AUDIT_CA_FILE not PEM",
      ["run", "--tenant", "t", "--auth", "token", "--out", "out"],
      /\.env: --ca-file: the file holds no PEM certificate/,
      { ".env": dotEnv },
      { PIM_AUDIT_CA_FILE: ".env" },
    ],
    [
      "--concurrency abc",
      ["run", "--demo", "--concurrency", "abc", "--out", "out"],
      /--concurrency: 'abc' is not a whole number from 1 to 16/,
    ],
    [
      "--concurrency 0",
      ["run", "--demo", "--concurrency", "0", "--out", "out"],
      /--concurrency: '0' is not a whole number from 1 to 16/,
    ],
    [
      "--concurrency 17",
      ["run", "--demo", "--concurrency", "17", "--out", "out"],
      /--concurrency: '17' is not a whole number from 1 to 16/,
    ],
    [
      "--concurrency 1.5",
      ["run", "--demo", "--concurrency", "1.5", "--out", "out"],
      /--concurrency: '1\.5' is not a whole number from 1 to 16/,
    ],
    [
      "--activity-days 0",
      ["run", "--demo", "--activity-days", "0", "--out", "out"],
      /--activity-days: '0' is not a whole number from 1 to 730/,
    ],
    [
      "--activity-days 9999",
      ["run", "--demo", "--activity-days", "9999", "--out", "out"],
      /--activity-days: '9999' is not a whole number from 1 to 730/,
    ],
    [
      "--fail-on bogus",
      [...from, "--fail-on", "bogus"],
      /--fail-on=bogus to be one of: info, low, medium, high, critical, never/,
    ],
    [
      "--format bogus",
      [...from, "--format", "csv,pdf"],
      /--format: 'pdf' is not one of csv, json, md, sarif, junit, github/,
    ],
    ["--format only commas", [...from, "--format", ",,"], /--format: empty list/],
    ["--csv-layout bogus", [...from, "--csv-layout", "wide"], /--csv-layout=wide to be one of/],
    ["--at 2026-02-30", [...from, "--at", "2026-02-30"], /--at '2026-02-30' is not an ISO 8601 time/],
    ["--at words", [...from, "--at", "next tuesday"], /--at 'next tuesday' is not an ISO 8601 time/],
    [
      "--date-order xyz",
      ["evaluate", "--from", "snap.json", "--out", "out", "--date-order", "xyz"],
      /--date-order=xyz to be one of: dmy, mdy/,
    ],
    ["an unknown flag", [...from, "--polcy", "baseline"], /unknown flag --polcy\. Did you mean --policy\?/],
    ["--baseline missing", [...from, "--baseline", "nope.json"], /--baseline nope\.json: cannot read it as JSON/],
    [
      "--baseline a .env",
      [...from, "--baseline", ".env"],
      /--baseline \.env: cannot read it as JSON \(Unexpected token 'A' \(not valid JSON\)\)/,
      { ".env": dotEnv },
    ],
    [
      "--baseline without findings",
      [...from, "--baseline", "b.json"],
      /--baseline b\.json: not a pim-audit findings\.json/,
      { "b.json": "{}" },
    ],
    ["--policy a missing file", [...from, "--policy", "nope.yaml"], /nope\.yaml: no such policy file or folder/],
    ["--config a missing file", [...from, "--config", "nope.yaml"], /nope\.yaml: cannot read the configuration file/],
    [
      "--from a missing file",
      ["evaluate", "--from", "nope.json", "--out", "out"],
      /nope\.json: the file does not exist/,
    ],
    [
      "PIM_AUDIT_CONCURRENCY abc",
      ["run", "--tenant", "t", "--out", "out"],
      /environment variable PIM_AUDIT_CONCURRENCY: 'abc' is not a whole number/,
      {},
      { PIM_AUDIT_CONCURRENCY: "abc" },
    ],
    [
      "PIM_AUDIT_FAIL_ON bogus",
      [...from],
      /environment variable PIM_AUDIT_FAIL_ON: 'bogus' is not one of/,
      {},
      { PIM_AUDIT_FAIL_ON: "bogus" },
    ],
    [
      "PIM_AUDIT_MAX_UNZIPPED_MB abc",
      ["evaluate", "--from", "snap.json", "--out", "out"],
      /environment variable PIM_AUDIT_MAX_UNZIPPED_MB: 'abc' is not a whole number of MiB/,
      {},
      { PIM_AUDIT_MAX_UNZIPPED_MB: "abc" },
    ],
  ];
  return table.map(([name, args, where, files, env]) => ({
    name: `flags: ${name}`,
    files: { "ca.pem": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", "key.pem": key, ...files },
    args,
    where,
    ...(env ? { env } : {}),
  }));
}

/** --evidence pointing where no folder can be made. */
function evidenceCases(): Case[] {
  const from = ["run", "--from", "snap.json", "--out", "out"];
  const table: [string, string[], RegExp][] = [
    [
      "--evidence a file",
      [...from, "--evidence", "file.txt"],
      /--evidence file\.txt: .*file\.txt is a file, not a folder/,
    ],
    [
      "--evidence under a file",
      [...from, "--evidence", "file.txt/bundles"],
      /--evidence file\.txt\/bundles: .*file\.txt is a file, so no folder can be made under it/,
    ],
    [
      "--evidence two levels under a file",
      [...from, "--evidence", "file.txt/a/b"],
      /file\.txt is a file, so no folder can be made under it/,
    ],
    ["PIM_AUDIT_EVIDENCE a file", from, /--evidence file\.txt: .*is a file, not a folder/],
    [
      "evidence verify a missing folder",
      ["evidence", "verify", "nope"],
      /evidence folder .*nope does not exist or is not a folder/,
    ],
    [
      "evidence verify a file",
      ["evidence", "verify", "file.txt"],
      /evidence folder .*file\.txt does not exist or is not a folder/,
    ],
  ];
  return table.map(([name, args, where]) => ({
    name: `evidence: ${name}`,
    files: { "file.txt": "not a folder\n" },
    args,
    where,
    ...(name.startsWith("PIM_AUDIT_EVIDENCE") ? { env: { PIM_AUDIT_EVIDENCE: "file.txt" } } : {}),
  }));
}

function listFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

async function runCase(c: Case): Promise<void> {
  const dir = tempDir("pim-audit-bad-input-");
  writeFileSync(join(dir, "snap.json"), snapshotText);
  for (const [name, body] of Object.entries(c.files))
    writeFileSync(join(dir, name), typeof body === "function" ? body() : body);
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "out", "keep.txt"), SENTINEL);
  const result = await pimAudit(c.args, { cwd: dir, env: { PIM_AUDIT_DEBUG: "", ...c.env } });
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  const errors = c.countLine ? lines.filter((line) => !/^\d+ problems? in /.test(line)) : lines;
  expect(result.code, result.stderr).toBe(2);
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(c.where);
  if (!c.countLine) expect(errors[0]).toMatch(/^pim-audit: error: /);
  expect(result.stderr).not.toMatch(/\n\s+at |internal error|Maximum call stack|YAML\.parse/);
  expect(result.stderr + result.stdout).not.toContain(CANARY);
  expect(listFiles(join(dir, "out"))).toEqual({ "keep.txt": SENTINEL });
  expect(existsSync(join(dir, "x.json")), "collect --out written").toBe(false);
  expect(existsSync(join(dir, "ev")), "evidence folder written").toBe(false);
}

beforeAll(() => {
  const dir = tempDir();
  execFileSync(process.execPath, [cliBin, "collect", "--demo", "--at", FIXED_AT, "--out", join(dir, "snap.json")], {
    stdio: "ignore",
  });
  snapshotText = readFileSync(join(dir, "snap.json"), "utf8");
});

const CASES = [
  ...policyCases(),
  ...deepYamlCommands(),
  ...configCases(),
  ...csvCases(),
  ...snapshotCases(),
  ...flagCases(),
  ...evidenceCases(),
];

describe("bad input: exit 2, one line naming file:line:column or the flag, no stack, --out untouched", () => {
  it("holds at least 150 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
