import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { guid, opaqueId } from "./ids.js";

// The ids as first defined: SHA-256 of the parts joined by NUL, GUID bits set on the digest bytes.
const sha = (parts: (string | number)[]) => createHash("sha256").update(parts.join("\u0000")).digest();
function referenceGuid(...parts: (string | number)[]): string {
  const b = sha(parts);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

describe("ids", () => {
  test("guid and opaqueId keep the ids every tenant and snapshot already has", () => {
    for (let i = 0; i < 5_000; i++) {
      const parts = [i % 7, "signin", `42f41207-0001-4000-8000-${i.toString(16).padStart(12, "0")}`, i];
      expect(guid(...parts)).toBe(referenceGuid(...parts));
      expect(opaqueId(...parts)).toBe(sha(parts).toString("base64url"));
    }
    expect(guid("contoso-demo", "tenant")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
