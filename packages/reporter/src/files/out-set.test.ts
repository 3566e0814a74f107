import { spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport, fixtureSnapshot } from "../test-utils/fixture.js";
import { writeReports } from "../write-run.js";
import { commitSet, lockOut, stageSet } from "./out-set.js";

describe("the report set in --out", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pim-out-set-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = (formats: ("json" | "csv" | "md" | "sarif")[]) =>
    writeReports({
      outDir: dir,
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      formats,
      csvLayout: "portal",
      context: fixtureContext(),
      writeSnapshot: false,
    });

  it("links each report name through .pim-audit/current, and keeps only the current set", async () => {
    await write(["json", "sarif"]);
    await write(["json", "csv"]);
    expect((await readdir(dir)).sort()).toEqual([".pim-audit", "assignments.csv", "findings.csv", "findings.json"]);
    expect(await readlink(join(dir, "findings.json"))).toBe(".pim-audit/current/findings.json");
    expect(await readdir(join(dir, ".pim-audit", "sets"))).toHaveLength(1);
    expect((await readdir(join(dir, ".pim-audit"))).sort()).toEqual(["current", "sets"]);
  });

  it("takes plain report files of an earlier version into a set first, and drops those the new set lacks", async () => {
    await writeFile(join(dir, "findings.sarif"), "old sarif");
    await writeFile(join(dir, "findings.json"), "old json");
    await writeFile(join(dir, "notes.txt"), "the user's own file");
    await write(["json"]);
    expect((await readdir(dir)).sort()).toEqual([".pim-audit", "assignments.csv", "findings.json", "notes.txt"]);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("the user's own file");
    expect(JSON.parse(await readFile(join(dir, "findings.json"), "utf8"))).toEqual(fixtureReport());
  });

  it("shows the old set until the swap: a staged set changes nothing", async () => {
    await write(["json"]);
    const before = await readFile(join(dir, "findings.json"), "utf8");
    const lock = lockOut(dir);
    const set = stageSet(lock);
    await writeFile(join(set.dir, "findings.json"), "new");
    await writeFile(join(set.dir, "findings.md"), "new md");
    expect(await readFile(join(dir, "findings.json"), "utf8")).toBe(before);
    commitSet(lock, set, ["findings.json", "findings.md"]);
    lock.release();
    expect(await readFile(join(dir, "findings.json"), "utf8")).toBe("new");
    expect(await readFile(join(dir, "findings.md"), "utf8")).toBe("new md");
    await expect(lstat(join(dir, "assignments.csv"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a second run while the lock is held by a live process, naming the lock", async () => {
    const lock = lockOut(dir);
    try {
      expect(() => lockOut(dir)).toThrow(
        expect.objectContaining({
          code: "OUTPUT_LOCKED",
          message: expect.stringContaining(join(dir, ".pim-audit", "lock")),
        }),
      );
      await expect(write(["json"])).rejects.toMatchObject({ code: "OUTPUT_LOCKED" });
    } finally {
      lock.release();
    }
    await write(["json"]);
  });

  it("removes a stale lock and the unfinished set of a process that no longer runs", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    await mkdir(join(dir, ".pim-audit", "sets", "unfinished"), { recursive: true });
    await writeFile(join(dir, ".pim-audit", "sets", "unfinished", "findings.json"), "half");
    await writeFile(
      join(dir, ".pim-audit", "lock"),
      JSON.stringify({ pid: dead, host: hostname(), startedAt: "2026-11-01T00:00:00.000Z" }),
    );
    const notices: string[] = [];
    const lock = lockOut(dir, (m) => notices.push(m));
    lock.release();
    expect(notices).toEqual([expect.stringContaining(`left by pid ${dead}, which no longer runs`)]);
    // The unfinished set went with it, and with nothing written the state folder too.
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps a lock of another host: it cannot tell whether that run is alive", async () => {
    await mkdir(join(dir, ".pim-audit"), { recursive: true });
    await writeFile(
      join(dir, ".pim-audit", "lock"),
      JSON.stringify({ pid: 1, host: "elsewhere", startedAt: "2026-11-01T00:00:00.000Z" }),
    );
    expect(() => lockOut(dir)).toThrow(
      expect.objectContaining({ message: expect.stringContaining("pid 1 on elsewhere") }),
    );
  });

  it("leaves no trace in a folder it created when nothing was written", async () => {
    const out = join(dir, "new");
    lockOut(out).release();
    expect(await readdir(dir)).toEqual([]);
  });
});
