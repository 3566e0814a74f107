import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OutputFile } from "../types.js";
import { ContentWriter, type WriteTarget } from "./write-content.js";

describe("ContentWriter", () => {
  let dir: string;
  let writer: ContentWriter;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pim-write-content-"));
    writer = new ContentWriter();
  });
  afterEach(async () => {
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  });

  const target = (name: string, prefix?: Buffer): WriteTarget => ({
    path: join(dir, name),
    ...(prefix ? { prefix } : {}),
    fail: (cause) => new Error(`cannot write ${name}`, { cause }),
  });
  // Three-byte characters and a surrogate pair, so the UTF-8 is longer than the text; past one 8 MiB batch.
  const piece = "Zoë €uro 😀 ".repeat(20_000);
  const pieces = Array.from({ length: 40 }, (_, i) => `${i}:${piece}\n`);
  const whole = pieces.join("");
  const contents: [string, OutputFile["content"]][] = [
    ["text", whole],
    ["bytes", Buffer.from(whole, "utf8")],
    ["pieces", { chunks: () => pieces }],
  ];

  it.each(contents)("writes the same bytes into every target, hashed once (%s)", async (_, content) => {
    const mark = Buffer.from([0xef, 0xbb, 0xbf]);
    const written = await writer.write([target("a.txt", mark), target("b.txt")], content, { sha256: true });
    const expected = Buffer.from(whole, "utf8");
    expect(expected.length).toBeGreaterThan(8 << 20);
    expect(written).toEqual({ bytes: expected.length, sha256: createHash("sha256").update(expected).digest("hex") });
    expect((await readFile(join(dir, "b.txt"))).equals(expected)).toBe(true);
    expect((await readFile(join(dir, "a.txt"))).equals(Buffer.concat([mark, expected]))).toBe(true);
  });

  it("leaves the caller's buffer usable", async () => {
    const bytes = Buffer.from("keep me", "utf8");
    await writer.write([target("c.txt")], bytes, { sha256: false });
    expect(bytes.toString("utf8")).toBe("keep me");
  });

  it("reports a file that cannot be created with that target's error, and keeps writing others", async () => {
    await writeFile(join(dir, "taken.txt"), "already here");
    const attempt = writer.write([target("fine.txt"), target("taken.txt")], { chunks: () => pieces }, { sha256: true });
    await expect(attempt).rejects.toThrow("cannot write taken.txt");
    await expect(attempt).rejects.toMatchObject({ cause: { code: "EEXIST" } });
    expect(await readFile(join(dir, "taken.txt"), "utf8")).toBe("already here");
    expect(await writer.write([target("next.txt")], "next", { sha256: false })).toEqual({ bytes: 4 });
    expect(await readFile(join(dir, "next.txt"), "utf8")).toBe("next");
  });
});
