// Every pim-audit command: one-line errors with documented exit codes, --debug for the stack. Whatever it
// prints passes escapeControls: a name from a tenant or a file never sends a terminal an escape sequence.
import { Command, Flags, type Interfaces, ux } from "@oclif/core";
import { closest, ExitCode, escapeControls, escapeJsonControls, InputError, isPimAuditError } from "@pim-audit/model";
import { interruptSignal } from "./interrupt.js";

const KEEP_WHITESPACE = { keepWhitespace: true } as const;

// oclif's own FlagOutput/ArgOutput, which its interfaces entry point does not export.
// biome-ignore lint/suspicious/noExplicitAny: mirrors oclif's definition.
type FlagOutput = { [name: string]: any };
type ArgOutput = FlagOutput;
type Input<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput> = Interfaces.Input<F, B, A>;
type ParserOutput<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput> = Interfaces.ParserOutput<F, B, A>;

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: "Show stack traces and Graph request ids (for a support ticket).",
      helpGroup: "GLOBAL",
    }),
  };

  /** Flags parsed as oclif does, then an empty value (`--out ""`) refused: it would silently mean a default. */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Input<F, B, A>,
    argv?: string[],
  ): Promise<ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv);
    for (const [name, value] of Object.entries(parsed.flags as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === "string" && v.trim() === ""))
        throw new InputError("FLAG_INVALID", `--${name}: empty value.`, {
          hint: `Give --${name} a value, or leave it out.`,
        });
    }
    return parsed;
  }

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
    // The interrupt handler cleans up, says what was left and exits 130 / 143; nothing more is said here.
    if (interruptSignal.aborted) return new Promise<never>(() => {});
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
    const detail = err.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim())
      .find((line) => line !== "" && !line.startsWith("See more help"));
    const parsing = /^Parsing (--[\w-]+)/.exec(first);
    if (parsing?.[1]) return `${this.describeFlagValue(parsing[1], detail)} See pim-audit ${this.id} --help.`;
    // oclif's relationship errors ("--from=x cannot also be provided when using --demo") come after a heading line.
    const text = /following errors? occurred/i.test(first) && detail ? detail : first;
    return `${text.replace(/\.$/, "")}. See pim-audit ${this.id ?? ""} --help.`.replace("  ", " ");
  }

  /** "--concurrency: 'abc' is not a whole number from 1 to 16." from oclif's "Parsing --concurrency / Expected an integer ...". */
  private describeFlagValue(flag: string, detail: string | undefined): string {
    const definition = (
      { ...this.ctor.flags, ...this.ctor.baseFlags } as Record<
        string,
        { min?: number; max?: number; type?: string; options?: readonly string[] }
      >
    )[flag.slice(2)];
    const received = detail ? /received:?\s*(.*)$/.exec(detail)?.[1] : undefined;
    const value = received === undefined ? "" : ` '${received.slice(0, 40)}'`;
    if (definition && (definition.min !== undefined || definition.max !== undefined || /integer/i.test(detail ?? ""))) {
      const range =
        definition.min !== undefined && definition.max !== undefined
          ? ` from ${definition.min} to ${definition.max}`
          : definition.min !== undefined
            ? ` of at least ${definition.min}`
            : definition.max !== undefined
              ? ` of at most ${definition.max}`
              : "";
      return `${flag}:${value} is not a whole number${range}.`;
    }
    if (definition?.options) return `${flag}:${value} is not one of ${definition.options.join(", ")}.`;
    return `${flag}: ${(detail ?? "invalid value").replace(/\.$/, "")}.`;
  }
}

function isParserError(err: Error): boolean {
  return /Flag|Arg|Nonexistent|Unexpected argument|Missing required|Expected/.test(err.constructor.name + err.message);
}
