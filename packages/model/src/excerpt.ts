// What of an input file an error message may show: never a whole line, never anything that looks
// like a secret. A value is quoted only when it is short, on one line and looks like no credential;
// otherwise the message says what kind of value it was and how long, not what it says.

/** Longest input value (in characters) an error message quotes. */
export const EXCERPT_MAX_CHARS = 40;

const SECRET_WORD =
  /secret|passw|pwd|token|api[-_ ]?key|apikey|bearer|authori[sz]ation|credential|private|signature|sig=/i;
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** A long run without spaces (base64, hex, JWT): key material more often than a name. */
const OPAQUE_RUN = /[A-Za-z0-9+/_.~-]{24,}/;

/** True for text that may hold a credential: `key=value`, a secret-like word, or a long opaque run. */
export function looksSecret(text: string): boolean {
  return text.includes("=") || SECRET_WORD.test(text) || OPAQUE_RUN.test(text.replace(GUID, ""));
}

/** A value as an error message may show it: quoted when short and harmless, else described. */
export function excerpt(value: unknown): string {
  if (typeof value === "string") {
    if (/[\r\n]/.test(value)) return `a text of ${value.split(/\r\n|\r|\n/).length} lines (not shown)`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here.
    if (value.length > EXCERPT_MAX_CHARS || looksSecret(value) || /[\u0000-\u001f\u007f-\u009f]/.test(value))
      return `a text of ${value.length} characters (not shown)`;
    return JSON.stringify(value);
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    const text = String(value);
    return text.length > EXCERPT_MAX_CHARS ? `a ${typeof value} (not shown)` : text;
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/**
 * A message from a parser (JSON.parse, yaml) with any quoted input removed: V8's JSON.parse quotes the
 * text around the error (`Unexpected token 'A', "API_KEY=sk"... is not valid JSON`).
 */
export function withoutQuotedInput(message: string): string {
  const line = (message.replace(/,? "[\s\S]*"(\.\.\.)? is not valid JSON/, " (not valid JSON)").split("\n")[0] ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped here.
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
