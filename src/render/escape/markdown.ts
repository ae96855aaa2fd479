/**
 * Markdown output read on GitHub (the PR comment, the job summary, the
 * generated docs) and turned into HTML for the static site. A value from a
 * policy, a file name or a lead becomes plain text on one line: it cannot
 * open a link (bare URLs included), an image, raw HTML (`</details>`, `<!--`), emphasis, a table
 * cell or a new line, an `@name` does not notify anyone and an e-mail address is no link; bidirectional
 * controls show as escapes (bidi.ts), so nothing reorders the text around them.
 *
 * Markup leadrules writes itself is a `Markdown` value; the `md` template tag
 * escapes every interpolated string and passes `Markdown` through, so
 * string-built reports are escaped by construction.
 */
import { escapeControls } from "./bidi.js";

/** Markdown source leadrules wrote itself (headings, tables, emphasis around escaped values). */
export class Markdown {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;" };

/** A value as inline Markdown text: one line, no markup, no mentions, no bidirectional control. */
export function escapeMarkdown(value: unknown): string {
  return (
    // Bidirectional controls first, so the backslash of their escape is escaped with the others below.
    escapeControls(String(value ?? ""))
      // CommonMark ends lines at LF, CR and CRLF; a value stays on its line (and in its table cell).
      .replace(/\r\n|\r|\n/g, " ")
      // Without `<` no HTML, comment or autolink can open; `>` only matters where it would start a quote.
      .replace(/[&<]/g, (c) => entities[c]!)
      .replace(/^(\s*)>/, "$1&gt;")
      .replace(/[\\`*_[\]|~]/g, "\\$&")
      // Where a value starts a line it must not start a heading, a list, a quote or a thematic break.
      .replace(/^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s))/, "$1\\$2")
      .replace(/^(\s*)([-=])(?=(?:\s*[-=]){2,}\s*$)/, "$1\\$2")
      .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2")
      // GitHub links bare URLs (scheme:// and www.); an escaped `:` or `.` reads the same and links nothing.
      .replace(/([A-Za-z0-9]):\/\//g, "$1\\://")
      .replace(/\b(www)\./gi, "$1\\.")
      // GitHub turns @name into a notification and name@domain.tld into a mailto: link, the latter after escapes
      // are read; a zero-width space after the @ stops both.
      .replace(/@(?=[A-Za-z0-9])/g, "@\u200b")
  );
}

/**
 * Where a code span sits. CommonMark reads nothing inside a code span as markup, so a backslash there is a
 * character of the value (a prose escape like `Job\_Function` would show its backslashes). A GFM table is
 * the one exception: it splits its row into cells before it reads code spans, so a `|` of the value must be
 * written `\|` in a table cell (GitHub and `marked` show `|`) and as itself anywhere else.
 */
export type CodeSpanPlacement = "text" | "table-cell";

/** A code span made by `markdownCode`; it keeps its value so a table row can write it for a cell. */
export class MarkdownCode extends Markdown {
  constructor(
    source: string,
    readonly value: string,
  ) {
    super(source);
  }
}

/**
 * A value as an inline code span, the one rule for code spans: shown verbatim, on one line, and it cannot
 * close the span early or split a table row. The fence is one backtick longer than the longest backtick run
 * inside (CommonMark: a span ends only at a run of the same length). CommonMark strips one space from each
 * end of the content when both ends are spaces, so one space of padding is added then, and when the value
 * starts or ends with a backtick (which would otherwise join the fence).
 */
export function markdownCode(value: unknown, placement: CodeSpanPlacement = "text"): MarkdownCode {
  const text = escapeControls(String(value ?? "")).replace(/\r\n|\r|\n/g, " ");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const stripped = text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "";
  const pad = text.startsWith("`") || text.endsWith("`") || stripped || text === "" ? " " : "";
  const content = placement === "table-cell" ? text.replace(/\|/g, "\\|") : text;
  return new MarkdownCode(`${fence}${pad}${content}${pad}${fence}`, String(value ?? ""));
}

/**
 * A fenced code block whose fence is longer than any backtick or tilde run inside, so the content cannot end it.
 * Code is where a bidirectional control hides best (the policy text diff), so they are shown as escapes here too.
 */
export function markdownCodeBlock(info: string, text: string): Markdown {
  const content = escapeControls(text);
  const longestRun = Math.max(2, ...(content.match(/^[ \t]*`+/gm) ?? []).map((run) => run.trim().length));
  const fence = "`".repeat(longestRun + 1);
  return new Markdown(`${fence}${info}\n${content}\n${fence}`);
}

/** Markdown from a template literal: the literal parts are leadrules' own markup, every interpolated value is escaped unless it is `Markdown`. */
export function md(strings: TemplateStringsArray, ...values: unknown[]): Markdown {
  let source = strings[0]!;
  values.forEach((value, i) => {
    source += (value instanceof Markdown ? value.source : escapeMarkdown(value)) + strings[i + 1]!;
  });
  return new Markdown(source);
}

/** Joins Markdown values (and escaped plain values) with a separator of leadrules' own. */
export function joinMarkdown(parts: readonly unknown[], separator: string): Markdown {
  return new Markdown(parts.map((p) => (p instanceof Markdown ? p.source : escapeMarkdown(p))).join(separator));
}

/**
 * One row of a GitHub table: every cell escaped unless it is `Markdown`, and on one line; a cell that is one
 * code span is written for a table cell. (A code span inside a longer Markdown cell must be made with the
 * "table-cell" placement by its writer.)
 */
export function markdownTableRow(cells: readonly unknown[]): string {
  const cell = (c: unknown) =>
    c instanceof MarkdownCode
      ? markdownCode(c.value, "table-cell").source
      : c instanceof Markdown
        ? c.source.replace(/\r\n|\r|\n/g, " ")
        : escapeMarkdown(c);
  return `| ${cells.map(cell).join(" | ")} |`;
}

/** A GitHub table: a header, its delimiter row and rows of escaped cells. */
export function markdownTable(header: readonly unknown[], rows: readonly (readonly unknown[])[]): Markdown {
  return new Markdown([markdownTableRow(header), `|${header.map(() => " --- |").join("")}`, ...rows.map(markdownTableRow)].join("\n"));
}
