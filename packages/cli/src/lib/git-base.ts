// Reads the base version of policy files from a git revision, into a temporary folder.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { InputError } from "@pim-audit/model";

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * For each policy file, its content at `revision` in the repository it lives in, written under a
 * temporary folder. Files that did not exist at that revision are left out (the change adds them).
 */
export async function policiesAtRevision(
  files: string[],
  revision: string,
): Promise<{ files: string[]; original: Map<string, string> }> {
  const out = await mkdtemp(join(tmpdir(), "pim-audit-base-"));
  const original = new Map<string, string>();
  const result: string[] = [];
  for (const file of files) {
    const dir = dirname(file);
    let top: string;
    try {
      top = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
      await git(top, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`]);
    } catch {
      throw new InputError(
        "FLAG_INVALID",
        `--base ${revision}: not a file, and not a git revision of the repository holding ${file}.`,
        {
          hint: "Give a policy file or folder, or a revision such as origin/main (fetch it first in CI: fetch-depth 0).",
        },
      );
    }
    const path = relative(top, file).split("\\").join("/");
    let content: string;
    try {
      content = await git(top, ["show", `${revision}:${path}`]);
    } catch {
      continue;
    }
    const target = join(out, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    original.set(target, `${revision}:${path}`);
    result.push(target);
  }
  return { files: result, original };
}
