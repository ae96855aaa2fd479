/**
 * A check is one small named rule over the shared analysis context.
 */
import type { Diagnostic, DiagnosticCode } from "../diagnostics/index.js";
import type { LoadedPolicy } from "../model/loaded-policy.js";
import type { FactCatalogue } from "../model/facts.js";
import type { PolicySet } from "../model/policy-set.js";

export interface CheckContext {
  set: PolicySet;
  facts: FactCatalogue;
}

export interface Check {
  /** Short name, used in docs and tests. */
  name: string;
  description: string;
  codes: DiagnosticCode[];
  check(ctx: CheckContext): Diagnostic[];
}

/** A located error about one node of one policy. */
export function problemAt(
  policy: LoadedPolicy,
  pointer: string,
  code: DiagnosticCode,
  message: string,
  hint?: string,
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  return {
    code,
    severity: "error",
    message,
    location: policy.sourceMap.locate(pointer),
    ...(hint ? { hint } : {}),
    ...extra,
  };
}

/** "an email", "a picklist": messages are read by people, not parsers. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}
