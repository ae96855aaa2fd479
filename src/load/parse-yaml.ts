/**
 * Parses one YAML text safely: duplicate keys are errors, alias expansion is
 * bounded (alias bombs), nesting is bounded, values are read by the YAML 1.2
 * core schema whatever the file asks for (no other tags), and every problem
 * becomes a located Diagnostic.
 */
import { Lexer, LineCounter, parseDocument, isMap, isCollection, isPair, isNode, type Document } from "yaml";
import type { Diagnostic } from "../diagnostics/index.js";
import { createSourceMap } from "./source-map.js";
import type { SourceMap } from "../model/loaded-policy.js";

/** More aliases than any hand-written policy needs; far fewer than a bomb. */
export const maxAliasCount = 100;

/**
 * Deeper than any policy (conditions nest a handful of levels); far shallower
 * than the depth at which the YAML parser runs out of stack.
 */
export const maxNesting = 100;

/** The YAML 1.2 core schema's tags; any other (`!custom`, `!!binary`, `!!set`) would be ignored or read as something else. */
const coreTags = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export interface ParsedYaml {
  value: unknown;
  document: Document | undefined;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

export function parseYaml(file: string, text: string, options: { requireMapping?: boolean } = {}): ParsedYaml {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const nestingProblem = (offset: number): ParsedYaml => ({
    value: undefined,
    document: undefined,
    sourceMap: createSourceMap(file, undefined, lineCounter),
    diagnostics: [
      {
        code: "yaml/nesting",
        severity: "error",
        message: `nesting deeper than ${maxNesting} levels`,
        location: { file, ...positionOf(text, offset) },
        hint: "Policies nest a few levels; flatten the lists and mappings here.",
      },
    ],
  });
  // Checked on the tokens first: the parser recurses per flow level and would run out of stack.
  const deepFlow = deepFlowCollection(text);
  if (deepFlow !== null) return nestingProblem(deepFlow);
  // The core schema always: a `%YAML 1.1` directive would otherwise turn `0500` into 320 and `on` into true.
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    version: "1.2",
    schema: "core",
  });
  const sourceMap = createSourceMap(file, document, lineCounter);
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const exhausted = document.errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhausted) return nestingProblem(exhausted.pos[0]);
  const deepNode = deepCollection(document);
  if (deepNode !== null) return nestingProblem(deepNode);

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
  for (const { tag, offset } of foreignTags(document, text)) {
    diagnostics.push({
      code: "yaml/tag",
      severity: "error",
      message: `the tag ${tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag} is not part of the YAML 1.2 core schema policies are read with`,
      location: at(offset),
      hint: "Remove the tag: write the value as plain text, a number, true/false, a list or a mapping (`!!str` quotes a value if needed).",
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

/** The offset of the first flow `[` or `{` opened deeper than maxNesting, by the lexer's flat tokens (quoted text and comments are single tokens). */
function deepFlowCollection(text: string): number | null {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > maxNesting) return offset;
    } else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
    // Control characters mark token kinds and occupy no source.
    if (!/^[\x00-\x1f]$/.test(token) || token === "\n" || token === "\t") offset += token.length;
  }
  return null;
}

/** The offset of the first collection nested deeper than maxNesting (block indentation included), walked without recursion. */
function deepCollection(document: Document): number | null {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > maxNesting) return node.range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return null;
}

/** Explicit tags outside the core schema, at the tag itself (the node's range starts after it). */
function foreignTags(document: Document, text: string): { tag: string; offset: number }[] {
  const found: { tag: string; offset: number }[] = [];
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    if (node.tag && !coreTags.has(node.tag)) {
      const start = node.range?.[0] ?? 0;
      // The tag's last `!`, then back to the start of its token (`!!binary`, `!e!x`).
      let bang = text.lastIndexOf("!", start);
      while (bang > 0 && !/[\s[{,]/.test(text[bang - 1]!)) bang--;
      found.push({ tag: node.tag, offset: bang >= 0 && !text.slice(bang, start).includes("\n") ? bang : start });
    }
    if (isCollection(node)) for (const item of node.items) stack.push(...(isPair(item) ? [item.key, item.value] : [item]));
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Line and column (1-based) of an offset, for problems found before the parser counted lines. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
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
