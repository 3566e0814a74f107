// Collection progress on stderr: one live line on a terminal, plain lines in CI, nothing with --json.
import type { ProgressEvent } from "@pim-audit/collector";
import { escapeControls } from "@pim-audit/model";

export type ProgressSink = (event: ProgressEvent) => void;

export interface ProgressReporter {
  sink: ProgressSink;
  done: () => void;
}

export async function progressReporter(options: {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
}): Promise<ProgressReporter> {
  if (options.quiet) return { sink: () => {}, done: () => {} };
  const { formatProgress: format } = await import("@pim-audit/collector");
  // Gap reasons and collection names can carry text from Graph: never a raw control character on the terminal.
  const formatProgress = (event: ProgressEvent) => escapeControls(format(event));
  const stream = options.stream ?? process.stderr;
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let items = 0;
  let retries = 0;
  let done = 0;
  let drawn = false;
  const sink: ProgressSink = (event) => {
    if (event.kind === "collection-done") {
      done += 1;
      items += event.items;
    }
    if (event.kind === "retry") retries += 1;
    if (!live) {
      // CI logs get one line per step; page counts would only add noise.
      if (event.kind !== "page") stream.write(`${formatProgress(event)}\n`);
      return;
    }
    if (event.kind === "gap" || event.kind === "retry") {
      stream.write(`\r\x1b[2K${formatProgress(event)}\n`);
    }
    stream.write(
      `\r\x1b[2Kcollecting: ${done} collections done, ${items} items${retries ? `, ${retries} retries` : ""} (${formatProgress(event)})`,
    );
    drawn = true;
  };
  return {
    sink,
    done: () => {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
