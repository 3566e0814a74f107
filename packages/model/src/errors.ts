// One error hierarchy for the whole tool: a stable code, the exit code it maps to, and a message
// that says what is wrong and what to do.

export const ExitCode = {
  /** No finding at or above --fail-on. */
  Ok: 0,
  /** Findings at or above --fail-on (or a verification that failed). */
  Findings: 1,
  /** Bad input: flags, policy, files. */
  BadInput: 2,
  /** Collection failed or incomplete: auth, permissions, Graph errors after retries. */
  CollectionFailed: 3,
  /** A bug in pim-audit. */
  Internal: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const ERROR_CODES = {
  FLAG_INVALID: ExitCode.BadInput,
  SOURCE_MISSING: ExitCode.BadInput,
  POLICY_INVALID: ExitCode.BadInput,
  POLICY_NOT_FOUND: ExitCode.BadInput,
  FILE_NOT_FOUND: ExitCode.BadInput,
  FILE_UNREADABLE: ExitCode.BadInput,
  SNAPSHOT_INVALID: ExitCode.BadInput,
  CSV_INVALID: ExitCode.BadInput,
  CONFIG_INVALID: ExitCode.BadInput,
  OUTPUT_NOT_WRITABLE: ExitCode.BadInput,
  OUTPUT_LOCKED: ExitCode.BadInput,
  PATH_ESCAPE: ExitCode.BadInput,
  EVIDENCE_EXISTS: ExitCode.BadInput,
  AUTH_FAILED: ExitCode.CollectionFailed,
  PERMISSION_DENIED: ExitCode.CollectionFailed,
  GRAPH_REQUEST_FAILED: ExitCode.CollectionFailed,
  NETWORK_UNREACHABLE: ExitCode.CollectionFailed,
  COLLECTION_INCOMPLETE: ExitCode.CollectionFailed,
  EVIDENCE_INVALID: ExitCode.Findings,
  POLICY_TEST_FAILED: ExitCode.Findings,
  INTERNAL: ExitCode.Internal,
} as const satisfies Record<string, ExitCode>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface SourcePosition {
  file: string;
  /** 1-based; omitted when the error is about the whole file. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export function formatPosition(position: SourcePosition): string {
  let text = position.file;
  if (position.line !== undefined) {
    text += `:${position.line}`;
    if (position.column !== undefined) text += `:${position.column}`;
  }
  return text;
}

export interface PimAuditErrorOptions {
  cause?: unknown;
  /** What to do about it, appended to the message. */
  hint?: string;
  position?: SourcePosition;
  /** The Graph request (method and URL, no secrets) that failed. */
  request?: string;
  /** Graph request-id / client-request-id for a support ticket, shown with --debug. */
  requestIds?: string[];
}

export class PimAuditError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly position: SourcePosition | undefined;
  readonly request: string | undefined;
  readonly requestIds: string[];

  constructor(code: ErrorCode, message: string, options: PimAuditErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = ERROR_CODES[code];
    this.hint = options.hint;
    this.position = options.position;
    this.request = options.request;
    this.requestIds = options.requestIds ?? [];
  }

  /** One line: `where: what is wrong. What to do.` */
  toOneLine(): string {
    const where = this.position ? `${formatPosition(this.position)}: ` : this.request ? `${this.request}: ` : "";
    const hint = this.hint ? ` ${this.hint}` : "";
    return `${where}${this.message}${hint}`.replace(/[\r\n]+/g, " ");
  }
}

/** Bad input: flags, policy files, snapshots, CSV. Exit 2. */
export class InputError extends PimAuditError {}

/** Collection failed or is incomplete. Exit 3. */
export class CollectionError extends PimAuditError {}

/** Evidence or policy tests that do not hold. Exit 1. */
export class VerificationError extends PimAuditError {}

/** A bug: exit 4. */
export class InternalError extends PimAuditError {
  constructor(message: string, options: PimAuditErrorOptions = {}) {
    super("INTERNAL", message, options);
  }
}

/** Several errors found in one pass (every policy error at once, for example). */
export class InputErrors extends InputError {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    const first = errors[0];
    super(first?.code ?? "FLAG_INVALID", errors.map((e) => e.toOneLine()).join("\n"));
    this.errors = errors;
  }
  override toOneLine(): string {
    return this.errors.map((e) => e.toOneLine()).join("\n");
  }
}

export function isPimAuditError(error: unknown): error is PimAuditError {
  return error instanceof PimAuditError;
}
