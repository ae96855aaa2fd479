/**
 * load -> schema -> cross-reference checks: every problem in a policy set, as
 * sorted diagnostics, plus the schema-valid policy set later stages use.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/index.js";
import { decisionLogic, type DecisionLogicScope } from "./decision-logic.js";
import { loadPolicies } from "../load/load-policies.js";
import type { LoadedPolicy } from "../model/loaded-policy.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import { buildFactCatalogue } from "../model/facts.js";
import { buildPolicySet, type PolicySet } from "../model/policy-set.js";
import { checks } from "../analyse/checks/index.js";
import { schemaValidator } from "../validate/schemas.js";
import { convertSchemaErrors } from "../validate/schema-errors.js";

export interface ValidationResult {
  set: PolicySet;
  diagnostics: Diagnostic[];
}

/**
 * The decision-logic findings of the last few policy sets, by their files' text: one process validating the
 * same policies again (`run`, a library caller, a test suite) does not redo a search of seconds. The analysis
 * is deterministic, so a remembered answer is the answer.
 */
const logicFindings = new Map<string, Diagnostic[]>();

export interface ValidateOptions {
  /** `"errors"` runs only the decision-logic checks that can find an error (see decision-logic.ts). */
  decisionLogic?: DecisionLogicScope;
  /** Hears the decision-logic findings when the analysis ran (to cache them); not called when other errors stopped it. */
  onFindings?: (findings: readonly Diagnostic[]) => void;
}

export function validatePolicies(files: readonly PolicyFile[], options: ValidateOptions = {}): ValidationResult {
  const loaded = loadPolicies(files);
  const diagnostics = [...loaded.diagnostics];
  const valid: LoadedPolicy[] = [];
  for (const policy of loaded.policies) {
    const validate = schemaValidator(policy.document.kind);
    if (validate(policy.document)) valid.push(policy);
    else diagnostics.push(...convertSchemaErrors(validate.errors ?? [], policy.document, policy.sourceMap));
  }
  diagnostics.push(...checkKinds(loaded.policies, loaded.diagnostics.length > 0));
  const set = buildPolicySet(valid);
  const facts = buildFactCatalogue(set);
  for (const check of checks) diagnostics.push(...check.check({ set, facts }));
  // Decision logic needs a policy set that is otherwise sound: it reasons about the rules' meaning.
  if (!hasErrors(diagnostics)) {
    const key = `${options.decisionLogic ?? "all"}\0${files.map((f) => `${f.file}\0${f.text}`).join("\0")}`;
    let findings = logicFindings.get(key);
    if (!findings) {
      findings = decisionLogic({ set, facts }, options.decisionLogic);
      logicFindings.set(key, findings);
      if (logicFindings.size > 8) logicFindings.delete(logicFindings.keys().next().value!);
    }
    options.onFindings?.(findings);
    diagnostics.push(...structuredClone(findings));
  }
  return { set, diagnostics: sortDiagnostics(diagnostics) };
}

/** One policy per kind, and a data dictionary to type-check against. */
function checkKinds(policies: readonly LoadedPolicy[], someFilesUnreadable: boolean): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Map<string, LoadedPolicy>();
  for (const policy of [...policies].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const kind = policy.document.kind;
    const first = seen.get(kind);
    if (first) {
      problems.push({
        code: "policy/duplicate-kind",
        severity: "error",
        message: `a second ${kind} policy; ${first.file} already defines one`,
        location: policy.sourceMap.locate("/kind"),
        hint: `Keep one ${kind} per policy set: merge the two files.`,
      });
    } else seen.set(kind, policy);
  }
  // A dictionary that failed to parse is already reported; do not call it missing.
  if (policies.length > 0 && !someFilesUnreadable && !seen.has("DataDictionary")) {
    problems.push({
      code: "policy/missing-dictionary",
      severity: "error",
      message: "no DataDictionary policy in this set",
      hint: "Add a data dictionary (kind: DataDictionary) that defines every field the rules read.",
    });
  }
  return problems;
}
