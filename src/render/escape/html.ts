/**
 * HTML output (the auditors' static site). Element text and attribute values
 * in the one HTML template (templates/html/layout.html.hbs) are escaped by
 * Handlebars' default escaping; the page body is HTML made from Markdown
 * whose every value was escaped (markdown.ts). Here: data embedded in a
 * script (`scriptJson`) and the generated-file banner inside a comment
 * (`commentText`).
 */

const commentEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * JSON that is safe inside <script> and in a JavaScript file: `<`, `>` and `&`
 * cannot close the script or open a comment, and U+2028/U+2029 (line
 * terminators in older JavaScript) cannot end a string literal.
 */
export function scriptJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Text inside a comment of a generated HTML, CSS or JavaScript file, on one
 * line: no line breaks, and nothing that can end the comment early (`-->`,
 * `--!>`, `*\/`) or open a nested one.
 */
export function commentText(value: unknown): string {
  return String(value ?? "")
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[<>&]/g, (c) => commentEntities[c]!)
    .replace(/-(?=-)/g, "-\u200b")
    .replace(/\*\//g, "*\u200b/");
}
