/**
 * A policy file as read: its text, the parsed document and where each node of
 * it sits in the text, so every later stage can point at a line and column.
 */
import type { SourceLocation } from "../diagnostics/index.js";
import type { PolicyDocument, PolicyKind } from "./policy.js";

export interface SourceMap {
  file: string;
  /** Location of the node at `pointer`; `key: true` points at the property name instead of its value. */
  locate(pointer: string, options?: { key?: boolean }): SourceLocation;
}

export interface LoadedPolicy<K extends PolicyKind = PolicyKind> {
  file: string;
  text: string;
  /** The parsed document; its spec is only trustworthy after schema validation. */
  document: PolicyDocument<K, any>;
  sourceMap: SourceMap;
}
