import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalSnapshot, InputError, stableJson, validateSnapshot } from "@pim-audit/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport, fixtureSnapshot } from "./test-utils/fixture.js";
import type { FindingsFormat } from "./types.js";
import { writeReports } from "./write-run.js";
import { renderAssignmentsCsv } from "./writers/assignments-csv.js";

describe("writeReports", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pim-reporter-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes assignments.csv, the default findings formats and snapshot.json, and nothing else", async () => {
    const out = join(dir, "out", "nested");
    const { files } = await writeReports({
      outDir: out,
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      formats: ["csv", "json", "md"],
      csvLayout: "portal",
      context: fixtureContext(),
    });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      "assignments.csv",
      "findings.csv",
      "findings.json",
      "findings.md",
      "snapshot.json",
    ]);
    expect((await readdir(out)).sort()).toEqual([
      ".pim-audit",
      "assignments.csv",
      "findings.csv",
      "findings.json",
      "findings.md",
      "snapshot.json",
    ]);
    expect(await readFile(join(out, "assignments.csv"), "utf8")).toBe(
      renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal" }),
    );
    expect(validateSnapshot(JSON.parse(await readFile(join(out, "snapshot.json"), "utf8"))).ok).toBe(true);
  });

  it("replaces files from an earlier run and leaves no temporary files", async () => {
    await writeFile(join(dir, "findings.json"), "old");
    await writeReports({
      outDir: dir,
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      formats: ["json", "csv"],
      csvLayout: "extended",
      excel: true,
      context: fixtureContext(),
      writeSnapshot: false,
    });
    expect((await readdir(dir)).sort()).toEqual([".pim-audit", "assignments.csv", "findings.csv", "findings.json"]);
    expect(JSON.parse(await readFile(join(dir, "findings.json"), "utf8"))).toEqual(fixtureReport());
    expect((await readFile(join(dir, "assignments.csv"))).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await readFile(join(dir, "findings.csv"))).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("refuses an unknown format before writing anything", async () => {
    const attempt = writeReports({
      outDir: join(dir, "out"),
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      formats: ["csv", "xlsx" as FindingsFormat],
      csvLayout: "portal",
      context: fixtureContext(),
    });
    await expect(attempt).rejects.toMatchObject({ code: "FLAG_INVALID" });
    expect(await readdir(dir)).toEqual([]);
  });

  it("says which folder it cannot write to, as bad input", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "");
    const attempt = writeReports({
      outDir: join(blocker, "out"),
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      formats: ["json"],
      csvLayout: "portal",
      context: fixtureContext(),
    });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ code: "OUTPUT_NOT_WRITABLE" });
    await expect(attempt).rejects.toThrow(join(blocker, "out"));
  });
});

describe("snapshot.json", () => {
  it("is written streamed with exactly the bytes of the canonical stableJson", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pim-reporter-snapshot-"));
    try {
      const snapshot = fixtureSnapshot();
      await writeReports({
        outDir: dir,
        snapshot,
        report: fixtureReport(),
        formats: [],
        csvLayout: "portal",
        context: fixtureContext(),
      });
      expect(await readFile(join(dir, "snapshot.json"), "utf8")).toBe(stableJson(canonicalSnapshot(snapshot)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
