// Checks an evidence bundle: every file hashed in the manifest, nothing added or removed, the signature.
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { compareStrings, InputError } from "@pim-audit/model";
import { safeJoin } from "../files/safe-join.js";
import { type EvidenceManifest, MANIFEST_FILE, SIGNATURE_FILE, type SignatureFile, sha256Hex } from "./manifest.js";
import { keyIdOf, loadPublicKey, verifyBytes } from "./signing.js";

export interface VerifyProblem {
  /** Relative to the bundle folder. */
  file: string;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: VerifyProblem[];
  /** Whether the bundle carries a signature that checked out. */
  signed: boolean;
  /** The signing key's id when signed. */
  keyId: string | null;
  /** True when the signature was checked against a key the caller gave, not only the one in the bundle. */
  keyPinned: boolean;
  /** The bundle carries no signature at all (it fails unless allowed with allowUnsigned). */
  unsigned: boolean;
}

type Entry = { path: string; kind: "file" | "folder" | "other" };

async function walk(root: string, dir: string, out: Entry[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join("/");
    if (entry.isDirectory()) {
      out.push({ path, kind: "folder" });
      await walk(root, full, out);
    } else out.push({ path, kind: entry.isFile() ? "file" : "other" });
  }
}

function isManifest(value: unknown): value is EvidenceManifest {
  const m = value as Partial<EvidenceManifest> | null;
  return (
    typeof m === "object" &&
    m !== null &&
    m.kind === "pim-audit-evidence" &&
    Array.isArray(m.files) &&
    m.files.every((f) => typeof f?.path === "string" && typeof f.sha256 === "string")
  );
}

export async function verifyEvidence(
  dir: string,
  options: { publicKeyPem?: string; allowUnsigned?: boolean } = {},
): Promise<VerifyResult> {
  const pinned = options.publicKeyPem === undefined ? undefined : loadPublicKey(options.publicKeyPem);
  try {
    if (!(await lstat(dir)).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new InputError("FILE_NOT_FOUND", `evidence folder ${dir} does not exist or is not a folder.`, {
      hint: "Give the folder that holds manifest.json.",
    });
  }
  const problems: VerifyProblem[] = [];
  const result = (signed: boolean, keyId: string | null, unsigned = false): VerifyResult => {
    problems.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.problem, b.problem));
    return { ok: problems.length === 0, problems, signed, keyId, keyPinned: signed && pinned !== undefined, unsigned };
  };

  let manifestBytes: Buffer;
  try {
    manifestBytes = await readFile(join(dir, MANIFEST_FILE));
  } catch {
    problems.push({ file: MANIFEST_FILE, problem: "removed: the bundle has no manifest.json" });
    return result(false, null);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8"));
  } catch {
    manifest = undefined;
  }
  if (!isManifest(manifest)) {
    problems.push({ file: MANIFEST_FILE, problem: "changed: not a pim-audit evidence manifest" });
    return result(false, null);
  }

  const present: Entry[] = [];
  await walk(dir, dir, present);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  // A folder belongs to the bundle only when it holds a listed file; anything else on disk was added.
  const folders = new Set(
    manifest.files.flatMap((f) =>
      f.path
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
    ),
  );
  for (const entry of present) {
    if (entry.path === MANIFEST_FILE || entry.path === SIGNATURE_FILE) {
      if (entry.kind !== "file")
        problems.push({ file: entry.path, problem: "changed: not a regular file (link, folder or device)" });
      continue;
    }
    if (entry.kind === "folder") {
      if (!folders.has(entry.path)) problems.push({ file: entry.path, problem: "added: a folder not in the manifest" });
    } else if (entry.kind === "other") {
      problems.push({ file: entry.path, problem: "added: not a regular file (link or device)" });
    } else if (!listed.has(entry.path))
      problems.push({ file: entry.path, problem: "added: not listed in the manifest" });
  }
  for (const entry of manifest.files) {
    let path: string;
    try {
      path = safeJoin(dir, entry.path);
    } catch {
      problems.push({ file: entry.path, problem: "changed manifest: the path points outside the bundle" });
      continue;
    }
    let content: Buffer;
    try {
      const stat = await lstat(path);
      if (!stat.isFile()) {
        problems.push({ file: entry.path, problem: "changed: not a regular file (link or device)" });
        continue;
      }
      content = await readFile(path);
    } catch {
      problems.push({ file: entry.path, problem: "removed: listed in the manifest but missing" });
      continue;
    }
    const actual = sha256Hex(content);
    if (actual !== entry.sha256) {
      problems.push({ file: entry.path, problem: `changed: SHA-256 is ${actual}, the manifest says ${entry.sha256}` });
    }
  }

  let signatureText: string | undefined;
  try {
    signatureText = await readFile(join(dir, SIGNATURE_FILE), "utf8");
  } catch {
    signatureText = undefined;
  }
  if (signatureText === undefined) {
    if (manifest.signing) {
      problems.push({ file: SIGNATURE_FILE, problem: "removed: the manifest says the bundle was signed" });
    } else if (pinned) {
      problems.push({
        file: SIGNATURE_FILE,
        problem: "missing: the bundle is not signed, so the public key cannot be checked",
      });
    } else if (!options.allowUnsigned) {
      problems.push({
        file: SIGNATURE_FILE,
        problem: "missing: the bundle is UNSIGNED, so anyone could have rewritten it and its hashes",
      });
    }
    return result(false, null, true);
  }
  let signature: Partial<SignatureFile> | undefined;
  try {
    signature = JSON.parse(signatureText) as Partial<SignatureFile>;
  } catch {
    signature = undefined;
  }
  if (!signature || typeof signature.signature !== "string" || typeof signature.keyId !== "string") {
    problems.push({ file: SIGNATURE_FILE, problem: "changed: not a pim-audit signature file" });
    return result(false, null);
  }
  if (!manifest.signing || typeof manifest.signing.publicKeyPem !== "string") {
    problems.push({
      file: MANIFEST_FILE,
      problem: "changed: a signature is present but the manifest names no signing key",
    });
    return result(false, signature.keyId);
  }
  let key = pinned;
  if (!key) {
    try {
      key = loadPublicKey(manifest.signing.publicKeyPem);
    } catch {
      problems.push({ file: MANIFEST_FILE, problem: "changed: the signing key in the manifest cannot be read" });
      return result(false, signature.keyId);
    }
  }
  const keyId = keyIdOf(key);
  if (pinned && keyId !== manifest.signing.keyId) {
    problems.push({
      file: SIGNATURE_FILE,
      problem: `bad signature: signed by key ${manifest.signing.keyId}, not by the given public key ${keyId}`,
    });
    return result(false, manifest.signing.keyId);
  }
  if (signature.keyId !== manifest.signing.keyId || !verifyBytes(key, manifestBytes, signature.signature)) {
    problems.push({
      file: SIGNATURE_FILE,
      problem: "bad signature: it does not match manifest.json (the manifest was changed or signed with another key)",
    });
    return result(false, manifest.signing.keyId);
  }
  return result(true, keyId);
}
