// manifest.json of an evidence bundle: what was collected, how it was judged, and the hash of every file.
import { createHash } from "node:crypto";
import type { Cloud, ReportedGap } from "@pim-audit/model";

export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig";
export const EVIDENCE_SCHEMA_VERSION = 1 as const;

export interface ManifestFile {
  /** Relative to the bundle folder, `/` separated. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface EvidenceManifest {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  kind: "pim-audit-evidence";
  tool: { name: string; version: string };
  tenant: { id: string; displayName: string | null; defaultDomain: string | null; cloud: Cloud };
  collectedAt: string;
  evaluatedAt: string;
  /** argv with secrets removed. */
  commandLine: string[];
  /** As the run judged it: complete for what it needed; every gap, needed or not (`needed`, `neededBy`). */
  completeness: { complete: boolean; gaps: ReportedGap[] };
  policies: { file: string; path: string; sha256: string }[];
  files: ManifestFile[];
  /** Present when the bundle is signed: manifest.sig holds the Ed25519 signature of this file's bytes. */
  signing: { algorithm: "Ed25519"; keyId: string; publicKeyPem: string } | null;
}

export interface SignatureFile {
  algorithm: "Ed25519";
  keyId: string;
  /** Base64 Ed25519 signature of manifest.json exactly as stored. */
  signature: string;
}

export function sha256Hex(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
