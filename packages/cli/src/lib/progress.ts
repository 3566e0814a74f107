// Collection progress on stderr: one live line on a terminal, plain lines in CI, nothing with --json.
export type ProgressSink = (event: unknown) => void;

interface ProgressLike {
  kind?: string;
  collection?: string;
  pages?: number;
  items?: number;
  retries?: number;
  message?: string;
  delayMs?: number;
  piece?: string;
  reason?: string;
}

export function progressReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): {
  sink: ProgressSink;
  done: () => void;
} {
  const stream = options.stream ?? process.stderr;
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let lastLine = "";
  if (options.quiet) return { sink: () => {}, done: () => {} };
  const sink: ProgressSink = (raw) => {
    const event = (raw ?? {}) as ProgressLike;
    const line = describe(event);
    if (!line) return;
    if (live) {
      stream.write(`\r\x1b[2K${line}`);
      lastLine = line;
    } else if (event.kind !== "page") {
      stream.write(`${line}\n`);
    }
  };
  return {
    sink,
    done: () => {
      if (live && lastLine) stream.write("\r\x1b[2K");
    },
  };
}

function describe(e: ProgressLike): string {
  const where = e.collection ? `${e.collection}` : "";
  const counts = [
    e.pages !== undefined ? `${e.pages} page${e.pages === 1 ? "" : "s"}` : "",
    e.items !== undefined ? `${e.items} item${e.items === 1 ? "" : "s"}` : "",
    e.retries ? `${e.retries} retr${e.retries === 1 ? "y" : "ies"}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  switch (e.kind) {
    case "retry":
      return `collecting ${where}: retrying${e.delayMs ? ` in ${Math.ceil(e.delayMs / 1000)} s` : ""}${e.message ? ` (${e.message})` : ""}`;
    case "gap":
      return `collecting ${where}: not readable, recorded as a gap: ${e.reason ?? e.message ?? e.piece ?? ""}`;
    case "collection-done":
      return `collected ${where}${counts ? `: ${counts}` : ""}`;
    case "collection-start":
      return `collecting ${where}...`;
    default:
      return e.message ?? (where ? `collecting ${where}${counts ? `: ${counts}` : ""}` : "");
  }
}
