/**
 * Mermaid diagrams in the generated docs (the nurture flowcharts): GitHub
 * draws them from a fenced `mermaid` block; the site shows the same block as
 * code (HTML-escaped by `marked`). A value from a policy is only ever a
 * quoted label (`"..."`), and in it every character but letters, digits,
 * spaces and `.,:()'/_-` is written as Mermaid's entity code `#NNN;`
 * (decimal): a quote cannot end the label, a bracket, `|`, `;`, `%%` or
 * `-->` cannot start syntax, `#` cannot start an entity of its own, `<` or
 * `&` cannot become HTML where Mermaid renders labels as HTML, and a
 * backtick or tilde cannot close the Markdown fence around the diagram.
 * Line breaks become spaces (a label is one line); bidirectional and
 * terminal controls show as escapes first (bidi.ts), like every other output.
 *
 * Syntax leadrules writes itself is a `Mermaid` value; the `mermaid` template
 * tag quotes and escapes every interpolated value that is not, so a diagram
 * built with it is escaped by construction.
 */
import { escapeControls } from "./bidi.js";

/** Mermaid source leadrules wrote itself (node ids, arrows, shapes around escaped labels). */
export class Mermaid {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

/** Characters that mean nothing to Mermaid (or Markdown around it) inside a quoted label. */
const plain = /[\p{L}\p{N} .,:()'/_-]/u;

/** A value as a quoted Mermaid label: one line, nothing but plain characters and entity codes. */
export function mermaidLabel(value: unknown): Mermaid {
  const text = escapeControls(String(value ?? "")).replace(/\r\n|[\r\n\u2028\u2029]/g, " ");
  let label = "";
  for (const c of text) label += plain.test(c) ? c : `#${c.codePointAt(0)};`;
  return new Mermaid(`"${label}"`);
}

/** A node id of leadrules' own making (`t1s2`): never policy text, so it is checked, not escaped. */
export function mermaidId(id: string): Mermaid {
  if (!/^[a-z][a-z0-9]*$/.test(id)) throw new Error(`not a Mermaid node id of leadrules' own: ${JSON.stringify(id)}`);
  return new Mermaid(id);
}

/** Mermaid from a template literal: the literal parts are leadrules' own syntax, every interpolated value a quoted label unless it is `Mermaid`. */
export function mermaid(strings: TemplateStringsArray, ...values: unknown[]): Mermaid {
  let source = strings[0]!;
  values.forEach((value, i) => {
    source += (value instanceof Mermaid ? value.source : mermaidLabel(value).source) + strings[i + 1]!;
  });
  return new Mermaid(source);
}
