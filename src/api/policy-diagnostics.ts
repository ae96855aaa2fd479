/**
 * `validate`'s answer: every problem of a policy folder. A folder validated before by the same code is answered
 * from the policy cache without parsing a file or loading the validator (YAML, Ajv, the analysis); the
 * validator is only imported on a miss, so a warm `validate` starts in a fraction of the time.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { readPolicyFiles } from "../load/read-policy-files.js";
import { policyCacheKey, readPolicyCache } from "./policy-cache.js";
import type { PolicyValidationOptions } from "./validate-policy-directory.js";

export async function policyDirectoryDiagnostics(
  directory: string,
  options: PolicyValidationOptions = {},
): Promise<{ diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  const files = readPolicyFiles(directory);
  const sources = new Map(files.map((f) => [f.file, f.text]));
  const cache = options.cache;
  const known = cache && readPolicyCache(cache, policyCacheKey(cache.buildId, options.decisionLogic ?? "all", files));
  if (known) return { diagnostics: known.diagnostics, sources };
  const { validatePolicyFiles } = await import("./validate-policy-directory.js");
  return { diagnostics: validatePolicyFiles(files, options).diagnostics, sources };
}
