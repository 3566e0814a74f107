// The report set in --out, swapped in whole, and the lock that keeps a second run out meanwhile.
//
//   <out>/.pim-audit/lock                     the run writing into <out>: created with O_EXCL, holds pid, host, start
//   <out>/.pim-audit/sets/<id>/<file>          one complete set per run; the newest is the staging folder until used
//   <out>/.pim-audit/current -> sets/<id>      the set readers see, replaced by a single rename(2): the commit
//   <out>/<file> -> .pim-audit/current/<file>  each report name, a fixed link through `current`
//
// A directory cannot be swapped with another by one rename, but a symbolic link can be replaced by one (as the
// kubelet's AtomicWriter does for ConfigMap volumes). So at any instant, a crash included, every report name in
// <out> resolves into one set: the old one up to the rename of `current`, the new one from it on; a name the
// other set lacks resolves to nothing rather than to a file of another run. The run holding the lock removes
// what a killed run left (sets nothing points at, temporary links) before it writes.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { InputError } from "@pim-audit/model";

export const OUT_STATE_DIR = ".pim-audit";
const LOCK_FILE = "lock";
const SETS_DIR = "sets";
const CURRENT_LINK = "current";

/** The files a run may write into --out; a plain file of one of these names is from a version before links. */
const REPORT_NAME = /^(assignments\.csv|snapshot\.json|findings\.(csv|json|md|sarif|xml))$/;

export interface OutLockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errnoCode(error) === "EPERM";
  }
}

function readOwner(path: string): OutLockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<OutLockOwner>;
    if (typeof owner.pid === "number" && typeof owner.host === "string" && typeof owner.startedAt === "string") {
      return { pid: owner.pid, host: owner.host, startedAt: owner.startedAt };
    }
  } catch {}
  return undefined;
}

function notWritable(dir: string, cause: unknown): InputError {
  return new InputError("OUTPUT_NOT_WRITABLE", `cannot write reports into ${dir} (${errnoCode(cause) ?? "error"}).`, {
    hint: "Give --out a folder you can write to.",
    cause,
  });
}

/** The lock on one --out folder; `release` is synchronous so a signal handler can call it. */
export class OutLock {
  readonly #createdDir: boolean;
  #released = false;
  #committed = false;

  constructor(
    readonly dir: string,
    readonly path: string,
    createdDir: boolean,
  ) {
    this.#createdDir = createdDir;
  }

  /** Set once a report set has been swapped in. */
  get committed(): boolean {
    return this.#committed;
  }

