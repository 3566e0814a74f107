// An evidence bundle: a new folder per run holding everything an auditor needs to check it later.
// It is assembled under a temporary name and renamed into place, so a crash leaves no half bundle.
import { randomBytes } from "node:crypto";
import { access, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { canonicalSnapshot, type FindingsReport, InputError, type Snapshot, stableJson } from "@pim-audit/model";
import { safeJoin } from "../files/safe-join.js";
import { redactCommandLine } from "../redact.js";
import { renderFindings } from "../render.js";
import { type CsvLayout, FINDINGS_FORMATS, type RenderContext, type RenderedFile } from "../types.js";
import { renderAssignmentsCsv } from "../writers/assignments-csv.js";
import {
  EVIDENCE_SCHEMA_VERSION,
  type EvidenceManifest,
  MANIFEST_FILE,
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

export function renderEvidenceFiles(options: EvidenceOptions): { files: RenderedFile[]; manifest: EvidenceManifest } {
  const files: RenderedFile[] = [
    { name: "snapshot.json", content: stableJson(canonicalSnapshot(options.snapshot)) },
    {
      name: "assignments.csv",
      content: renderAssignmentsCsv(options.snapshot, { layout: options.csvLayout ?? "portal" }),
    },
    ...FINDINGS_FORMATS.flatMap((format) => renderFindings(format, options.report, options.context)),
  ];
  const paths = policyPaths(options.policies);
  options.policies.forEach((policy, i) => {
    files.push({ name: paths[i]!, content: policy.content });
  });
  const snapshot = options.snapshot;
  const manifest: EvidenceManifest = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: "pim-audit-evidence",
    tool: { name: "pim-audit", version: options.toolVersion },
    tenant: { ...snapshot.tenant },
    collectedAt: snapshot.collectedAt,
    evaluatedAt: options.report.evaluatedAt,
    commandLine: redactCommandLine(options.commandLine),
    completeness: canonicalSnapshot(snapshot).completeness,
    policies: options.policies.map((p, i) => ({ file: p.file, path: paths[i]!, sha256: sha256Hex(p.content) })),
    files: files
      .map((f) => ({ path: f.name, sha256: sha256Hex(f.content), bytes: Buffer.byteLength(f.content) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    signing: null,
  };
  return { files, manifest };
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
  const { files, manifest } = renderEvidenceFiles(options);
  if (signer) {
    manifest.signing = {
      algorithm: "Ed25519",
      keyId: keyIdOf(signer.publicKey),
      publicKeyPem: signer.publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
  }
  const manifestBytes = Buffer.from(stableJson(manifest));
  const all: RenderedFile[] = [...files, { name: MANIFEST_FILE, content: manifestBytes }];
  if (signer && manifest.signing) {
    const signature: SignatureFile = {
      algorithm: "Ed25519",
      keyId: manifest.signing.keyId,
      signature: signBytes(signer.privateKey, manifestBytes),
    };
    all.push({ name: SIGNATURE_FILE, content: stableJson(signature) });
  }

  const target = join(options.dir, evidenceFolderName(options.snapshot));
  if (await exists(target)) throw alreadyThere(target);
  const temp = join(options.dir, `.${basename(target)}.partial-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(temp, { recursive: true });
    for (const file of all) {
      const path = safeJoin(temp, file.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { flag: "wx" });
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
