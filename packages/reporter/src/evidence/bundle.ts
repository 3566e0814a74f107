// An evidence bundle: a new folder per run holding everything an auditor needs to check it later.
// It is assembled under a temporary name and renamed into place, so a crash leaves no half bundle under the
// final name; write-run.ts writes its files (the same bytes as --out) and then calls finishBundle. The temporary
// name carries the host and pid, so a later run removes what a killed one left.
import { randomBytes } from "node:crypto";
import { readdirSync, renameSync, rmSync } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import {
  compareNullable,
  compareStrings,
  type FindingsReport,
  InputError,
  type Snapshot,
  stableJson,
} from "@pim-audit/model";
import { safeJoin } from "../files/safe-join.js";
import { redactCommandLine } from "../redact.js";
import type { CsvLayout, RenderContext } from "../types.js";
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
}

/** What a bundle needs beyond the snapshot, report and context it shares with --out. */
export type EvidenceRequest = Omit<EvidenceOptions, "snapshot" | "report" | "csvLayout" | "context">;

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
export function policyPaths(policies: EvidenceRequest["policies"]): string[] {
  const used = new Set<string>();
  return policies.map((policy) => {
    const name = basename(policy.file.replace(/\\/g, "/")) || "policy.yaml";
    let path = `policies/${name}`;
    for (let n = 2; used.has(path); n++) path = `policies/${n}-${name}`;
    used.add(path);
    return path;
  });
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export function alreadyThere(path: string): InputError {
  return new InputError("EVIDENCE_EXISTS", `evidence folder ${path} already exists; evidence is never overwritten.`, {
    hint: "Choose another --evidence folder or move the existing bundle away.",
  });
}

export function notWritable(dir: string, cause: unknown): InputError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new InputError("OUTPUT_NOT_WRITABLE", `cannot write the evidence bundle into ${dir} (${code ?? "error"}).`, {
    hint: "Give --evidence a folder you can write to.",
    cause,
  });
}

/** A bundle being written: where it goes, its hidden temporary folder, and the key it will be signed with. */
export interface PendingBundle {
  request: EvidenceRequest;
  target: string;
  temp: string;
  policyPath: string[];
  signer: ReturnType<typeof loadSigningKey> | undefined;
}

/** Checks the key first, so a bad --sign-key fails before anything is written. */
export function planBundle(request: EvidenceRequest, snapshot: Snapshot): PendingBundle {
  const signer = request.signKeyPem === undefined ? undefined : loadSigningKey(request.signKeyPem);
  const target = join(request.dir, evidenceFolderName(snapshot));
  const temp = join(
    request.dir,
    `.${basename(target)}.partial-${thisHost()}-${process.pid}-${randomBytes(6).toString("hex")}`,
  );
  return { request, target, temp, policyPath: policyPaths(request.policies), signer };
}

function thisHost(): string {
  return hostname().replace(/[^A-Za-z0-9.-]+/g, "-");
}

const PARTIAL = /^\..+\.partial-(.+)-(\d+)-[0-9a-f]{12}$/;

/** Removes the temporary folders of bundles whose run (on this host) no longer runs. */
export function removeStalePartials(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = PARTIAL.exec(name);
    if (!match || match[1] !== thisHost()) continue;
    const pid = Number(match[2]);
    try {
      process.kill(pid, 0);
      continue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EPERM") continue;
    }
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function manifestOf(
  bundle: PendingBundle,
  snapshot: Snapshot,
  report: FindingsReport,
  files: ManifestFile[],
): EvidenceManifest {
  const { request, policyPath } = bundle;
  const gaps = [...report.snapshot.gaps].sort(
    (a, b) =>
      compareStrings(a.piece, b.piece) ||
      compareStrings(a.reason, b.reason) ||
      compareNullable(a.request ?? null, b.request ?? null),
  );
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: "pim-audit-evidence",
    tool: { name: "pim-audit", version: request.toolVersion },
    tenant: { ...snapshot.tenant },
    collectedAt: snapshot.collectedAt,
    evaluatedAt: report.evaluatedAt,
    commandLine: redactCommandLine(request.commandLine),
    completeness: { complete: report.snapshot.complete, gaps },
    policies: request.policies.map((p, i) => ({ file: p.file, path: policyPath[i]!, sha256: sha256Hex(p.content) })),
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    signing: null,
  };
}

/** Writes manifest.json (and manifest.sig) into the temporary folder and renames it into place. */
export async function finishBundle(
  bundle: PendingBundle,
  snapshot: Snapshot,
  report: FindingsReport,
  files: ManifestFile[],
  signal?: AbortSignal,
): Promise<void> {
  const { signer, temp, target } = bundle;
  const manifest = manifestOf(bundle, snapshot, report, files);
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
  // The check and the rename run in one turn of the event loop: a signal lands before both or after both.
  signal?.throwIfAborted();
  renameSync(temp, target);
}
