// Drift between two generated tenants that differ in known ways, each collected through the CLI
// from its own emulator over HTTPS.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateTenant, type RunningEmulator, startEmulator, type TenantFixture } from "@pim-audit/graph-emulator";
import type { Snapshot } from "@pim-audit/model";
import { afterAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, tempDir } from "./support/cli.js";
import { readJson } from "./support/files.js";

const now = new Date(FIXED_AT);
const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
const running: RunningEmulator[] = [];

afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

async function collect(fixture: TenantFixture, file: string): Promise<void> {
  const emulator = await startEmulator({ tenant: fixture, now });
  running.push(emulator);
  const dir = tempDir();
  writeFileSync(join(dir, "ca.pem"), emulator.caCertPem);
  const result = await pimAudit(
    [
      "collect",
      "--auth",
      "token",
      "--graph-endpoint",
      emulator.baseUrl,
      "--ca-file",
      join(dir, "ca.pem"),
      "--tenant",
      emulator.tenantId,
      "--at",
      FIXED_AT,
      "--out",
      file,
    ],
    { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken() } },
  );
  expect(result.code, result.stderr).toBe(0);
}

interface DriftJson {
  added: { principalId: string; roleId: string }[];
  removed: { assignmentId: string; principalId: string }[];
  changed: { after: { principalId: string }; changes: string[] }[];
  newlyPrivileged: { principalId: string; roleName: string; firstPrivilegedRole: boolean }[];
  summary: { added: number; removed: number; changed: number; newlyPrivileged: number };
}

describe("drift on two generated tenants", () => {
  it("finds exactly the eligibility removed, the one extended and the new Global Administrator", async () => {
    const before = generateTenant({ users: 300, seed: 11, now });
    const after = structuredClone(before);
    const userIds = new Set(before.users.map((u) => u.id));
    const activatedFrom = new Set(before.roleAssignmentSchedules.map((s) => s.activatedUsing));
    const current = after.roleEligibilitySchedules.filter(
      (s) =>
        userIds.has(s.principalId) &&
        !activatedFrom.has(s.id) &&
        s.directoryScopeId === "/" &&
        Date.parse(s.startDateTime) <= now.getTime() &&
        s.endDateTime !== null &&
        Date.parse(s.endDateTime) > now.getTime() + 86_400_000,
    );
    const [removed, extended] = current;
    if (!removed || !extended || removed.principalId === extended.principalId)
      throw new Error("generator changed: pick other schedules");
    after.roleEligibilitySchedules = after.roleEligibilitySchedules.filter((s) => s.id !== removed.id);
    extended.endDateTime = new Date(Date.parse(extended.endDateTime ?? "") + 200 * 86_400_000).toISOString();
    const dir = tempDir();
    await collect(before, join(dir, "before.json"));
    // Someone who holds no role at all before, directly or through any group.
    const holding = new Set(readJson<Snapshot>(join(dir, "before.json")).assignments.map((a) => a.principalId));
    const newcomer = before.users.find((u) => !holding.has(u.id) && u.userType === "Member" && u.accountEnabled);
    if (!newcomer) throw new Error("generator changed: every user holds a role");
    after.roleEligibilitySchedules.push({
      ...removed,
      id: "drift-test-new-ga",
      principalId: newcomer.id,
      roleDefinitionId: GLOBAL_ADMINISTRATOR,
    });
    await collect(after, join(dir, "after.json"));
    const result = await pimAudit([
      "drift",
      join(dir, "before.json"),
      join(dir, "after.json"),
      "--out",
      join(dir, "drift"),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const drift = readJson<DriftJson>(join(dir, "drift", "drift.json"));
    expect(drift.summary).toMatchObject({ added: 1, removed: 1, changed: 1, newlyPrivileged: 1 });
    expect(drift.added).toMatchObject([{ principalId: newcomer.id, roleId: GLOBAL_ADMINISTRATOR }]);
    expect(drift.removed).toMatchObject([{ principalId: removed.principalId }]);
    expect(drift.changed).toMatchObject([{ after: { principalId: extended.principalId }, changes: ["end-extended"] }]);
    expect(drift.newlyPrivileged).toMatchObject([
      { principalId: newcomer.id, roleName: "Global Administrator", firstPrivilegedRole: true },
    ]);
  });
});