  markCommitted(): void {
    this.#committed = true;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    rmSync(this.path, { force: true });
    // A run that wrote nothing leaves no trace of itself in a folder it had to create.
    if (this.#committed) return;
    for (const dir of [join(this.dir, OUT_STATE_DIR, SETS_DIR), join(this.dir, OUT_STATE_DIR)]) {
      try {
        rmdirSync(dir);
      } catch {}
    }
    if (this.#createdDir) {
      try {
        rmdirSync(this.dir);
      } catch {}
    }
  }
}

/**
 * Creates --out when missing and takes its lock (exit 2 naming the lock when another live run holds it; a lock
 * left by a process of this host that no longer runs is removed). Then removes what killed runs left.
 */
export function lockOut(dir: string, onNotice: (message: string) => void = () => {}): OutLock {
  let createdDir = false;
  try {
    createdDir = mkdirSync(dir, { recursive: true }) !== undefined;
    mkdirSync(join(dir, OUT_STATE_DIR, SETS_DIR), { recursive: true });
  } catch (cause) {
    throw notWritable(dir, cause);
  }
  const path = join(dir, OUT_STATE_DIR, LOCK_FILE);
  const me: OutLockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (cause) {
      if (errnoCode(cause) !== "EEXIST") throw notWritable(dir, cause);
      const owner = readOwner(path);
      if (attempt === 0 && owner && owner.host === me.host && !isAlive(owner.pid)) {
        rmSync(path, { force: true });
        onNotice(`removed a stale lock ${path} left by pid ${owner.pid}, which no longer runs.`);
        continue;
      }
      const who = owner
        ? `pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}`
        : "a run whose lock file cannot be read";
      throw new InputError("OUTPUT_LOCKED", `--out ${dir} is locked by another pim-audit run (${who}): ${path}.`, {
        hint: "Wait for that run to end, or give another --out; if no such run is alive, delete the lock file.",
      });
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    break;
  }
  const lock = new OutLock(dir, path, createdDir);
  try {
    removeLeftovers(dir);
  } catch (cause) {
    lock.release();
    throw notWritable(dir, cause);
  }
  return lock;
}

function currentSet(dir: string): string | undefined {
  try {
    const target = readlinkSync(join(dir, OUT_STATE_DIR, CURRENT_LINK));
    return target.startsWith(`${SETS_DIR}/`) ? target.slice(SETS_DIR.length + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Sets nothing points at (a killed run's staging, a set replaced before its removal) and temporary links. */
function removeLeftovers(dir: string): void {
  const state = join(dir, OUT_STATE_DIR);
  const keep = currentSet(dir);
  for (const name of readdirSync(join(state, SETS_DIR))) {
    if (name !== keep) rmSync(join(state, SETS_DIR, name), { recursive: true, force: true });
  }
  for (const name of readdirSync(state)) {
    if (name.startsWith(`${CURRENT_LINK}.`)) rmSync(join(state, name), { force: true });
  }
  for (const name of readdirSync(dir))
    if (name.startsWith(".pim-audit-link-")) rmSync(join(dir, name), { force: true });
}

/** A new, empty set folder to write this run's files into. */
export function stageSet(lock: OutLock): { id: string; dir: string } {
  const id = `${new Date().toISOString().replace(/[:.]/g, "")}-${process.pid}-${randomBytes(4).toString("hex")}`;
  const dir = join(lock.dir, OUT_STATE_DIR, SETS_DIR, id);
  try {
    mkdirSync(dir);
  } catch (cause) {
    throw notWritable(lock.dir, cause);
  }
  return { id, dir };
}

export function discardSet(set: { dir: string }): void {
  rmSync(set.dir, { recursive: true, force: true, maxRetries: 3 });
}

function linkTarget(name: string): string {
  return `${OUT_STATE_DIR}/${CURRENT_LINK}/${name}`;
}

/** Points `<dir>/<name>` at `target` by one rename, whatever was there (a plain file, another link). */
function replaceWithLink(dir: string, name: string, target: string): void {
  const temp = join(dir, `.pim-audit-link-${randomBytes(6).toString("hex")}`);
  symlinkSync(target, temp);
  try {
    renameSync(temp, join(dir, name));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function pointCurrentAt(dir: string, setId: string): void {
  const state = join(dir, OUT_STATE_DIR);
  const temp = join(state, `${CURRENT_LINK}.${randomBytes(6).toString("hex")}`);
  symlinkSync(`${SETS_DIR}/${setId}`, temp);
  renameSync(temp, join(state, CURRENT_LINK));
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Report files an older pim-audit wrote as plain files join the current set (a set of their own when there is
 * none), then become links: each link shows the same bytes as the file it replaces, so nothing a reader sees
 * changes.
 */
function adoptPlainFiles(dir: string): void {
  const plain = readdirSync(dir).filter((name) => REPORT_NAME.test(name) && lstatOrNull(join(dir, name))?.isFile());
  if (plain.length === 0) return;
  let setId = currentSet(dir);
  if (!setId) {
    setId = `adopted-${randomBytes(4).toString("hex")}`;
    mkdirSync(join(dir, OUT_STATE_DIR, SETS_DIR, setId));
    pointCurrentAt(dir, setId);
  }
  for (const name of plain) {
    const kept = join(dir, OUT_STATE_DIR, SETS_DIR, setId, name);
    if (!lstatOrNull(kept)) {
      try {
        linkSync(join(dir, name), kept);
      } catch {
        copyFileSync(join(dir, name), kept);
      }
    }
    replaceWithLink(dir, name, linkTarget(name));
  }
}

/** Whether this folder takes symbolic links (Windows without the privilege, some network shares do not). */
function linksWork(dir: string): boolean {
  const probe = join(dir, OUT_STATE_DIR, `${CURRENT_LINK}.probe-${randomBytes(4).toString("hex")}`);
  try {
    symlinkSync(SETS_DIR, probe);
    unlinkSync(probe);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "EINVAL") return false;
    throw error;
  }
}

/**
 * Swaps the staged set in: links for its names, then the rename of `current` (the commit), then the removal of
 * links the new set has no file for and of the old set. Synchronous, so a signal is handled before or after it.
 * Where links cannot be made, the files are renamed into place one by one instead (and `fallback` says so).
 */
export function commitSet(lock: OutLock, set: { id: string; dir: string }, names: string[]): { fallback: boolean } {
  const { dir } = lock;
  const wanted = new Set(names);
  // A folder under a report name would stop the swap half way: refuse before changing anything.
  for (const name of names) {
    if (lstatOrNull(join(dir, name))?.isDirectory()) {
      throw Object.assign(new Error(`${join(dir, name)} is a folder`), { code: "EISDIR" });
    }
  }
  if (!linksWork(dir)) {
    for (const name of names) renameSync(join(set.dir, name), join(dir, name));
    for (const name of readdirSync(dir)) {
      if (REPORT_NAME.test(name) && !wanted.has(name)) rmSync(join(dir, name), { force: true });
    }
    lock.markCommitted();
    discardSet(set);
    return { fallback: true };
  }
  adoptPlainFiles(dir);
  for (const name of names) {
    const path = join(dir, name);
    const stat = lstatOrNull(path);
    if (stat?.isSymbolicLink() && readlinkSync(path) === linkTarget(name)) continue;
    replaceWithLink(dir, name, linkTarget(name));
  }
  pointCurrentAt(dir, set.id);
  lock.markCommitted();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (wanted.has(name) || !lstatOrNull(path)?.isSymbolicLink()) continue;
    if (readlinkSync(path) === linkTarget(name)) rmSync(path, { force: true });
  }
  removeLeftovers(dir);
  return { fallback: false };
}
