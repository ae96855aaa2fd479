/**
 * HTML output (the auditors' static site). Element text and attribute values
 * in the one HTML template (templates/html/layout.html.hbs) are escaped by
 * Handlebars' default escaping; the page body is HTML made from Markdown
 * whose every value was escaped (markdown.ts). Here: data embedded in a
 * script (`scriptJson`) and the generated-file banner inside a comment
 * (`commentText`); and the values of the HTML layout (`htmlView`). In all
 * of them bidirectional controls show as escapes (bidi.ts). Element text
 * written by code (the backtest's report) is `xmlText` (xml.ts).
 */
import { escapeBidi } from "./bidi.js";

const commentEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * JSON that is safe inside <script> and in a JavaScript file: `<`, `>` and `&`
 * cannot close the script or open a comment, and U+2028/U+2029 (line
 * terminators in older JavaScript) cannot end a string literal.
 */
export function scriptJson(value: unknown, indent?: number): string {
  // The page shows these strings (search results): a control would reorder them there, so it is escaped in the data itself.
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? escapeBidi(v) : v), indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Text inside a comment of a generated HTML, CSS or JavaScript file, on one
 * line: no line breaks, and nothing that can end the comment early (`-->`,
 * `--!>`, `*\/`) or open a nested one.
 */
export function commentText(value: unknown): string {
  return escapeBidi(String(value ?? ""))
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[<>&]/g, (c) => commentEntities[c]!)
    .replace(/-(?=-)/g, "-\u200b")
    .replace(/\*\//g, "*\u200b/");
}

/**
 * Values for Handlebars' HTML escaping (title, file names, navigation): every string with its
 * bidirectional controls shown as escapes, since Handlebars escapes markup only.
 */
export function htmlView<T>(value: T): T {
  if (typeof value === "string") return escapeBidi(value) as T;
  if (Array.isArray(value)) return value.map(htmlView) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, htmlView(v)])) as T;
}
