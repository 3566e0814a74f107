import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { stableJson } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { parseExportCsv } from "../csv/export-csv.js";
import { readSource } from "../read-source.js";
import { readSnapshotFile, writeSnapshotFile } from "./snapshot-file.js";

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
