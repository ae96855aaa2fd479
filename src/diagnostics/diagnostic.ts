/**
 * The one problem shape every stage reports: a YAML syntax error, a schema
 * violation, an unknown fact, a bad CSV row and a failed policy test all become
 * a Diagnostic, so every formatter and exit-code decision works on one type.
 */
import type { DiagnosticCode } from "./codes.js";

export type Severity = "error" | "warning" | "info";

/** Where a problem is. Lines and columns are 1-based everywhere. */
export interface SourceLocation {
  /** Relative POSIX path, as the user would type it. */
  file: string;
  /** JSON pointer to the offending node ("" for the whole document). */
  pointer?: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** What is wrong, in words a marketing-ops person understands. */
  message: string;
  location?: SourceLocation;
  /** How to fix it. */
  hint?: string;
  /** Candidate replacements ("did you mean"), best first. */
  suggest?: string[];
  /** The policy rule (scoring rule, routing rule...) the problem is about. */
  ruleId?: string;
  /**
   * What the problem is about when that is no place in a file: the policy a version gate names, the audit
   * area of a limit or a check that did not run, the queue or field of an audit finding.
   */
  subject?: string;
  /**
   * A concrete lead that shows the problem (decision-logic findings), confirmed by the simulator; for a nurture
   * finding past a program's first step, the send log rows it needs (each sent at `asOf`), for `nurture --sends`.
   */
  witness?: { asOf: string; lead: Record<string, unknown>; sends?: WitnessSendRow[] };
}

/** One row of a witness's send log, in the columns `leadrules nurture --sends` reads. */
export interface WitnessSendRow {
  lead: string;
  program: string;
  step: string;
  channel: string;
  sent_at: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The one comparator for diagnostics: file, line, column, severity, code, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.location?.file ?? "", b.location?.file ?? "") ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  );
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
