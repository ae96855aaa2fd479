/**
 * Parses one YAML text safely: duplicate keys are errors, alias expansion is
 * bounded (alias bombs), values are read by the YAML 1.2 core schema whatever
 * the file asks for, and every problem becomes a located Diagnostic.
 */
import { LineCounter, parseDocument, isMap, type Document } from "yaml";
import type { Diagnostic } from "../diagnostics/index.js";
import { createSourceMap, type SourceMap } from "./source-map.js";

/** More aliases than any hand-written policy needs; far fewer than a bomb. */
export const maxAliasCount = 100;

export interface ParsedYaml {
  value: unknown;
  document: Document | undefined;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

export function parseYaml(file: string, text: string, options: { requireMapping?: boolean } = {}): ParsedYaml {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  // The core schema always: a `%YAML 1.1` directive would otherwise turn `0500` into 320 and `on` into true.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: "1.2", schema: "core" });
  const sourceMap = createSourceMap(file, document, lineCounter);
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  // After the first syntax error the parser's later complaints are mostly cascades of it.
  const firstSyntaxError = document.errors.find((e) => e.code !== "DUPLICATE_KEY");
  const reported = document.errors.filter((e) => e.code === "DUPLICATE_KEY" || e === firstSyntaxError);
  for (const error of reported) {
    const duplicate = error.code === "DUPLICATE_KEY";
    diagnostics.push({
      code: duplicate ? "yaml/duplicate-key" : "yaml/syntax",
      severity: "error",
      message: duplicate ? `duplicate key: ${describeKeyAt(text, error.pos[0])}` : firstLine(error.message),
      location: at(error.pos[0]),
      hint: duplicate
        ? "Each key may appear once in a mapping; remove or rename one of them."
        : "Fix the YAML syntax at this position (check indentation, quotes and colons).",
    });
  }
  const directive = document.directives?.yaml.explicit ? versionDirective.exec(text) : null;
  if (directive && directive[1] !== "1.2") {
    diagnostics.push({
      code: "yaml/version",
      severity: "error",
      message: `the file asks for YAML ${directive[1]}, but policies are read as YAML 1.2 only`,
      location: at(directive.index),
      hint: "Remove the `%YAML` line (and the `---` after it if nothing else needs it); in YAML 1.2 `on` is text and `0500` is 500.",
    });
  }
  if (diagnostics.length > 0) return { value: undefined, document, sourceMap, diagnostics };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const isAliasBomb = /alias/i.test(message);
    diagnostics.push({
      code: isAliasBomb ? "yaml/alias-limit" : "yaml/syntax",
      severity: "error",
      message: isAliasBomb ? `the file expands more than ${maxAliasCount} aliases` : firstLine(message),
      location: { file, line: 1, column: 1 },
      hint: isAliasBomb
        ? "Write the values out instead of nesting aliases; policies never need this many."
        : "Fix the YAML at this position.",
    });
    return { value: undefined, document, sourceMap, diagnostics };
  }

  if (options.requireMapping !== false && !isMap(document.contents)) {
    diagnostics.push({
      code: "yaml/not-a-mapping",
      severity: "error",
      message: `the document must be a mapping with apiVersion, kind, metadata and spec, got ${describeValue(value)}`,
      location: sourceMap.locate(""),
      hint: "Start the file with `apiVersion: leadrules/v1` and `kind: ...` at the top level.",
    });
  }
  return { value, document, sourceMap, diagnostics };
}

/** A `%YAML` directive line; the parser keeps only whether one was given. */
const versionDirective = /^%YAML[ \t]+(\S+)/m;

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function describeKeyAt(text: string, offset: number): string {
  const match = /^[^\s:]+|^"[^"]*"|^'[^']*'/.exec(text.slice(offset));
  return match ? `\`${match[0].replace(/^["']|["']$/g, "")}\`` : "a key";
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
