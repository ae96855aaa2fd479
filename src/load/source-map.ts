/**
 * Turns a JSON pointer into a 1-based line:column in the YAML text, through the
 * yaml package's node ranges and LineCounter. A pointer to a node that does not
 * exist (a missing property) falls back to the nearest existing parent.
 */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document, type Node } from "yaml";
import type { SourceMap } from "../model/loaded-policy.js";

export function parsePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function createSourceMap(file: string, doc: Document | undefined, lineCounter: LineCounter): SourceMap {
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    file,
    locate(pointer, options = {}) {
      const segments = parsePointer(pointer);
      let node: Node | null | undefined = doc?.contents as Node | null | undefined;
      let keyNode: Node | undefined;
      let found = 0;
      for (const segment of segments) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
          if (!pair) break;
          keyNode = pair.key as Node;
          node = pair.value as Node | null;
          if (!node) {
            node = keyNode;
            found++;
            break;
          }
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (!item) break;
          keyNode = undefined;
          node = item;
        } else {
          break;
        }
        found++;
      }
      const exact = found === segments.length;
      const target = exact && options.key && keyNode ? keyNode : node;
      const offset = target?.range?.[0] ?? 0;
      return { file, pointer: exact ? pointer : "/" + segments.slice(0, found).join("/"), ...position(offset) };
    },
  };
}
