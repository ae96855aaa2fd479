import { ExitCode } from "../diagnostics/index.js";
import { textCell } from "../render/escape/text.js";
import { findDrift } from "../write/drift.js";
import type { CliIo } from "./io.js";

/** Prints what is stale in a generated folder; exit 1 when anything is. */
export function reportDrift(directory: string, files: ReadonlyMap<string, string>, fix: string, io: CliIo): number {
  const drift = findDrift(directory, files);
  if (drift.length === 0) {
    io.stdout(`${directory} is up to date (${files.size} files)\n`);
    return ExitCode.ok;
  }
  for (const d of drift) io.stderr(`${d.state}: ${textCell(`${directory}/${d.file}`)}\n`);
  io.stderr(`${directory} does not match the policies: run \`${fix}\` and commit the result\n`);
  return ExitCode.policyFailure;
}
