// Finds every pim-audit command line in the README and the example pipelines, and checks each
// against the current CLI's own parser (the same oclif parse the command would run).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Config, Parser } from "@oclif/core";
import { repoRoot } from "./cli.js";

export interface CommandLine {
  source: string;
  line: string;
  argv: string[];
}

/** Shell-like split, with CI expressions and variables standing in as plain words. */
export function splitCommandLine(text: string): string[] {
  const cleaned = text
    .replace(/\$\{\{[^}]*\}\}/g, "VALUE")
    .replace(/\$\([^)]*\)/g, "VALUE")
    .replace(/\s+#.*$/, "");
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of cleaned.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words.map((w) => w.replace(/\$\{?[A-Z_][A-Z0-9_]*\}?/g, "VALUE"));
}

export function commandLinesIn(text: string, source: string): CommandLine[] {
  const found: CommandLine[] = [];
  for (const raw of text.split("\n")) {
    // A command line starts the line (or a YAML run/script value, or follows &&); prose and comments do not count.
    const match = /^(?:-\s*)?(?:(?:run|script):\s*)?(?:.*&&\s*)?pim-audit(\s[^`|]*)$/.exec(raw.trim());
    if (!match || raw.trim().startsWith("#") || /npm install|pim-audit@/.test(raw)) continue;
    const rest = (match[1] ?? "").replace(/\s+\|\|.*$/, "").trim();
    const line = `pim-audit ${rest}`;
    found.push({ source, line, argv: splitCommandLine(rest) });
  }
  return found;
}

export function readmeCommandLines(): CommandLine[] {
  const text = readFileSync(join(repoRoot, "README.md"), "utf8");
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  // Inline code that carries flags is a command line too; a bare `pim-audit drift` is a mention.
  const inline = [...text.matchAll(/`(pim-audit [^`]+)`/g)].map((m) => m[1] ?? "").filter((c) => c.includes(" --"));
  return [...blocks, inline.join("\n")].flatMap((b) => commandLinesIn(b, "README.md"));
}

let config: Config | undefined;

/** Parses argv as the CLI would; resolves to an error message, or undefined when it is valid. */
export async function checkCommandLine(argv: string[]): Promise<string | undefined> {
  config ??= await Config.load(join(repoRoot, "packages/cli"));
  const words = [...argv];
  if (words[0] === "--version" || words[0] === "--help" || words[0] === "help") return undefined;
  let id: string | undefined;
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const candidate = words.slice(0, n).join(":");
    if (config.findCommand(candidate)) {
      id = candidate;
      words.splice(0, n);
      break;
    }
  }
  if (!id) return `no command '${words.slice(0, 2).join(" ")}'`;
  const command = await config.findCommand(id)?.load();
  if (!command) return `command ${id} does not load`;
  try {
    await Parser.parse(words, {
      flags: {
        ...command.baseFlags,
        ...command.flags,
        ...(command.enableJsonFlag ? { json: { type: "boolean" } as never } : {}),
      },
      args: command.args,
      strict: command.strict,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
}
