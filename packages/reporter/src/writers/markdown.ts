// Markdown pieces shared by findings.md, the GitHub job summary and the drift report.

/** Text safe inside a table cell: one line, no pipes, no markup, no @mentions or HTML. */
export function mdCell(text: string | null | undefined): string {
  if (text === null || text === undefined || text === "") return "";
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]<>|~@&]/g, (c) => `\\${c}`)
    .trim();
}

/** An inline code span: names from policies and tenants cannot close it or break the table. */
export function mdCode(text: string): string {
  return `\`${text.replace(/[`\r\n]+/g, " ").replace(/\|/g, "\\|")}\``;
}

export function mdTable(header: readonly string[], align: readonly ("l" | "r")[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`];
}

export function mdRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export interface MdSection {
  /** Lines printed before the rows (heading, table header); shown only if at least one row fits. */
  head: string[];
  rows: string[];
  /** Counted as findings in the truncation note. */
  countsAsFindings: boolean;
  /** Lines after the rows (a blank line). */
  tail: string[];
}

/**
 * Joins the fixed preamble and the sections, dropping whole rows (never part of one) once the text
 * would pass `limit` characters, and says how many were left out.
 */
export function fitMarkdown(preamble: string[], sections: MdSection[], limit: number, where: string): string {
  const full = [...preamble, ...sections.flatMap((s) => (s.rows.length ? [...s.head, ...s.rows, ...s.tail] : []))];
  const fullText = joinLines(full);
  if (fullText.length <= limit) return fullText;

  const totalRows = sections.reduce((n, s) => n + s.rows.length, 0);
  const note = (findings: number, other: number) =>
    `> **Truncated** to fit a pull-request comment: ${findings} more finding row(s)` +
    `${other ? ` and ${other} other row(s)` : ""} not shown. ${where}`;
  const reserve = note(totalRows, totalRows).length + 2;
  const lines = [...preamble];
  let length = `${lines.join("\n")}\n`.length;
  let omittedFindings = 0;
  let omittedOther = 0;
  let fitting = true;
  for (const section of sections) {
    let started = false;
    for (const row of section.rows) {
      const add = (started ? 0 : section.head.reduce((n, l) => n + l.length + 1, 0)) + row.length + 1;
      if (fitting && length + add + section.tail.join("\n").length + 1 + reserve <= limit) {
        if (!started) lines.push(...section.head);
        started = true;
        lines.push(row);
        length += add;
      } else {
        fitting = false;
        if (section.countsAsFindings) omittedFindings++;
        else omittedOther++;
      }
    }
    if (started) {
      lines.push(...section.tail);
      length += section.tail.reduce((n, l) => n + l.length + 1, 0);
    }
  }
  lines.push(note(omittedFindings, omittedOther));
  return joinLines(lines);
}

function joinLines(lines: string[]): string {
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
