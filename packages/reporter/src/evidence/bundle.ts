// An evidence bundle: a new folder per run holding everything an auditor needs to check it later.
// It is assembled under a temporary name and renamed into place, so a crash leaves no half bundle.
import { randomBytes } from "node:crypto";
import { access, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { canonicalSnapshot, type FindingsReport, InputError, type Snapshot, stableJson } from "@pim-audit/model";
import { safeJoin } from "../files/safe-join.js";
import { writeContent } from "../files/write-content.js";
import { redactCommandLine } from "../redact.js";
import { renderFindings } from "../render.js";
import { type CsvLayout, FINDINGS_FORMATS, type OutputFile, type RenderContext } from "../types.js";
import { type RenderedRun, snapshotJsonFile } from "../write-reports.js";
import { renderAssignmentsCsv } from "../writers/assignments-csv.js";
import {
  EVIDENCE_SCHEMA_VERSION,
  type EvidenceManifest,
  MANIFEST_FILE,
  type ManifestFile,
  SIGNATURE_FILE,
  type SignatureFile,
  sha256Hex,
} from "./manifest.js";
import { keyIdOf, loadSigningKey, signBytes } from "./signing.js";

export interface EvidenceOptions {
  dir: string;
  snapshot: Snapshot;
  report: FindingsReport;
  policies: { file: string; content: string | Buffer }[];
  commandLine: string[];
  toolVersion: string;
  signKeyPem?: string;
  csvLayout?: CsvLayout;
  context: RenderContext;
  /**
   * The files writeReports already rendered for this run: reused (same bytes) when they were rendered from
   * this snapshot, report, context and CSV layout; anything missing is rendered here.
   */
  rendered?: RenderedRun;
}

/** `<tenant>_<collection time>`, e.g. `contoso.example_2026-11-27T083000Z`. */
export function evidenceFolderName(snapshot: Snapshot): string {
  const tenant = (snapshot.tenant.defaultDomain ?? snapshot.tenant.id).replace(/[^A-Za-z0-9.-]+/g, "-");
  const time = new Date(snapshot.collectedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "");
  return `${tenant}_${time}`;
}

/** Where each policy goes inside the bundle: `policies/<file name>`, numbered when two share a name. */
function policyPaths(policies: EvidenceOptions["policies"]): string[] {
  const used = new Set<string>();
  return policies.map((policy) => {
    const name = basename(policy.file.replace(/\\/g, "/")) || "policy.yaml";
    let path = `policies/${name}`;
    for (let n = 2; used.has(path); n++) path = `policies/${n}-${name}`;
    used.add(path);
    return path;
  });
}

/** The run's files as rendered for --out when they match this bundle's snapshot, report and layout. */
function reusableRun(options: EvidenceOptions): RenderedRun | undefined {
  const run = options.rendered;
  const matches =
    run !== undefined &&
    run.snapshot === options.snapshot &&
    run.report === options.report &&
    run.context === options.context &&
    run.csvLayout === (options.csvLayout ?? "portal");
  return matches ? run : undefined;
}

function evidenceFiles(options: EvidenceOptions, policyPath: readonly string[]): OutputFile[] {
  const run = reusableRun(options);
  const files: OutputFile[] = [
    run?.snapshotJson ?? snapshotJsonFile(options.snapshot),
    run?.assignmentsCsv ?? {
      name: "assignments.csv",
      content: renderAssignmentsCsv(options.snapshot, { layout: options.csvLayout ?? "portal" }),
    },
    ...FINDINGS_FORMATS.flatMap(
      (format) => run?.findings.get(format) ?? renderFindings(format, options.report, options.context),
    ),
  ];
  options.policies.forEach((policy, i) => {
    files.push({ name: policyPath[i]!, content: policy.content });
  });
  return files;
}

function manifestOf(options: EvidenceOptions, policyPath: readonly string[], files: ManifestFile[]): EvidenceManifest {
  const snapshot = options.snapshot;
  // Only the gaps need their canonical order here; sorting every list of a large snapshot again would not.
  const { completeness } = canonicalSnapshot({
    ...snapshot,
    roles: [],
    principals: [],
    assignments: [],
    roleSettings: [],
    activations: [],
  });
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: "pim-audit-evidence",
    tool: { name: "pim-audit", version: options.toolVersion },
    tenant: { ...snapshot.tenant },
    collectedAt: snapshot.collectedAt,
    evaluatedAt: options.report.evaluatedAt,
    commandLine: redactCommandLine(options.commandLine),
    completeness,
    policies: options.policies.map((p, i) => ({ file: p.file, path: policyPath[i]!, sha256: sha256Hex(p.content) })),
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    signing: null,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function alreadyThere(path: string): InputError {
  return new InputError("EVIDENCE_EXISTS", `evidence folder ${path} already exists; evidence is never overwritten.`, {
    hint: "Choose another --evidence folder or move the existing bundle away.",
  });
}

export async function writeEvidenceBundle(options: EvidenceOptions): Promise<{ path: string }> {
  const signer = options.signKeyPem === undefined ? undefined : loadSigningKey(options.signKeyPem);
  const policyPath = policyPaths(options.policies);
  const files = evidenceFiles(options, policyPath);

  const target = join(options.dir, evidenceFolderName(options.snapshot));
  if (await exists(target)) throw alreadyThere(target);
  const temp = join(options.dir, `.${basename(target)}.partial-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(temp, { recursive: true });
    // Each file is hashed as it is written: snapshot.json is streamed and never held whole.
    const written: ManifestFile[] = [];
    for (const file of files) {
      const path = safeJoin(temp, file.name);
      await mkdir(dirname(path), { recursive: true });
      const { sha256, bytes } = await writeContent(path, file.content, "wx");
      written.push({ path: file.name, sha256, bytes });
    }
    const manifest = manifestOf(options, policyPath, written);
    if (signer) {
      manifest.signing = {
        algorithm: "Ed25519",
        keyId: keyIdOf(signer.publicKey),
        publicKeyPem: signer.publicKey.export({ type: "spki", format: "pem" }).toString(),
      };
    }
    const manifestBytes = Buffer.from(stableJson(manifest));
    await writeFile(safeJoin(temp, MANIFEST_FILE), manifestBytes, { flag: "wx" });
    if (signer && manifest.signing) {
      const signature: SignatureFile = {
        algorithm: "Ed25519",
        keyId: manifest.signing.keyId,
        signature: signBytes(signer.privateKey, manifestBytes),
      };
      await writeFile(safeJoin(temp, SIGNATURE_FILE), stableJson(signature), { flag: "wx" });
    }
    if (await exists(target)) throw alreadyThere(target);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST") throw alreadyThere(target);
    throw new InputError(
      "OUTPUT_NOT_WRITABLE",
      `cannot write the evidence bundle into ${options.dir} (${code ?? "error"}).`,
      {
        hint: "Give --evidence a folder you can write to.",
        cause: error,
      },
    );
  }
  return { path: target };
}
