/** Loads a policy folder that must be valid, for tests of later stages. */
import type { PolicySet } from "../../src/index.js";
import { validatePolicyFiles } from "../../src/api/validate-policy-directory.js";
import { readPolicyFiles } from "../../src/load/read-policy-files.js";
import type { PolicyCache } from "../../src/api/policy-cache.js";
import { bundledPolicies } from "./policy-fixtures.js";

/**
 * The fixture sets tests only use (not the validation under test) are validated once per run and shared by
 * the test files through the product's own content-keyed cache, in the run's folder (global-setup.ts): the
 * bundled set's decision-logic analysis takes seconds, and dozens of files load it.
 */
const fixtureCache: PolicyCache | null = process.env.LEADRULES_FIXTURE_CACHE
  ? { folder: process.env.LEADRULES_FIXTURE_CACHE, buildId: "0".repeat(64) }
  : null;

/**
 * `allow` lists error codes the test expects (e.g. a decision-logic finding it is about). Only the policies
 * must be valid: a test may plant a broken test suite beside them (`validate` reports those).
 */
export function validSet(directory = bundledPolicies, allow: readonly string[] = []): PolicySet {
  const { set, diagnostics } = validatePolicyFiles(readPolicyFiles(directory), { cache: fixtureCache });
  const errors = diagnostics.filter((d) => d.severity === "error" && !allow.includes(d.code));
  if (errors.length > 0)
    throw new Error(
      `fixture policies are invalid:\n${errors.map((d) => `${d.location?.file}:${d.location?.line} ${d.message}`).join("\n")}`,
    );
  return set;
}

export const corpusAsOf = "2026-06-01T12:00:00.000Z";
