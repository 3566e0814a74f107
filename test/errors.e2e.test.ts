// The mistakes and failures a person meets, each one line with its documented exit code.
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, tempDir } from "./support/cli.js";

let emulator: RunningEmulator;
let caFile: string;

beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: new Date(FIXED_AT) });
  caFile = join(mkdtempSync(join(tmpdir(), "pim-audit-ca-")), "ca.pem");
  writeFileSync(caFile, emulator.caCertPem);
});

afterAll(async () => {
  await emulator?.stop();
});

function graphArgs(out: string): string[] {
  return [
    "run",
    "--auth",
    "token",
    "--graph-endpoint",
    emulator.baseUrl,
    "--ca-file",
    caFile,
    "--tenant",
    emulator.tenantId,
    "--out",
    out,
    "--at",
    FIXED_AT,
    "--fail-on",
    "never",
  ];
}

describe("Graph answers that stop or weaken a collection", () => {
  it("collects the emulator through --graph-endpoint, --ca-file and a token, like a real tenant", async () => {
    const result = await pimAudit(graphArgs(tempDir()), { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken() } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Tenant Contoso");
  });

  it("a missing permission is a named gap, the rules that need it are not evaluated, exit 3", async () => {
    // Without the PIM for Groups permissions, memberships through PIM-managed groups cannot be read.
    const token = emulator.mintToken({
      roles: [
        "RoleManagement.Read.Directory",
        "RoleEligibilitySchedule.Read.Directory",
        "RoleAssignmentSchedule.Read.Directory",
        "RoleManagementPolicy.Read.Directory",
        "User.Read.All",
        "GroupMember.Read.All",
        "Application.Read.All",
        "AuditLog.Read.All",
      ],
    });
    const out = tempDir();
    const result = await pimAudit(graphArgs(out), { env: { PIM_AUDIT_ACCESS_TOKEN: token } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("pimForGroups");
    expect(result.stderr).toContain("PrivilegedEligibilitySchedule.Read.AzureADGroup");
    expect(result.stdout).toMatch(/[1-9]\d* rules? not evaluated/);
  });

  it("a token Graph refuses (401) is one line saying to check the credential, exit 3", async () => {
    const result = await pimAudit(graphArgs(tempDir()), { env: { PIM_AUDIT_ACCESS_TOKEN: "not-a-jwt" } });
    expect(result.code).toBe(3);
    const errors = result.stderr.split("\n").filter((l) => l.startsWith("pim-audit: error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/401/);
    expect(result.stderr).not.toContain("not-a-jwt");
  });

  it("an endpoint where nothing listens fails at once as unreachable, exit 3", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const args = graphArgs(tempDir());
    args[args.indexOf("--graph-endpoint") + 1] = `https://127.0.0.1:${port}`;
    const result = await pimAudit(args, { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken() } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("nothing answers at the Graph endpoint");
  });

  it("--debug adds the stack and the Graph request ids for a support ticket", async () => {
    const result = await pimAudit([...graphArgs(tempDir()), "--debug"], {
      env: { PIM_AUDIT_ACCESS_TOKEN: "not-a-jwt" },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toMatch(/Graph request ids: [0-9a-f-]{36}/);
  });
});

describe("files a person gets wrong", () => {
  it("an output folder that cannot be written, exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a-file"), "");
    const result = await pimAudit(["run", "--demo", "--out", join(dir, "a-file", "reports"), "--fail-on", "never"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "a-file")} is a file, so no folder can be made under it`);
  });

  it("a snapshot that is not one, exit 2 naming the file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "snap.json"), JSON.stringify({ schemaVersion: 1, tenant: {} }));
    const result = await pimAudit(["evaluate", "--from", join(dir, "snap.json"), "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("snap.json");
    expect(result.stderr).toContain("not a valid snapshot");
  });

  it("a CSV row that cannot be read names its row and column, exit 2", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "export.csv"),
      "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)\nEligible,Ada,Global Administrator,ada@contoso.com,Direct,yesterday,Permanent\n",
    );
    const result = await pimAudit(["evaluate", "--from", join(dir, "export.csv"), "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/export\.csv:2:\d+/);
    expect(result.stderr).toContain("Assignment Start Time (UTC)");
  });

  it("an unknown command, exit 2", async () => {
    const result = await pimAudit(["polcy", "validate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("polcy");
  });
});
