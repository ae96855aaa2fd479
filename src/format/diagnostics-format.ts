/**
 * Formatters for diagnostics: pure functions from diagnostics to text, picked
 * by name. The messages themselves are made in validate, not here.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { escapeControls } from "../render/escape/bidi.js";
import { annotationData, annotationProperty, neutraliseWorkflowCommands } from "../render/escape/ci-log.js";
import { textCell } from "../render/escape/text.js";
import { jsonDocument } from "./json-document.js";
import { formatSarif, type SarifTool } from "./sarif.js";

export interface DiagnosticFormatInput {
  diagnostics: readonly Diagnostic[];
  /** Policy texts by file, to show the offending line. */
  sources?: ReadonlyMap<string, string>;
  /** Show notes (severity info) in text output; they are always in json, github and sarif output. */
  verbose?: boolean;
  /** The tool and its docs, which SARIF names (the CLI reads them from package.json). */
  tool?: SarifTool;
  /** The policy folder, where SARIF shows diagnostics that name no file. */
  policies?: string;
}

export type DiagnosticFormatter = (input: DiagnosticFormatInput) => string;

export const diagnosticFormats = ["text", "json", "github", "sarif"] as const;
export type DiagnosticFormat = (typeof diagnosticFormats)[number];

function where(d: Diagnostic): string {
  const l = d.location;
  if (!l) return "(policy set)";
  return l.line ? `${l.file}:${l.line}:${l.column ?? 1}` : l.file;
}

function summaryLine(diagnostics: readonly Diagnostic[], verbose: boolean): string {
  const count = (severity: Diagnostic["severity"]) => diagnostics.filter((d) => d.severity === severity).length;
  const [errors, warnings, notes] = [count("error"), count("warning"), count("info")];
  const hidden = !verbose && notes > 0 ? `, ${notes} note${notes === 1 ? "" : "s"} (--verbose shows them)` : "";
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${hidden}`;
}

/** Human output: location, severity, code, message, the offending line and a hint. */
export const formatText: DiagnosticFormatter = ({ diagnostics, sources, verbose = false }) => {
  const shown = verbose ? diagnostics : diagnostics.filter((d) => d.severity !== "info");
  const blocks = shown.map((d) => {
    const lines = [`${where(d)} ${d.severity} ${d.code}: ${d.message}`];
    const text = d.location && sources?.get(d.location.file);
    if (text && d.location?.line) {
      const source = text.split(/\r?\n/)[d.location.line - 1];
      if (source !== undefined) {
        const gutter = String(d.location.line).padStart(4);
        lines.push(`${gutter} | ${source}`, `${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, (d.location.column ?? 1) - 1))}^`);
      }
    }
    if (d.hint) lines.push(`  hint: ${d.hint}`);
    if (d.witness) lines.push(`  witness lead (as of ${d.witness.asOf}): ${JSON.stringify(d.witness.lead)}`);
    if (d.witness?.sends) lines.push(`  witness send log: ${JSON.stringify(d.witness.sends)}`);
    // A file name or a quoted policy value cannot add a line.
    return lines.map(textCell).join("\n");
  });
  return [...blocks, summaryLine(diagnostics, verbose)].join("\n\n") + "\n";
};

/** One diagnostic as machine-readable data, keys in a fixed order: the shape of every command's `--format json`. */
export function diagnosticJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    file: d.location?.file ?? null,
    line: d.location?.line ?? null,
    column: d.location?.column ?? null,
    pointer: d.location?.pointer ?? null,
    ruleId: d.ruleId ?? null,
    message: d.message,
    hint: d.hint ?? null,
    suggest: d.suggest ?? [],
    witness: d.witness ?? null,
  };
}

/**
 * The diagnostics part of a JSON document: the list and its counts. `validate --format json` is this alone;
 * the other commands' JSON ends with it.
 */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]) {
  return {
    diagnostics: diagnostics.map(diagnosticJson),
    summary: {
      errors: diagnostics.filter((d) => d.severity === "error").length,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
    },
  };
}

/** Stable machine-readable output: fixed key order, no absolute paths. */
export const formatJson: DiagnosticFormatter = ({ diagnostics }) => jsonDocument(diagnosticsJson(diagnostics));

/**
 * GitHub shows at most 10 annotations of each level (error, warning, notice) per step, and drops the rest
 * without a word. So a level with more than 10 gets 9 annotations on their lines and a 10th that says how
 * many more there are; those are plain lines of the log, where nothing is dropped.
 */
export const annotationsPerLevel = 10;

/** GitHub Actions workflow commands, so problems appear on the PR's lines (at most `annotationsPerLevel` of each level). */
export const formatGithub: DiagnosticFormatter = ({ diagnostics }) => {
  const levelOf = (d: Diagnostic) => (d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice");
  const total = new Map<string, number>();
  for (const d of diagnostics) total.set(levelOf(d), (total.get(levelOf(d)) ?? 0) + 1);
  const shown = new Map<string, number>();
  const annotations: string[] = [];
  const inLog: string[] = [];
  for (const d of diagnostics) {
    const level = levelOf(d);
    const n = (shown.get(level) ?? 0) + 1;
    shown.set(level, n);
    const where = d.location?.file
      ? `${d.location.file}${d.location.line ? `:${d.location.line}` : ""}${d.location.column ? `:${d.location.column}` : ""}: `
      : "";
    if (total.get(level)! > annotationsPerLevel && n >= annotationsPerLevel) {
      inLog.push(`${level} ${where}${d.code}: ${d.message}`.replace(/\s*[\r\n]+\s*/g, " ") + "\n");
      continue;
    }
    const props = [
      d.location?.file ? `file=${annotationProperty(d.location.file)}` : undefined,
      d.location?.line ? `line=${d.location.line}` : undefined,
      d.location?.column ? `col=${d.location.column}` : undefined,
      `title=${annotationProperty(d.code)}`,
    ].filter(Boolean);
    annotations.push(`::${level} ${props.join(",")}::${annotationData(d.message + (d.hint ? `\n${d.hint}` : ""))}\n`);
  }
  for (const [level, count] of total) {
    if (count <= annotationsPerLevel) continue;
    const more = count - annotationsPerLevel + 1;
    annotations.push(
      `::${level} title=leadrules::${annotationData(`${more} more ${level}s than GitHub shows as annotations: they are in this step's log, one per line`)}\n`,
    );
  }
  // The log lines are printed beside the annotations, past the CLI's guard: they are guarded here.
  return annotations.join("") + escapeControls(neutraliseWorkflowCommands(inLog.join("")));
};

/** Warnings under a passing check's "ok" line (`run`): indented, one line each. */
export function formatWarningList(warnings: readonly Diagnostic[]): string {
  return warnings.map((w) => `  warning ${w.location?.file}:${w.location?.line}: ${w.message}\n`).join("");
}

export const diagnosticFormatters: Record<DiagnosticFormat, DiagnosticFormatter> = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
  sarif: ({ diagnostics, tool, policies }) => {
    if (!tool || policies === undefined) throw new Error("the sarif format needs the tool's version and docs and the policy folder");
    return formatSarif({ diagnostics, tool, policies });
  },
};
