/**
 * XML element text and quoted attribute values (JUnit reports, the backtest's SVG charts and its HTML
 * report). Every value goes through `xmlText`, so no value can close an element, open a CDATA section's
 * end (`]]>` becomes `]]&gt;`), or hold a character XML 1.0 does not allow, which would make the whole
 * document unreadable to a CI's parser.
 */
import { escapeBidi } from "./bidi.js";

const xmlEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Characters XML 1.0 does not allow: C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF. */
const notXmlCharacters =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A value as XML or HTML element text or a quoted attribute value: markup characters as entities,
 * characters XML does not allow as U+FFFD (a parser refuses them even as character references),
 * bidirectional controls as escapes.
 */
export function xmlText(value: unknown): string {
  return escapeBidi(String(value ?? ""))
    .replace(notXmlCharacters, "\uFFFD")
    .replace(/[&<>"']/g, (c) => xmlEntities[c]!);
}
