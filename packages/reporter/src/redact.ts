// The command line goes into the evidence manifest; secrets given on it must not.
export const REDACTED = "***";

const SECRET_NAME = /secret|password|passphrase|token|api-?key|credential|private-?key/i;
const SECRET_ENV = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /\b(bearer|basic)\s+\S+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/gi;

function scrub(value: string): string {
  return value
    .replace(JWT, REDACTED)
    .replace(BEARER, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A copy of argv with the values of secret flags, secret variables, tokens and URL passwords replaced. */
export function redactCommandLine(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^(--?[A-Za-z][\w-]*)(=(.*))?$/s.exec(arg);
    if (flag && SECRET_NAME.test(flag[1]!)) {
      if (flag[2] !== undefined) {
        out.push(`${flag[1]}=${REDACTED}`);
      } else {
        out.push(arg);
        if (i + 1 < argv.length) {
          out.push(REDACTED);
          i++;
        }
      }
      continue;
    }
    const env = SECRET_ENV.exec(arg);
    if (env && !arg.startsWith("-") && SECRET_NAME.test(env[1]!)) {
      out.push(`${env[1]}=${REDACTED}`);
      continue;
    }
    out.push(scrub(arg));
  }
  return out;
}
