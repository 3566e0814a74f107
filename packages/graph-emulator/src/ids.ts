// Deterministic identifiers and pseudo-randomness: the same inputs always give the same tenant bytes.
import { hash } from "node:crypto";

// One-shot hashing straight to text: a Hash object, or a Buffer to format, per id cost more than the SHA-256 itself
// (every list page and every principal lookup derives ids).
function digest(parts: readonly (string | number)[], encoding: "hex" | "base64url"): string {
  return hash("sha256", parts.join("\u0000"), encoding);
}

/** A GUID derived from its parts (RFC 4122 version 4 layout, so it looks like a Graph object id). */
export function guid(...parts: (string | number)[]): string {
  const h = digest(parts, "hex");
  // Version nibble 4 (byte 6); variant bits 10 in the high nibble of byte 8.
  const variant = "89ab"[Number.parseInt(h[16]!, 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 43-character base64url id, the shape Graph uses for role assignment and instance ids. */
export function opaqueId(...parts: (string | number)[]): string {
  return digest(parts, "base64url");
}

/**
 * A fast 32-bit unsigned hash of its parts (FNV-1a over the parts, murmur3's finaliser): not for
 * secrets, but well spread and cheap enough to draw every attribute of a million generated rows.
 */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === "number") {
      const low = part >>> 0;
      const high = Math.floor(part / 0x1_0000_0000) >>> 0;
      h = Math.imul(h ^ low, 0x01000193);
      h = Math.imul(h ^ high, 0x01000193);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
    }
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) drawn from its parts. */
export function unit(...parts: (string | number)[]): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** A seeded sequential generator (mulberry32) for places that draw many numbers in order. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
