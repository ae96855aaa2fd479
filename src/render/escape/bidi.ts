/**
 * Bidirectional controls, the one definition every output context uses.
 * They are invisible and change the order in which the text around them is
 * shown ("Trojan Source"): a lead id or a policy description holding U+202E
 * can make a table row, a PR comment or a page of the auditors' site read
 * differently from what it says. The embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) reach to the end of a line or paragraph;
 * the marks (U+200E, U+200F, U+061C) are included too: their only job is to
 * move the neutral characters beside them, and they are just as invisible.
 *
 * Each is shown as its escape, `\u202E`: it is visible, reads as what it is
 * to anyone who knows JSON, JavaScript or YAML escapes, is the same notation
 * the text-cell rule uses for control characters (`\n`, `\x00`), and inside
 * a JSON string on stdout it is the same character written another way, so
 * the guard at the output boundary loses no data of `--format json`.
 */

export const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `\uXXXX` for one UTF-16 code unit (upper-case hex, as the Unicode names it). */
export function codeUnitEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Control characters other than tab and line breaks (ESC, BEL, NUL, DEL and the C1 range): in a CSV cell
 * or a Markdown table on a terminal they would run escape sequences (retitle the window, clear the screen).
 * Contexts that keep line breaks as data show these as escapes too.
 */
export const terminalControls = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g;

/** Text with every bidirectional and terminal control (not tab and line breaks) shown as its escape. */
export function escapeControls(text: string): string {
  return escapeBidi(text).replace(terminalControls, codeUnitEscape);
}

/** Text with every bidirectional control shown as its escape. */
export function escapeBidi(text: string): string {
  return text.replace(bidiControls, codeUnitEscape);
}
