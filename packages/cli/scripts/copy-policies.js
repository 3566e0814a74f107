// Ships the policy packs inside the CLI package so `--policy baseline` works from an install too.
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const from = new URL("../../../policies/", import.meta.url);
const to = new URL("../policies/", import.meta.url);
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (/\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name)) cpSync(new URL(name, from), new URL(name, to));
}
