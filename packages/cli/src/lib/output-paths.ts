// --out and --evidence are checked before any collection work: a file in the way is bad input (exit 2), found
// in a second rather than after a collection of many minutes.
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "@pim-audit/model";
import { displayPath } from "./display-path.js";

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Checks that `path` (given as `given` to `flag`) is a folder or can be created as one, and can be written. */
export function checkOutputFolder(flag: "--out" | "--evidence", given: string, path: string, cwd: string): void {
  const shown = (p: string) => displayPath(cwd, p);
  const stat = statOrNull(path);
  if (stat && !stat.isDirectory()) {
    throw new InputError("OUTPUT_NOT_WRITABLE", `${flag} ${given}: ${shown(path)} is a file, not a folder.`, {
      hint: `Give ${flag} a folder (it is created when missing), or move the file away.`,
    });
  }
  let existing = path;
  let parentStat = stat;
  while (!parentStat) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
    parentStat = statOrNull(existing);
  }
  if (parentStat && !parentStat.isDirectory()) {
    throw new InputError(
      "OUTPUT_NOT_WRITABLE",
      `${flag} ${given}: ${shown(existing)} is a file, so no folder can be made under it.`,
      { hint: `Give ${flag} a folder path with no file on the way.` },
    );
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new InputError("OUTPUT_NOT_WRITABLE", `${flag} ${given}: no permission to write in ${shown(existing)}.`, {
      hint: `Give ${flag} a folder you can write to.`,
    });
  }
}
