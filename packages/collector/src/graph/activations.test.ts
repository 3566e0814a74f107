import { describe, expect, it } from "vitest";
import { activationHistoryFrom } from "./activations.js";
import { PIM_ACTIVATION_ACTIVITY } from "./normalise/activations.js";

const audit = (id: string, at: string) => ({
  id,
  activityDisplayName: PIM_ACTIVATION_ACTIVITY,
  activityDateTime: at,
  category: "RoleManagement",
  result: "success",
  targetResources: [
    { id: "role-1", type: "Role" },
    { id: "user-1", type: "User" },
  ],
});

describe("activationHistoryFrom", () => {
  const now = new Date("2026-11-27T12:00:00.000Z");
  const since = "2026-08-29T12:00:00.000Z"; // 90 days

  it("covers the audit retention (30 days), not the 90 days asked for", () => {
    const { activations, history } = activationHistoryFrom([audit("a", "2026-11-20T08:00:00Z")], { since, now });
    expect(activations.map((a) => a.id)).toEqual(["a"]);
    expect(history).toEqual({ source: "directoryAudits", coversFrom: "2026-10-28T12:00:00.000Z" });
  });

  it("reaches back to the oldest record Graph still returned, never before the window", () => {
    const older = activationHistoryFrom([audit("a", "2026-10-01T08:00:00Z")], { since, now });
    expect(older.history.coversFrom).toBe("2026-10-01T08:00:00.000Z");
    const short = activationHistoryFrom([], { since: "2026-11-20T12:00:00.000Z", now });
    expect(short.history.coversFrom).toBe("2026-11-20T12:00:00.000Z");
  });

  it("records no source when the log could not be read", () => {
    expect(activationHistoryFrom(null, { since, now }).history).toEqual({ source: null, coversFrom: null });
  });
});
