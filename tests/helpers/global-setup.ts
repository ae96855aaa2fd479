/**
 * One folder per test run for the validated fixture sets `validSet` reads (tests/helpers/policies.ts):
 * created before the workers start (they inherit the variable), removed after the run. The suite's own
 * checks still validate every time (LEADRULES_CACHE=off); only the fixtures a test merely uses are shared.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), "leadrules-fixture-sets-"));
  process.env.LEADRULES_FIXTURE_CACHE = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
