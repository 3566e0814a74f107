// Write to a temporary name beside the target and rename, so a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { OutputFile } from "../types.js";
import { type WrittenContent, writeContent } from "./write-content.js";

export async function writeFileAtomic(path: string, content: OutputFile["content"]): Promise<WrittenContent> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const written = await writeContent(temp, content, "wx");
    await rename(temp, path);
    return written;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
