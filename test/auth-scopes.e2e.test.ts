// Sign-ins that cannot read PIM, and tenants without it, as a person running the CLI meets them.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AZURE_CLI_APP_ID,
  AZURE_CLI_GRAPH_SCOPES,
  type RunningEmulator,
  startEmulator,
} from "@pim-audit/graph-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, tempDir } from "./support/cli.js";

let emulator: RunningEmulator;
let unlicensed: RunningEmulator;
const caFiles = new Map<RunningEmulator, string>();

beforeAll(async () => {
  [emulator, unlicensed] = await Promise.all([
    startEmulator({ tenant: "demo", now: new Date(FIXED_AT) }),
    startEmulator({ tenant: "demo", now: new Date(FIXED_AT), pimLicence: false }),
  ]);
  for (const target of [emulator, unlicensed]) {
    const caFile = join(mkdtempSync(join(tmpdir(), "pim-audit-ca-")), "ca.pem");
    writeFileSync(caFile, target.caCertPem);
    caFiles.set(target, caFile);
  }
});

afterAll(async () => {
  await Promise.all([emulator?.stop(), unlicensed?.stop()]);
});

const run = (target: RunningEmulator, extra: string[] = []) => [
  "run",
  "--auth",
  "token",
  "--graph-endpoint",
  target.baseUrl,
  "--ca-file",
  caFiles.get(target)!,
  "--tenant",
  target.tenantId,
  "--out",
  tempDir(),
  "--at",
  FIXED_AT,
  ...extra,
];

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("pim-audit: error"));

describe("sign-ins that cannot read PIM", () => {
  it("an Azure CLI token is refused before collecting, in one line naming the app registration to use, exit 3", async () => {
    const token = emulator.mintToken({ scopes: AZURE_CLI_GRAPH_SCOPES, appId: AZURE_CLI_APP_ID });
    emulator.clearRequestLog();
    const result = await pimAudit(run(emulator), { env: { PIM_AUDIT_ACCESS_TOKEN: token } });
    expect(result.code).toBe(3);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^pim-audit: error: --auth token signed in through the Azure CLI's app \(04b07795-8ddb-461a-bbee-02f9e1bf7b46\), whose token carries no PIM scope .* Register an app with the delegated permissions .* --auth device-code and AZURE_CLIENT_ID/,
    );
    expect(emulator.requestLog()).toEqual([]);
  });

  it("--auth device-code without AZURE_CLIENT_ID says to set it before any sign-in prompt, exit 3", async () => {
    const result = await pimAudit(
      ["run", "--auth", "device-code", "--tenant", emulator.tenantId, "--out", tempDir(), "--at", FIXED_AT],
      { env: { AZURE_CLIENT_ID: "", AZURE_TENANT_ID: "" } },
    );
    expect(result.code).toBe(3);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/--auth device-code needs AZURE_CLIENT_ID: .*Azure CLI's app/);
    expect(result.stderr).not.toMatch(/devicelogin|enter the code/i);
  });
});

describe("a tenant without Microsoft Entra ID P2", () => {
  it("names the licence as the gap and does not evaluate the rules that need it, exit 3 (not a crash)", async () => {
    const result = await pimAudit(run(unlicensed, ["--fail-on", "never"]), {
      env: { PIM_AUDIT_ACCESS_TOKEN: unlicensed.mintToken() },
    });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain("AadPremiumLicenseRequired");
    expect(result.stderr).toContain("Microsoft Entra ID P2");
    expect(result.stderr).not.toContain("UnknownError");
  });
});
