// Sign-in times against the documented reports limits (throttling-limits.md: 5 requests per 10 s, and GET
// signInActivity 10 per minute, per app per tenant): read the cheaper way, paced, with a budget of their own.
import { startEmulator } from "@pim-audit/graph-emulator";
import { describe, expect, it } from "vitest";
import { collectFrom, DEMO_NOW } from "../src/test-utils/emulator.js";

const signInReads = (log: readonly { path: string; status: number }[]) =>
  log.filter((e) => /signInActivity/i.test(decodeURIComponent(e.path)));

describe("collectFromGraph reading signInActivity", () => {
  it("finishes a mid-size tenant under the real limits with every holder's sign-ins, paging 500 users a request", async () => {
    const emulator = await startEmulator({ tenant: { seed: 7, now: DEMO_NOW, users: 3000 }, now: DEMO_NOW });
    try {
      const { snapshot } = await collectFrom(emulator);
      expect(snapshot.completeness.gaps).toEqual([]);
      const users = snapshot.principals.filter((p) => p.type === "user");
      expect(users.length).toBeGreaterThan(500);
      expect(users.filter((u) => u.lastSignInDateTime !== null).length).toBeGreaterThan(users.length * 0.9);
      // 600 holders, 3,000 users: six pages of the user list, not 600 reads, and none of them throttled.
      const reads = signInReads(emulator.requestLog());
      expect(reads.length).toBeLessThanOrEqual(6);
      expect(reads.every((e) => e.status === 200 && !/\/users\/[0-9a-f-]{36}/.test(e.path))).toBe(true);
    } finally {
      await emulator.stop();
    }
  }, 120_000);

  it("reads each holder on a big tenant with few of them", async () => {
    const tenant = { seed: 7, now: DEMO_NOW, users: 6000, adminShare: 0.001, roleAssignableGroups: 0, pimGroups: 0 };
    const emulator = await startEmulator({ tenant, now: DEMO_NOW, throttle: { scale: 100 } });
    try {
      const { snapshot } = await collectFrom(emulator, { signInRequestsPerMinute: 1000 });
      const users = snapshot.principals.filter((p) => p.type === "user");
      const reads = signInReads(emulator.requestLog());
      expect(reads.length).toBe(users.length);
      expect(reads.every((e) => /^\/v1\.0\/users\/[0-9a-f-]{36}\?/.test(e.path))).toBe(true);
      expect(users.every((u) => u.lastSignInDateTime !== null || u.lastSuccessfulSignInDateTime === null)).toBe(true);
      expect(snapshot.completeness.gaps).toEqual([]);
    } finally {
      await emulator.stop();
    }
  }, 60_000);

  it("records a signInActivity gap, not a failed collection, when its own retry budget runs out", async () => {
    const emulator = await startEmulator({ tenant: { seed: 7, now: DEMO_NOW, users: 6000 }, now: DEMO_NOW });
    try {
      // Unpaced, no retries of its own: the sixth read within 10 s is refused and nothing waits it out.
      const { snapshot } = await collectFrom(emulator, { signInRequestsPerMinute: 60_000, signInRetryBudget: 0 });
      expect(snapshot.completeness.gaps).toEqual([
        {
          piece: "signInActivity",
          reason: expect.stringMatching(
            /^Graph kept answering 429 to signInActivity reads \(the identity and access reports limit, 10 requests a minute\) until their own retry budget was spent; sign-ins of \d+ of \d+ users were read\. Run again later\.$/,
          ),
          request: expect.stringMatching(/^GET \/users\?/),
          expected: false,
        },
      ]);
      expect(snapshot.assignments.length).toBeGreaterThan(1000);
      expect(signInReads(emulator.requestLog()).filter((e) => e.status === 429)).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});
