// Every pim-audit command: one-line errors with documented exit codes, --debug for the stack. Whatever it
// prints passes escapeControls: a name from a tenant or a file never sends a terminal an escape sequence.
import { Command, Flags, type Interfaces, ux } from "@oclif/core";
import { closest, ExitCode, escapeControls, escapeJsonControls, isPimAuditError } from "@pim-audit/model";

const KEEP_WHITESPACE = { keepWhitespace: true } as const;

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: "Show stack traces and Graph request ids (for a support ticket).",
      helpGroup: "GLOBAL",
    }),
  };

  protected get debugEnabled(): boolean {
    return this.argv.includes("--debug") || process.env.PIM_AUDIT_DEBUG === "1";
  }

  /** Writes to stdout, as oclif does, with control characters other than line ends made visible. */
  override log(message = "", ...args: unknown[]): void {
    super.log(escapeControls(message, KEEP_WHITESPACE), ...args);
  }

  /** --json output as oclif writes it, with the controls JSON.stringify leaves raw (C1, bidi) escaped too. */
  override logJson(json: unknown): void {
    ux.stdout(escapeJsonControls(ux.colorizeJson(json, { pretty: true, theme: this.config.theme?.json })));
  }

  /** Writes a progress or status line to stderr, never to stdout. */
  protected note(message: string): void {
    process.stderr.write(`${escapeControls(message)}\n`);
  }

  /** A one-line notice on stderr about an input (for example a converted snapshot version). */
  protected readonly notice = (message: string): void => {
    process.stderr.write(`pim-audit: ${escapeControls(message)}\n`);
  };

  protected override async catch(err: Interfaces.CommandError & { oclif?: { exit?: number } }): Promise<void> {
    // this.exit() and oclif's own exits pass through untouched.
    if (err.message?.startsWith("EEXIT:")) throw err;
    let exitCode: number;
    let code: string;
    let lines: string[];
    if (isPimAuditError(err)) {
      exitCode = err.exitCode;
      code = err.code;
      lines = err.toOneLine().split("\n");
    } else if (err.oclif?.exit === 2 || isParserError(err)) {
      // The arguments were parsed and refused; oclif would otherwise warn that parse was never called.
      this.parsed = true;
      exitCode = ExitCode.BadInput;
      code = "FLAG_INVALID";
      lines = [this.describeParseError(err)];
    } else {
      exitCode = ExitCode.Internal;
      code = "INTERNAL";
      lines = [`internal error: ${err.message}. Run again with --debug and report the output.`];
    }
    process.exitCode = exitCode;
    if (this.jsonEnabled()) {
      this.logJson({ error: { code, exitCode, message: lines.join("\n") } });
    }
    for (const line of lines) process.stderr.write(`pim-audit: error: ${escapeControls(line)}\n`);
    if (this.debugEnabled) {
      if (isPimAuditError(err) && err.requestIds.length > 0)
        process.stderr.write(`Graph request ids: ${escapeControls(err.requestIds.join(", "))}\n`);
      process.stderr.write(`${escapeControls(err.stack ?? "", KEEP_WHITESPACE)}\n`);
      let cause = (err as Error).cause;
      while (cause instanceof Error) {
        process.stderr.write(`caused by: ${escapeControls(cause.stack ?? cause.message, KEEP_WHITESPACE)}\n`);
        cause = cause.cause;
      }
    }
  }

  private describeParseError(err: Error): string {
    const first = (err.message.split("\n")[0] ?? err.message).trim();
    const unknown = /Nonexistent flags?: (.+)$/.exec(first);
    const known = Object.keys({ ...this.ctor.flags, ...this.ctor.baseFlags }).map((f) => `--${f}`);
    if (unknown?.[1]) {
      const given = unknown[1].split(",")[0]?.trim() ?? "";
      const suggestion = closest(given.split("=")[0] ?? given, known);
      return `unknown flag ${given}.${suggestion ? ` Did you mean ${suggestion}?` : ""} See pim-audit ${this.id} --help.`;
    }
    return `${first.replace(/\.$/, "")}. See pim-audit ${this.id ?? ""} --help.`.replace("  ", " ");
  }
}

function isParserError(err: Error): boolean {
  return /Flag|Arg|Nonexistent|Unexpected argument|Missing required|Expected/.test(err.constructor.name + err.message);
}
