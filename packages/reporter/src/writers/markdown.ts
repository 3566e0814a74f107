// Markdown pieces shared by findings.md, the GitHub job summary and the drift report.
import { escapeControls } from "@pim-audit/model";

/** Text safe inside a table cell: one line, no pipes, no markup, no @mentions or HTML, no control characters. */
export function mdCell(text: string | null | undefined): string {
  if (text === null || text === undefined || text === "") return "";
  return escapeControls(text.replace(/\r\n|\r|\n/g, " "))
    .replace(/[\\`*_[\]<>|~@&]/g, (c) => `\\${c}`)
    .trim();
}

/** An inline code span: names from policies and tenants cannot close it or break the table. */
export function mdCode(text: string): string {
  return `\`${escapeControls(text.replace(/[`\r\n]+/g, " ")).replace(/\|/g, "\\|")}\``;
}

export function mdTable(header: readonly string[], align: readonly ("l" | "r")[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`];
}

export function mdRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** Rows rendered on demand: a report of 100k findings shows a few hundred rows and only counts the rest. */
export interface LazyRows {
  readonly length: number;
  row(index: number): string;
}

export function lazyRows<T>(items: readonly T[], render: (item: T) => string): LazyRows {
  return { length: items.length, row: (index) => render(items[index]!) };
}

export interface MdSection {
  /** Lines printed before the rows (heading, table header); shown only if at least one row fits. */
  head: string[];
  rows: readonly string[] | LazyRows;
  /** Counted as findings in the truncation note. */
  countsAsFindings: boolean;
  /** Lines after the rows (a blank line). */
  tail: string[];
}

const rowAt = (rows: MdSection["rows"], index: number): string =>
  Array.isArray(rows) ? (rows as readonly string[])[index]! : (rows as LazyRows).row(index);

/**
 * The whole text when it is at most `limit` characters, else undefined; rendering stops as soon as the text
 * is known to be longer, so a long report costs only the rows that could be shown.
 */
function wholeWithin(preamble: readonly string[], sections: readonly MdSection[], limit: number): string | undefined {
  const lines: string[] = [];
  let length = 0;
  // Newlines at the very end are dropped by joinLines, so only the text up to the last other character counts.
  let trailingNewlines = 0;
  const add = (line: string): boolean => {
    const separator = lines.length ? 1 : 0;
    lines.push(line);
    length += separator + line.length;
    const content = line.endsWith("\n") ? line.replace(/\n+$/, "").length : line.length;
    trailingNewlines = content ? line.length - content : trailingNewlines + separator + line.length;
    return length - trailingNewlines + 1 <= limit;
  };
  for (const line of preamble) if (!add(line)) return undefined;
  for (const section of sections) {
    if (!section.rows.length) continue;
    for (const line of section.head) if (!add(line)) return undefined;
    for (let i = 0; i < section.rows.length; i++) if (!add(rowAt(section.rows, i))) return undefined;
    for (const line of section.tail) if (!add(line)) return undefined;
  }
  return joinLines(lines);
}

/**
 * Joins the fixed preamble and the sections, dropping whole rows (never part of one) once the text
 * would pass `limit` characters, and says how many were left out.
 */
export function fitMarkdown(preamble: string[], sections: MdSection[], limit: number, where: string): string {
  const whole = wholeWithin(preamble, sections, limit);
  if (whole !== undefined) return whole;

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
    for (let i = 0; i < section.rows.length; i++) {
      if (!fitting) {
        // Past the first row that did not fit nothing more is shown: the rest is only counted.
        if (section.countsAsFindings) omittedFindings += section.rows.length - i;
        else omittedOther += section.rows.length - i;
        break;
      }
      const row = rowAt(section.rows, i);
      const add = (started ? 0 : section.head.reduce((n, l) => n + l.length + 1, 0)) + row.length + 1;
      if (length + add + section.tail.join("\n").length + 1 + reserve <= limit) {
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
