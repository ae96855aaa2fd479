/**
 * Parses policy files and checks the envelope (apiVersion and kind) so later
 * stages know which schema applies. Returns data and diagnostics; never throws
 * for bad content.
 */
import { closest } from "fastest-levenshtein";
import type { Diagnostic } from "../diagnostics/index.js";
import { apiVersion, policyKinds, type PolicyKind, type PolicyDocument } from "../model/policy.js";
import { parseYaml } from "./parse-yaml.js";
import type { PolicyFile } from "./read-policy-files.js";
import type { LoadedPolicy, SourceMap } from "../model/loaded-policy.js";

export interface LoadResult {
  policies: LoadedPolicy[];
  diagnostics: Diagnostic[];
}

export function loadPolicies(files: readonly PolicyFile[]): LoadResult {
  const policies: LoadedPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  if (files.length === 0) {
    diagnostics.push({
      code: "policy/no-files",
      severity: "error",
      message: "no policy files (*.yaml) found",
      hint: "Point --policies at the folder holding your policy YAML files.",
    });
  }
  for (const { file, text } of files) {
    const parsed = parseYaml(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length > 0) continue;
    const value = parsed.value as Record<string, unknown>;
    const envelopeProblems = checkEnvelope(value, parsed.sourceMap);
    diagnostics.push(...envelopeProblems);
    if (envelopeProblems.length > 0) continue;
    policies.push({ file, text, document: value as unknown as PolicyDocument, sourceMap: parsed.sourceMap });
  }
  return { policies, diagnostics };
}

function checkEnvelope(value: Record<string, unknown>, sourceMap: SourceMap): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (value.apiVersion !== apiVersion) {
    problems.push({
      code: "policy/api-version",
      severity: "error",
      message:
        value.apiVersion === undefined
          ? "`apiVersion` is missing"
          : `unknown apiVersion ${JSON.stringify(value.apiVersion)}; this leadrules reads ${apiVersion}`,
      location: sourceMap.locate("/apiVersion"),
      hint: `Set \`apiVersion: ${apiVersion}\`.`,
    });
  }
  if (!policyKinds.includes(value.kind as PolicyKind)) {
    const suggestion = typeof value.kind === "string" ? closest(value.kind, [...policyKinds]) : undefined;
    problems.push({
      code: "policy/unknown-kind",
      severity: "error",
      message:
        value.kind === undefined
          ? "`kind` is missing"
          : `unknown kind ${JSON.stringify(value.kind)}; expected one of ${policyKinds.join(", ")}`,
      location: sourceMap.locate("/kind"),
      hint: suggestion ? `Did you mean \`${suggestion}\`?` : `Set \`kind\` to one of ${policyKinds.join(", ")}.`,
      ...(suggestion ? { suggest: [suggestion] } : {}),
    });
  }
  return problems;
}
