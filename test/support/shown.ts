// How a name from the tenant is shown in the human-facing outputs, for tests that compare them with the snapshot.
import { escapeControls } from "@pim-audit/model";

/** A CSV cell: control characters as a visible \uXXXX, a formula prefix defused with ' (OWASP's CSV injection advice). */
export function csvCell(text: string): string {
  const shown = escapeControls(text, { keepWhitespace: true });
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(shown) ? `'${shown}` : shown;
}
