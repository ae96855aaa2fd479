/** `leadrules owners` in words (and as JSON): whether CODEOWNERS is as the policies call for, and its problems. */
import type { Diagnostic } from "../diagnostics/index.js";
import { textCell } from "../render/escape/text.js";
import { diagnosticsJson } from "./diagnostics-format.js";
import { jsonDocument } from "./json-document.js";

export function formatOwnersCheck(file: string, state: "missing" | "stale" | "current", problems: readonly string[]): string {
  const stale = state === "current" ? "" : `${file} is ${state}: run \`npx leadrules owners\` and commit it\n`;
  return stale + problems.map((p) => `error: ${textCell(p)}\n`).join("");
}

export function formatOwnersWarnings(problems: readonly string[]): string {
  return problems.map((p) => `warning: ${textCell(p)}\n`).join("");
}

/**
 * `owners --format json`: the file, whether it was missing, stale or current before this run, whether it
 * was written, and its problems; the outcome first, the diagnostics (policies with errors) last.
 */
export function formatOwnersJson(report: {
  ok: boolean;
  file: string;
  check: boolean;
  state: "missing" | "stale" | "current" | null;
  written: boolean;
  problems: readonly string[];
  diagnostics: readonly Diagnostic[];
}): string {
  return jsonDocument({
    ok: report.ok,
    check: report.check,
    file: report.file,
    state: report.state,
    written: report.written,
    problems: report.problems,
    ...diagnosticsJson(report.diagnostics),
  });
}
