/**
 * Diagnostics as SARIF 2.1.0 (`validate --format sarif`), the log GitHub code scanning reads: one run,
 * the tool with one rule per diagnostic code used (its description from the closed list and a link to
 * its heading in docs/diagnostics.md), one result per diagnostic. Deterministic: results in the one
 * diagnostic order, rules by code, no times, absolute paths or run ids. docs/decisions.md says why the
 * log is shaped so.
 */
import {
  diagnosticCodes,
  diagnosticDocAnchor,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from "../diagnostics/index.js";
import { jsonDocument } from "./json-document.js";

/** Who wrote the log: the driver of its run. */
export interface SarifTool {
  version: string;
  /** The tool's home page. */
  informationUri: string;
  /** Where docs/diagnostics.md is read, without an anchor: each rule's help is its heading there. */
  diagnosticsUri: string;
}

export const sarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

const levels: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export interface SarifInput {
  diagnostics: readonly Diagnostic[];
  tool: SarifTool;
  /**
   * The policy folder, as the user gave it: where a diagnostic that names no file (a set without a
   * dictionary, an empty folder) is shown, since code scanning refuses a result without a location.
   */
  policies: string;
}

export function formatSarif({ diagnostics, tool, policies }: SarifInput): string {
  const sorted = sortDiagnostics(diagnostics);
  const codes = [...new Set(sorted.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  return jsonDocument({
    $schema: sarifSchemaUri,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "leadrules",
            version: tool.version,
            informationUri: tool.informationUri,
            rules: codes.map((code) => rule(code, tool)),
          },
        },
        columnKind: "utf16CodeUnits",
        results: sorted.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code)!,
          level: levels[d.severity],
          message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
          locations: [location(d, policies)],
        })),
      },
    ],
  });
}

function rule(code: DiagnosticCode, tool: SarifTool) {
  return {
    id: code,
    shortDescription: { text: diagnosticCodes[code] },
    helpUri: `${tool.diagnosticsUri}#${diagnosticDocAnchor(code)}`,
  };
}

function location(d: Diagnostic, policies: string) {
  const file = d.location?.file;
  const line = d.location?.line;
  return {
    physicalLocation: {
      artifactLocation: { uri: file ? artifactUri(file) : `${artifactUri(policies)}/` },
      // SARIF lines and columns start at 1; a diagnostic without a line is about the whole file.
      ...(file && line !== undefined && line >= 1
        ? { region: { startLine: line, startColumn: Math.max(1, d.location?.column ?? 1) } }
        : {}),
    },
  };
}

/**
 * A repository-relative path as a relative URI reference: forward slashes, no `./`, each segment
 * percent-encoded (a space, `#` or `%` in a file name cannot change what the URI names). A lone surrogate,
 * which no URI can encode, becomes U+FFFD first.
 */
export function artifactUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .split("/")
    .map(encodeURIComponent)
    .join("/");
}
