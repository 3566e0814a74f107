// How a name from the tenant is shown in the human-facing outputs, for tests that compare them with the snapshot.
import { escapeControls } from "@pim-audit/model";

/** A CSV cell: control characters as a visible \uXXXX, a formula prefix defused with ' (OWASP's CSV injection advice). */
export function csvCell(text: string): string {
  const shown = escapeControls(text, { keepWhitespace: true });
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(shown) ? `'${shown}` : shown;
}

/** A Markdown table cell (findings.md, the job summary): one line, markup and controls escaped. */
export function mdShown(text: string): string {
  return escapeControls(text.replace(/\r\n|\r|\n/g, " "))
    .replace(/[\\`*_[\]<>|~@&]/g, (c) => `\\${c}`)
    .trim();
}

/** XML character data (findings.xml): controls as \uXXXX, then & < > as entities. */
export function xmlShown(text: string): string {
  return escapeControls(text, { keepWhitespace: true })
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** The message of a GitHub workflow command: controls as \uXXXX, then the toolkit's % CR LF encoding. */
export function annotationShown(text: string): string {
  return escapeControls(text, { keepWhitespace: true })
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A");
}
