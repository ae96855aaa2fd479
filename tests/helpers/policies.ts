/** Loads a policy folder that must be valid, for tests of later stages. */
import { validatePolicyDirectory, type PolicySet } from "../../src/index.js";
import { bundledPolicies } from "./policy-fixtures.js";

/** `allow` lists error codes the test expects (e.g. a decision-logic finding it is about). */
export function validSet(directory = bundledPolicies, allow: readonly string[] = []): PolicySet {
  const { set, diagnostics } = validatePolicyDirectory(directory);
  const errors = diagnostics.filter((d) => d.severity === "error" && !allow.includes(d.code));
  if (errors.length > 0)
    throw new Error(
      `fixture policies are invalid:\n${errors.map((d) => `${d.location?.file}:${d.location?.line} ${d.message}`).join("\n")}`,
    );
  return set;
}

export const corpusAsOf = "2026-06-01T12:00:00.000Z";
