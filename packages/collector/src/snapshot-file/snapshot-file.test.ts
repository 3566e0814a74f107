import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { canonicalSnapshot, type Snapshot, stableJson } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { parseExportCsv } from "../csv/export-csv.js";
import { readSource } from "../read-source.js";
import { parseSnapshotBytes, readSnapshotFile, writeSnapshotFile } from "./snapshot-file.js";

const options = { now: new Date("2026-11-27T12:00:00Z"), toolVersion: "test" };
const snapshot = parseExportCsv(
  "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)\nActive,A,Global Administrator,a@contoso.com,Direct,2026-01-01,Permanent\n",
  "a.csv",
  options,
);
const tempDir = () => mkdtemp(join(tmpdir(), "pim-snapshot-"));

describe("snapshot files", () => {
  it("writes canonical JSON and reads it back equal, leaving no temporary file", async () => {
    const dir = await tempDir();
    const path = join(dir, "snapshot.json");
    await writeSnapshotFile(path, snapshot);
    expect(await readFile(path, "utf8")).toBe(stableJson(snapshot));
    expect(await readSnapshotFile(path)).toEqual(snapshot);
    expect(await readdir(dir)).toEqual(["snapshot.json"]);
  });

  it("gzips when the name ends in .gz, and reads it back", async () => {
    const dir = await tempDir();
    const path = join(dir, "snapshot.json.gz");
    await writeSnapshotFile(path, snapshot);
    expect(gunzipSync(await readFile(path)).toString("utf8")).toBe(stableJson(snapshot));
    expect(await readSnapshotFile(path)).toEqual(snapshot);
  });

  it("names the JSON path of a schema violation", async () => {
    const dir = await tempDir();
    const path = join(dir, "bad.json");
    await writeFile(
      path,
      JSON.stringify({ ...snapshot, assignments: [{ ...snapshot.assignments[0], state: "maybe" }] }),
    );
    const error = await readSnapshotFile(path).catch((e) => e);
    expect(error.code).toBe("SNAPSHOT_INVALID");
    expect(error.exitCode).toBe(2);
    expect(error.toOneLine()).toContain(`${path}: is not a valid snapshot: /assignments/0/state`);
  });

  it("refuses a snapshot that lists an assignment twice (as a repeated page would), exit 2, naming the id", async () => {
    const dir = await tempDir();
    const path = join(dir, "twice.json");
    const [first] = snapshot.assignments;
    await writeFile(path, JSON.stringify({ ...snapshot, assignments: [first, first] }));
    const error = await readSnapshotFile(path).catch((e) => e);
    expect(error.code).toBe("SNAPSHOT_INVALID");
    expect(error.exitCode).toBe(2);
    expect(error.toOneLine()).toContain(
      `${path}: is not a valid snapshot: /assignments id "${first?.id}" appears twice`,
    );
  });

  it("names line and column of broken JSON, and says when the file is missing", async () => {
    const dir = await tempDir();
    const path = join(dir, "broken.json");
    await writeFile(path, '{\n  "schemaVersion": 1,\n  oops\n}');
    const error = await readSnapshotFile(path).catch((e) => e);
    expect(error.code).toBe("SNAPSHOT_INVALID");
    expect(error.position).toMatchObject({ file: path, line: 3, column: 3 });
    await expect(readSnapshotFile(join(dir, "none.json"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });

  it("says which output cannot be written", async () => {
    const dir = await tempDir();
    await expect(writeSnapshotFile(join(dir, "missing-dir", "s.json"), snapshot)).rejects.toMatchObject({
      code: "OUTPUT_NOT_WRITABLE",
    });
  });
});

/** A snapshot of `count` assignments with GUID-long ids, about 870 characters each once written. */
function largeSnapshot(count: number): Snapshot {
  const [template] = snapshot.assignments;
  const guid = (n: number, tag: string) => `${tag}${String(n).padStart(7, "0")}-0000-4000-8000-000000000000`;
  return {
    ...snapshot,
    assignments: Array.from({ length: count }, (_, i) => ({
      ...(template as Snapshot["assignments"][number]),
      id: `${guid(i, "a")}_${guid(i, "b")}_${guid(i, "g")}`,
      directoryScopeId: `/administrativeUnits/${guid(i % 13, "h")}`,
      appScopeId: `/${guid(i % 11, "k")}`,
      principalId: guid(i % 50_000, "c"),
      scheduleId: guid(i, "d"),
      activatedFromEligibilityId: guid(i, "e"),
      viaGroupId: guid(i % 97, "f"),
      end: "2027-01-01T00:00:00.000Z",
    })),
  };
}

describe("snapshot files past V8's longest string", () => {
  it("writes a snapshot longer than one string can hold (once a RangeError), in canonical form", async () => {
    const dir = await tempDir();
    const path = join(dir, "large.json");
    const large = largeSnapshot(640_000);
    await writeSnapshotFile(path, large);
    const bytes = await readFile(path);
    // 2^29 - 24 is the longest string V8 makes; stableJson's one string could not hold this file.
    expect(bytes.length).toBeGreaterThan(2 ** 29 - 24);
    const small = stableJson(canonicalSnapshot({ ...large, assignments: large.assignments.slice(0, 1) }));
    const head = small.slice(0, small.indexOf('"assignments": [') + 16);
    expect(bytes.subarray(0, head.length).toString("utf8")).toBe(head);
    const tail = small.slice(small.lastIndexOf("\n  ],"));
    expect(bytes.subarray(bytes.length - tail.length).toString("utf8")).toBe(tail);
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it("writes .json.gz as the gzip of the canonical text, byte for byte", async () => {
    const dir = await tempDir();
    const path = join(dir, "s.json.gz");
    const medium = largeSnapshot(3_000);
    await writeSnapshotFile(path, medium);
    expect((await readFile(path)).equals(gzipSync(stableJson(canonicalSnapshot(medium))))).toBe(true);
  });

  it("parses a file as a stream (as it does above 256 MiB) to the same snapshot, gzipped or with a BOM", () => {
    const text = stableJson(canonicalSnapshot(largeSnapshot(2_000)));
    const expected = JSON.parse(text);
    for (const bytes of [Buffer.from(text), gzipSync(text), Buffer.from(`\uFEFF${text}`)]) {
      expect(parseSnapshotBytes(bytes, "s.json", undefined, 0)).toEqual(expected);
    }
  });

  it("names line and column of broken JSON when parsing as a stream", () => {
    const broken = `{\n  "schemaVersion": 1,\n  "tenant": "ü", oops\n}`;
    const error = (() => {
      try {
        parseSnapshotBytes(Buffer.from(broken), "big.json", undefined, 0);
      } catch (e) {
        return e as { code: string; position: unknown };
      }
    })();
    expect(error?.code).toBe("SNAPSHOT_INVALID");
    expect(error?.position).toEqual({ file: "big.json", line: 3, column: 18 });
    for (const bad of ["{}x", "[1,", "   "]) {
      expect(() => parseSnapshotBytes(Buffer.from(bad), "big.json", undefined, 0)).toThrow(/is not valid JSON/);
    }
  });
});

describe("readSource", () => {
  it("tells a snapshot (plain or gzipped, any name) from an export CSV by content", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "saved"), gzipSync(stableJson(snapshot)));
    await writeFile(
      join(dir, "export.txt"),
      "\uFEFFAssignment State;Role Name;PrincipalName;Assignment Start Time (UTC);Assignment End Time (UTC)\nEligible;User Administrator;b@contoso.com;2026-02-01;No Expiry\n",
    );
    expect(await readSource(join(dir, "saved"), options)).toEqual(snapshot);
    const fromCsv = await readSource(join(dir, "export.txt"), options);
    expect(fromCsv.source.kind).toBe("export-csv");
    expect(fromCsv.assignments[0]).toMatchObject({ principalId: "b@contoso.com", state: "eligible", end: null });
  });
});
