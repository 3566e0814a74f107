// Policy text written to a temporary folder, so loader tests read real files with real positions.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPolicies } from "../load/load-policies.js";
import type { LoadedPolicy } from "../policy.js";

export async function policyFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "pim-audit-policy-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  return folder;
}

export const HEADER = "apiVersion: pim-audit/v1\nkind: Policy\nmetadata:\n  name: test\n";

/** Loads one policy given as the text after the standard header. */
export async function policyFrom(body: string): Promise<LoadedPolicy[]> {
  const folder = await policyFolder({ "policy.yaml": HEADER + body });
  return loadPolicies([join(folder, "policy.yaml")]);
}

/** The one-line errors loading `text` produces (file names reduced to the base name). */
export async function loadErrors(files: Record<string, string>): Promise<string[]> {
  const folder = await policyFolder(files);
  try {
    await loadPolicies([folder]);
    return [];
  } catch (error) {
    const text = (error as { toOneLine(): string }).toOneLine();
    return text.split("\n").map((line) => line.replaceAll(`${folder}/`, ""));
  }
}
