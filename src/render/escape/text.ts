/**
 * Plain text for terminals and CI logs (tables, `--format text`, explain,
 * validate). A value from a lead, a policy or a file name is shown on one
 * line: a newline in a lead id would split its table row and could show a
 * line that looks like leadrules' own ("change control: pass"). Control
 * characters are shown as their escapes: `\n`, `\r`, `\t`, other C0, DEL and
 * C1 controls as `\xHH` (ESC cannot reach the terminal), U+2028/U+2029 and
 * the bidirectional controls (bidi.ts) as `\uXXXX`. A backslash is not
 * doubled, so the rule is idempotent; a value that holds the two characters
 * `\n` reads the same as one holding a newline, and `--format json` is there
 * for the exact value.
 */
import { bidiControls, codeUnitEscape } from "./bidi.js";

const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const unsafe = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]|${bidiControls.source}`, "g");

/** One value (or one line of a text report) on one line, control characters visible. */
export function textCell(value: unknown): string {
  return String(value ?? "").replace(
    unsafe,
    (c) => named[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : codeUnitEscape(c)),
  );
}

/** A text report from its lines: each made one line by `textCell`, so no value can add a line. */
export function textLines(lines: readonly string[]): string {
  return lines.map(textCell).join("\n") + "\n";
}
