// Control characters from a tenant or a file, made harmless before they reach a report or a terminal: an escape
// sequence in a display name must not drive a terminal, a bidi override must not reorder what an auditor reads.

// C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates, and the line and
// paragraph separators (Unicode's Cc, its bidi formatting characters, Zl and Zp). JSON.stringify escapes C0 only.
const WHITESPACE = "\\t\\n\\r";
const C0_NOT_WHITESPACE = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F";
const NOT_C0 = "\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069";

const CONTROL = new RegExp(`[${WHITESPACE}${C0_NOT_WHITESPACE}${NOT_C0}]`);
const CONTROLS = new RegExp(CONTROL.source, "g");
// Tab, LF and CR left to a format that allows or escapes them itself.
const CONTROL_NOT_WHITESPACE = new RegExp(`[${C0_NOT_WHITESPACE}${NOT_C0}]`);
const CONTROLS_NOT_WHITESPACE = new RegExp(CONTROL_NOT_WHITESPACE.source, "g");
const JSON_RAW = new RegExp(`[${NOT_C0}]`);
const JSON_RAWS = new RegExp(JSON_RAW.source, "g");

const hex = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");

/**
 * The text with every control character written as a visible `\uXXXX` (ESC becomes `\u001B`), so a reader
 * sees that it was there; `keepWhitespace` leaves tab, LF and CR to a format that escapes them itself.
 */
export function escapeControls(text: string, options: { keepWhitespace?: boolean } = {}): string {
  if (options.keepWhitespace) {
    return CONTROL_NOT_WHITESPACE.test(text) ? text.replace(CONTROLS_NOT_WHITESPACE, (c) => `\\u${hex(c)}`) : text;
  }
  return CONTROL.test(text) ? text.replace(CONTROLS, (c) => `\\u${hex(c)}`) : text;
}

/**
 * JSON text with the controls JSON.stringify leaves raw (DEL, C1, bidi formatting, U+2028/9) as `\uxxxx`
 * escapes: the same value to a parser, and nothing a terminal or an editor acts on. They occur only in strings.
 */
export function escapeJsonControls(json: string): string {
  return JSON_RAW.test(json) ? json.replace(JSON_RAWS, (c) => `\\u${hex(c).toLowerCase()}`) : json;
}

/** Whether the text holds a control character (tab, LF and CR not counted with `keepWhitespace`). */
export function hasControls(text: string, options: { keepWhitespace?: boolean } = {}): boolean {
  return (options.keepWhitespace ? CONTROL_NOT_WHITESPACE : CONTROL).test(text);
}
