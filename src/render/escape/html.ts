/**
 * HTML output (the auditors' static site). Text goes into element content and
 * quoted attribute values through `escapeHtml`; data embedded in a <script>
 * goes through `scriptJson`; the generated-file banner inside an HTML comment
 * goes through `commentText`.
 */

const htmlEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;", "=": "&#61;" };

/** Text for element content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"'`=]/g, (c) => htmlEntities[c]!);
}

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
    .replace(/[<>&]/g, (c) => htmlEntities[c]!)
    .replace(/-(?=-)/g, "-\u200b")
    .replace(/\*\//g, "*\u200b/");
}
