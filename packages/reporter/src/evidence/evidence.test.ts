import { createHash, generateKeyPairSync } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { InputError } from "@pim-audit/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FIXED_AT,
  fixtureContext,
  fixtureReport,
  fixtureSnapshot,
  POLICY_FILE,
  POLICY_TEXT,
} from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { writeEvidenceBundle, writeReports, writeRun } from "../write-run.js";
import { evidenceFolderName } from "./bundle.js";
import type { EvidenceManifest } from "./manifest.js";
import { verifyEvidence } from "./verify.js";

const pem = (type: "ed25519" | "rsa") => {
  const pair =
    type === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: 1024 });
  return {
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
};

describe("evidence bundle", () => {
  let dir: string;
  const key = pem("ed25519");
  const write = (extra: { signKeyPem?: string; dir?: string } = {}) =>
    writeEvidenceBundle({
      dir: extra.dir ?? dir,
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      policies: [{ file: POLICY_FILE, content: POLICY_TEXT }],
      commandLine: ["run", "--client-secret", "s3cr3t", "--policy", POLICY_FILE, "--at", FIXED_AT],
      toolVersion: "0.1.0",
      context: fixtureContext(),
      ...(extra.signKeyPem ? { signKeyPem: extra.signKeyPem } : {}),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pim-evidence-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a folder named by tenant and collection time with every output and a manifest", async () => {
    const { path } = await write();
    expect(path).toBe(join(dir, "contoso.example_2026-11-27T083000Z"));
    expect(evidenceFolderName(fixtureSnapshot())).toBe("contoso.example_2026-11-27T083000Z");
    expect((await readdir(path, { recursive: true })).sort()).toEqual([
      "assignments.csv",
      "findings.csv",
      "findings.json",
      "findings.md",
      "findings.sarif",
      "findings.xml",
      "github-annotations.txt",
      "github-step-summary.md",
      "manifest.json",
      "policies",
      "policies/baseline.yaml",
      "snapshot.json",
    ]);
    expect(await readdir(dir)).toEqual(["contoso.example_2026-11-27T083000Z"]);
    const manifestText = await readFile(join(path, "manifest.json"), "utf8");
    const manifest = JSON.parse(manifestText) as EvidenceManifest;
    expect(manifest.commandLine).toEqual(["run", "--client-secret", "***", "--policy", POLICY_FILE, "--at", FIXED_AT]);
    expect(manifestText).not.toContain("s3cr3t");
    expect(manifest.files.map((f) => f.path)).toContain("policies/baseline.yaml");
    expect(manifest.policies).toEqual([
      { file: POLICY_FILE, path: "policies/baseline.yaml", sha256: fixtureReport().policies[0]!.sha256 },
    ]);
    expect(manifest).toMatchObject({ collectedAt: "2026-11-27T08:30:00.000Z", evaluatedAt: FIXED_AT, signing: null });
    expect(manifestText).toBe(golden("evidence-manifest.json", manifestText).toString("utf8"));
  });

  it("never overwrites an existing bundle", async () => {
    await write();
    const again = write();
    await expect(again).rejects.toBeInstanceOf(InputError);
    await expect(again).rejects.toMatchObject({ code: "EVIDENCE_EXISTS" });
    expect(await readdir(dir)).toEqual(["contoso.example_2026-11-27T083000Z"]);
  });

  it("verifies an untouched bundle, signed or (when allowed) not", async () => {
    const unsigned = await write();
    expect(await verifyEvidence(unsigned.path, { allowUnsigned: true })).toEqual({
      ok: true,
      problems: [],
      signed: false,
      keyId: null,
      keyPinned: false,
      unsigned: true,
    });
    expect(await verifyEvidence(unsigned.path)).toEqual({
      ok: false,
      problems: [{ file: "manifest.sig", problem: expect.stringMatching(/^missing: the bundle is UNSIGNED/) }],
      signed: false,
      keyId: null,
      keyPinned: false,
      unsigned: true,
    });
    const other = await mkdtemp(join(tmpdir(), "pim-evidence-signed-"));
    try {
      const signed = await write({ dir: other, signKeyPem: key.privateKey });
      const sig = JSON.parse(await readFile(join(signed.path, "manifest.sig"), "utf8")) as { keyId: string };
      expect(sig.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await verifyEvidence(signed.path, { publicKeyPem: key.publicKey })).toEqual({
        ok: true,
        problems: [],
        signed: true,
        keyId: sig.keyId,
        keyPinned: true,
        unsigned: false,
      });
      expect(await verifyEvidence(signed.path)).toMatchObject({ ok: true, signed: true, keyPinned: false });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  describe("catches tampering and names the file", () => {
    const cases: [string, (path: string) => Promise<void>, { file: string; problem: RegExp }][] = [
      ["an added file", (p) => writeFile(join(p, "notes.txt"), "added"), { file: "notes.txt", problem: /^added/ }],
      [
        "an added file in a subfolder",
        (p) => writeFile(join(p, "policies", "extra.yaml"), "x"),
        { file: "policies/extra.yaml", problem: /^added/ },
      ],
      ["a removed file", (p) => unlink(join(p, "findings.sarif")), { file: "findings.sarif", problem: /^removed/ }],
      [
        "a changed file",
        (p) =>
          appendFile(join(p, "assignments.csv"), '"Active","x","Global Administrator","x","Direct",,"Permanent"\r\n'),
        { file: "assignments.csv", problem: /^changed: SHA-256/ },
      ],
      [
        "a changed policy",
        (p) => writeFile(join(p, "policies", "baseline.yaml"), "rules: []\n"),
        { file: "policies/baseline.yaml", problem: /^changed/ },
      ],
      [
        "a file replaced by a link",
        async (p) => {
          await unlink(join(p, "findings.md"));
          await symlink(join(p, "findings.csv"), join(p, "findings.md"));
        },
        { file: "findings.md", problem: /not a regular file/ },
      ],
      ["a removed manifest", (p) => unlink(join(p, "manifest.json")), { file: "manifest.json", problem: /^removed/ }],
      ["an added empty folder", (p) => mkdir(join(p, "extra")), { file: "extra", problem: /^added: a folder/ }],
      [
        "an added empty folder in a subfolder",
        (p) => mkdir(join(p, "policies", "extra")),
        { file: "policies/extra", problem: /^added: a folder/ },
      ],
      [
        "a link to a folder",
        (p) => symlink(join(p, "policies"), join(p, "more")),
        { file: "more", problem: /not a regular file/ },
      ],
    ];
    it.each(cases)("%s", async (_, tamper, expected) => {
      const { path } = await write();
      await tamper(path);
      const result = await verifyEvidence(path, { allowUnsigned: true });
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual({ file: expected.file, problem: expect.stringMatching(expected.problem) });
    });

    it("a manifest rewritten to match a changed file, when signed", async () => {
      const { path } = await write({ signKeyPem: key.privateKey });
      await writeFile(join(path, "findings.json"), "{}\n");
      const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as EvidenceManifest;
      manifest.files = manifest.files.map((f) =>
        f.path === "findings.json" ? { ...f, sha256: createHash("sha256").update("{}\n").digest("hex") } : f,
      );
      await writeFile(join(path, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      const result = await verifyEvidence(path, { publicKeyPem: key.publicKey });
      expect(result.problems).toEqual([{ file: "manifest.sig", problem: expect.stringMatching(/^bad signature/) }]);
    });

    it("a bad signature", async () => {
      const { path } = await write({ signKeyPem: key.privateKey });
      const sig = JSON.parse(await readFile(join(path, "manifest.sig"), "utf8")) as { signature: string };
      const bytes = Buffer.from(sig.signature, "base64");
      bytes[0] = bytes[0]! ^ 0xff;
      await writeFile(join(path, "manifest.sig"), JSON.stringify({ ...sig, signature: bytes.toString("base64") }));
      const result = await verifyEvidence(path, { publicKeyPem: key.publicKey });
      expect(result).toMatchObject({ ok: false, signed: false });
      expect(result.problems).toEqual([{ file: "manifest.sig", problem: expect.stringMatching(/^bad signature/) }]);
    });

    it("a bundle re-signed with another key", async () => {
      const { path } = await write({ signKeyPem: pem("ed25519").privateKey });
      const result = await verifyEvidence(path, { publicKeyPem: key.publicKey });
      expect(result.problems).toEqual([
        { file: "manifest.sig", problem: expect.stringMatching(/^bad signature: signed by key sha256:/) },
      ]);
    });

    it("a removed signature", async () => {
      const { path } = await write({ signKeyPem: key.privateKey });
      await unlink(join(path, "manifest.sig"));
      expect((await verifyEvidence(path)).problems).toEqual([
        { file: "manifest.sig", problem: expect.stringMatching(/^removed/) },
      ]);
    });

    it("an unsigned bundle checked against a public key", async () => {
      const { path } = await write();
      expect((await verifyEvidence(path, { publicKeyPem: key.publicKey })).problems).toEqual([
        { file: "manifest.sig", problem: expect.stringMatching(/^missing/) },
      ]);
    });

    it("a manifest entry that points outside the bundle", async () => {
      const { path } = await write();
      const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as EvidenceManifest;
      manifest.files.push({ path: "../../etc/passwd", sha256: "0".repeat(64), bytes: 1 });
      await writeFile(join(path, "manifest.json"), JSON.stringify(manifest));
      expect((await verifyEvidence(path, { allowUnsigned: true })).problems).toEqual([
        { file: "../../etc/passwd", problem: expect.stringMatching(/outside the bundle/) },
      ]);
    });
  });

  it("keeps two policies with the same file name apart", async () => {
    const { path } = await writeEvidenceBundle({
      dir,
      snapshot: fixtureSnapshot(),
      report: fixtureReport(),
      policies: [
        { file: "a/policy.yaml", content: "a" },
        { file: "b/policy.yaml", content: "b" },
        { file: "../../escape/../policy.yaml", content: "c" },
      ],
      commandLine: [],
      toolVersion: "0.1.0",
      context: fixtureContext(),
    });
    const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as EvidenceManifest;
    expect(manifest.policies.map((p) => p.path)).toEqual([
      "policies/policy.yaml",
      "policies/2-policy.yaml",
      "policies/3-policy.yaml",
    ]);
    expect(await readFile(join(path, "policies", "2-policy.yaml"), "utf8")).toBe("b");
    expect((await verifyEvidence(path, { allowUnsigned: true })).ok).toBe(true);
  });

  it("refuses a signing key that is not Ed25519, and leaves nothing behind", async () => {
    const attempt = write({ signKeyPem: pem("rsa").privateKey });
    await expect(attempt).rejects.toMatchObject({ code: "FLAG_INVALID" });
    await expect(write({ signKeyPem: "not a key" })).rejects.toMatchObject({ code: "FLAG_INVALID" });
    expect(await readdir(dir)).toEqual([]);
  });

  it("says when the folder to verify does not exist", async () => {
    await expect(verifyEvidence(join(dir, "nope"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });

  it("leaves no partial folder when writing fails", async () => {
    const blocked = join(dir, "blocked");
    await mkdir(blocked);
    await writeFile(join(blocked, "contoso.example_2026-11-27T083000Z"), "a file in the way");
    await expect(write({ dir: blocked })).rejects.toMatchObject({ code: "EVIDENCE_EXISTS" });
    expect(await readdir(blocked)).toEqual(["contoso.example_2026-11-27T083000Z"]);
  });
});

describe("a run writing --out and the evidence bundle in one pass", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "pim-evidence-run-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const snapshot = fixtureSnapshot();
  const report = fixtureReport();
  const context = fixtureContext();
  const request = (name: string, signKeyPem?: string) => ({
    dir: join(dir, name),
    policies: [{ file: POLICY_FILE, content: POLICY_TEXT }],
    commandLine: ["run"],
    toolVersion: "0.1.0",
    ...(signKeyPem ? { signKeyPem } : {}),
  });
  const contents = async (path: string) => {
    // The report names only: the sets behind them in .pim-audit/ are named per run.
    const files = (await readdir(path, { recursive: true })).filter((f) => !f.startsWith(".pim-audit")).sort();
    return Promise.all(files.map(async (f) => [f, await readFile(join(path, f)).catch(() => "a folder")]));
  };
  const reports = (outDir: string, csvLayout: "portal" | "extended" = "portal") => ({
    outDir,
    snapshot,
    report,
    formats: ["json", "csv", "md"] as const satisfies string[],
    csvLayout,
    excel: true,
    context,
  });

  it.each(["portal", "extended"] as const)(
    "writes the same --out files and the same bundle as writing each alone (%s layout, --excel)",
    async (csvLayout) => {
      const both = await writeRun({
        ...reports(join(dir, "out-both"), csvLayout),
        formats: ["json", "csv", "md"],
        evidence: request("ev-both"),
      });
      await writeReports({ ...reports(join(dir, "out-alone"), csvLayout), formats: ["json", "csv", "md"] });
      const alone = await writeEvidenceBundle({ ...request("ev-alone"), snapshot, report, context, csvLayout });
      expect(both.files.map((f) => f.slice(join(dir, "out-both").length + 1))).toEqual([
        "assignments.csv",
        "findings.json",
        "findings.csv",
        "findings.md",
        "snapshot.json",
      ]);
      expect(await contents(join(dir, "out-both"))).toEqual(await contents(join(dir, "out-alone")));
      expect(await contents(both.evidence!)).toEqual(await contents(alone.path));
      // The byte order mark is for Excel users of --out only; the bundle keeps the rendered bytes.
      expect((await readFile(join(dir, "out-both", "findings.csv"))).subarray(0, 3)).toEqual(
        Buffer.from([0xef, 0xbb, 0xbf]),
      );
      expect((await readFile(join(both.evidence!, "findings.csv"))).subarray(0, 3)).not.toEqual(
        Buffer.from([0xef, 0xbb, 0xbf]),
      );
      expect((await verifyEvidence(both.evidence!, { allowUnsigned: true })).ok).toBe(true);
    },
  );

  it("still writes --out when the bundle exists, then refuses to overwrite it", async () => {
    const first = await writeEvidenceBundle({ ...request("ev"), snapshot, report, context });
    const before = await contents(first.path);
    const attempt = writeRun({ ...reports(join(dir, "out")), evidence: request("ev") });
    await expect(attempt).rejects.toMatchObject({ code: "EVIDENCE_EXISTS" });
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      ".pim-audit",
      "assignments.csv",
      "findings.csv",
      "findings.json",
      "findings.md",
      "snapshot.json",
    ]);
    expect(await contents(first.path)).toEqual(before);
    expect(await readdir(join(dir, "ev"))).toEqual([basename(first.path)]);
  });

  it("checks the signing key before writing anything", async () => {
    const attempt = writeRun({ ...reports(join(dir, "out")), evidence: request("ev", pem("rsa").privateKey) });
    await expect(attempt).rejects.toMatchObject({ code: "FLAG_INVALID" });
    expect(await readdir(dir)).toEqual([]);
  });

  it("leaves neither temporary reports nor a partial bundle when --out cannot be written", async () => {
    await mkdir(join(dir, "out"));
    await mkdir(join(dir, "out", "findings.json"));
    const attempt = writeRun({ ...reports(join(dir, "out")), evidence: request("ev") });
    await expect(attempt).rejects.toMatchObject({ code: "OUTPUT_NOT_WRITABLE" });
    await expect(attempt).rejects.toThrow(join(dir, "out"));
    // Nothing was swapped in: the folder in the way is found before any report name changes.
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["findings.json"]);
    expect(await readdir(join(dir, "ev"))).toEqual([]);
  });
});
